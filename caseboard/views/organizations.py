from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from caseboard.extensions import db
from caseboard.forms.common import add_service_error, lines
from caseboard.forms.organizations import (
    EditOrganizationForm,
    OrganizationForm,
)
from caseboard.loaders import load_child, load_organization
from caseboard.permissions import (
    can_create_organization,
    can_edit_organization,
    require,
    require_can_manage_members,
)
from caseboard.services import case_lists, choices, directory
from caseboard.services.errors import ServiceError
from caseboard.services.meetings import follow_through
from caseboard.services.organizations import create_organization, update_organization
from caseboard.services.people import set_administrator
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
    query = directory.OrganizationQuery.from_args(request.args)
    page = directory.organizations_page(current_user, query)
    counts = directory.current_member_counts([o.id for o in page.items])
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
    members = directory.organization_members(organization)
    return render_template(
        "organizations/show.html",
        organization=organization,
        members=members,
        cases=case_lists.cases_of_organization(current_user, organization.id),
        follow_through=follow_through([organization.id]).get(organization.id),
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


ADMINISTRATOR = "/<int:organization_id>/members/<int:membership_id>/administrator"


@bp.route(ADMINISTRATOR, methods=["POST"])
def grant_administrator(organization_id: int, membership_id: int):
    return _set_administrator(organization_id, membership_id, True)


@bp.route(f"{ADMINISTRATOR}/revoke", methods=["POST"])
def revoke_administrator(organization_id: int, membership_id: int):
    return _set_administrator(organization_id, membership_id, False)


def _set_administrator(organization_id: int, membership_id: int, administrator: bool):
    organization = load_organization(organization_id)
    membership = load_child(organization.memberships, membership_id)
    require_can_manage_members(current_user, organization)
    try:
        set_administrator(current_user, membership, administrator)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for(".show", organization_id=organization_id))
