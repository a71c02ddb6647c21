from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from caseboard.forms.common import lines, values
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
from caseboard.queries import asks as ask_queries
from caseboard.queries import cases as case_queries
from caseboard.queries import organizations as organization_queries
from caseboard.queries.meetings import follow_through
from caseboard.services.organizations import create_organization, update_organization
from caseboard.services.people import set_administrator
from caseboard.unit_of_work import attempt
from caseboard.views import add_picker, require_login
from caseboard.views.editing import Edit, create_page, page_of

bp = Blueprint("organizations", __name__, url_prefix="/organizations")
bp.before_request(require_login)
add_picker(bp, "organizations")

FIELDS = ("name", "kind", "description", "website", "phone", "email", "address")


def _saved_values(organization) -> dict:
    values = {name: getattr(organization, name) for name in FIELDS}
    values["services"] = [s.name for s in organization.services]
    return values


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
    return create_page(
        form,
        lambda form: create_organization(
            current_user, services=lines(form.services.data), **values(form, FIELDS)
        ),
        done=page_of("organization_id"),
        template="organizations/form.html",
        organization=None,
    )


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
        asks_on=ask_queries.asks_on(current_user, organization_id=organization.id),
    )


@bp.route("/<int:organization_id>/edit", methods=["GET", "POST"])
def edit(organization_id: int):
    organization = load_organization(organization_id)
    require(can_edit_organization(current_user, organization))
    form = _edit_form(organization)
    edit = Edit(
        form,
        reload=lambda: load_organization(organization_id),
        saved_values=_saved_values,
    )
    return edit.answer(
        edit.update(
            update_organization,
            organization,
            lambda: {"services": lines(form.services.data), **values(form, FIELDS)},
        ),
        template="organizations/form.html",
        organization=organization,
    )


def _edit_form(organization) -> EditOrganizationForm:
    form = EditOrganizationForm(obj=organization)
    # A post without the field keeps the services (WTForms would fall back to
    # the list of rows: a 500, found by tests/test_fuzz.py).
    if request.method == "GET" or "services" not in request.form:
        form.services.data = "\n".join(s.name for s in organization.services)
    return form


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
    attempt(lambda: set_administrator(current_user, membership, administrator))
    return redirect(url_for(".show", organization_id=organization_id))
