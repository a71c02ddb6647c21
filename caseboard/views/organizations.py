from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from caseboard.extensions import db
from caseboard.forms import choices
from caseboard.forms.common import add_service_error, lines
from caseboard.forms.organizations import (
    EditOrganizationForm,
    OrganizationForm,
)
from caseboard.loaders import load_organization
from caseboard.permissions import (
    can_create_organization,
    can_edit_organization,
    require,
)
from caseboard.queries import cases as case_queries
from caseboard.queries import organizations as organization_queries
from caseboard.queries.meetings import follow_through
from caseboard.services.errors import ServiceError
from caseboard.services.organizations import create_organization, update_organization
from caseboard.views import require_login
from caseboard.views.editing import save_edit

bp = Blueprint("organizations", __name__, url_prefix="/organizations")
bp.before_request(require_login)

FIELDS = ("name", "kind", "description", "website", "phone", "email", "address")


def _values(form: OrganizationForm) -> dict:
    return {name: form[name].data for name in FIELDS}


def _saved_values(organization) -> dict:
    values = {name: getattr(organization, name) for name in FIELDS}
    values["services"] = [s.name for s in organization.services]
    return values


@bp.route("/options")
def options_matching():
    """The type-ahead picker's matches for ``?q=``."""
    found = choices.matching(current_user, "organizations", request.args.get("q", ""))
    return {"options": [{"value": oid, "label": name} for oid, name in found]}


@bp.route("")
def index():
    query = organization_queries.OrganizationQuery.from_args(request.args)
    page = organization_queries.organizations_page(current_user, query)
    counts = organization_queries.current_member_counts([o.id for o in page.items])
    return render_template(
        "organizations/index.html", page=page, query=query, member_counts=counts
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    require(can_create_organization(current_user))
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            organization = create_organization(
                current_user, services=lines(form.services.data), **_values(form)
            )
            db.session.commit()
            return redirect(url_for(".show", organization_id=organization.id))
        except ServiceError as error:
            db.session.rollback()
            add_service_error(form, error)
    return render_template("organizations/form.html", form=form, organization=None)


@bp.route("/<int:organization_id>")
def show(organization_id: int):
    organization = load_organization(organization_id)
    members = organization_queries.organization_members(organization)
    return render_template(
        "organizations/show.html",
        organization=organization,
        members=members,
        cases=case_queries.cases_of_organization(current_user, organization.id),
        follow_through=follow_through(current_user, [organization.id]).get(
            organization.id
        ),
    )


@bp.route("/<int:organization_id>/edit", methods=["GET", "POST"])
def edit(organization_id: int):
    organization = load_organization(organization_id)
    require(can_edit_organization(current_user, organization))
    form = EditOrganizationForm(obj=organization)
    # A post without the field keeps the services (WTForms would fall back to
    # the list of rows: a 500, found by tests/test_fuzz.py).
    if request.method == "GET" or "services" not in request.form:
        form.services.data = "\n".join(s.name for s in organization.services)
    conflict = None
    if form.validate_on_submit():
        outcome = save_edit(
            form,
            save=lambda: update_organization(
                current_user,
                organization,
                expected_version=form.version.data,
                services=lines(form.services.data),
                **_values(form),
            ),
            reload=lambda: load_organization(organization_id),
            saved_values=_saved_values,
        )
        if outcome is True:
            return redirect(url_for(".show", organization_id=organization_id))
        conflict = outcome or None
    return render_template(
        "organizations/form.html",
        form=form,
        organization=organization,
        conflict=conflict,
    )
