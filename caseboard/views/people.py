from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from caseboard.forms import choices as options
from caseboard.forms.common import values
from caseboard.forms.contacts import TieForm
from caseboard.forms.people import (
    EditPersonForm,
    EndMembershipForm,
    MembershipForm,
    NewPersonForm,
)
from caseboard.loaders import load_child, load_optional, load_organization, load_person
from caseboard.models import Membership, Person
from caseboard.network.explain import METRIC_MEANINGS
from caseboard.network.stored import stored_metrics
from caseboard.network.ties import ties_of_person
from caseboard.permissions import (
    can_create_person,
    can_edit_person,
    can_end_membership,
    can_manage_any_members,
    can_see_contact_details,
    require,
    require_can_manage_members,
)
from caseboard.queries import asks as ask_queries
from caseboard.queries import cases as case_queries
from caseboard.queries import people as people_queries
from caseboard.queries import tasks as task_queries
from caseboard.queries.paging import id_or_none, page_number
from caseboard.services import audit
from caseboard.services.people import (
    add_membership,
    create_person,
    end_membership,
    update_person,
)
from caseboard.unit_of_work import attempt
from caseboard.views import add_picker, require_login
from caseboard.views.editing import Edit, create_page, page_of
from caseboard.views.notes import notes_section

bp = Blueprint("people", __name__, url_prefix="/people")
bp.before_request(require_login)
add_picker(bp, "people")

FIELDS = ("full_name", "email", "phone", "address", "notes")


CONTACT_FIELDS = ("email", "phone", "address")


def _saved_values(person) -> dict:
    hidden = () if can_see_contact_details(current_user, person) else CONTACT_FIELDS
    return {name: getattr(person, name) for name in FIELDS if name not in hidden}


def _without_hidden_details(form, person):
    """An editor who may not see the person's contact details neither sees
    nor changes them: the fields leave the form."""
    if not can_see_contact_details(current_user, person):
        for name in CONTACT_FIELDS:
            if name in form:
                del form[name]
    return form


def _with_organizations(form, blank: str | None = None):
    leading = SelectChoice(0, blank) if blank else None
    options.fill(form.organization_id, current_user, "organizations", leading)
    return form


@bp.route("")
def index():
    query = people_queries.PersonQuery.from_args(request.args)
    page = people_queries.people_page(current_user, query)
    return render_template("people/index.html", page=page, query=query)


@bp.route("/new", methods=["GET", "POST"])
def new():
    require(can_create_person(current_user))
    form = _with_organizations(NewPersonForm(), blank="— none yet —")
    if request.method == "GET":
        form.organization_id.data = id_or_none(request.args.get("organization")) or 0
    return create_page(
        form,
        lambda form: create_person(
            current_user,
            organization=_organization_to_join(form.organization_id.data),
            title=form.title.data,
            started_on=form.started_on.data,
            **values(form, FIELDS),
        ),
        done=page_of("person_id"),
        template="people/form.html",
        person=None,
    )


def _organization_to_join(organization_id: int | None):
    """The organization a new position names, if the user may place people
    in it: a position opens that organization's restricted work."""
    organization = load_optional(load_organization, organization_id)
    if organization is not None:
        require_can_manage_members(current_user, organization)
    return organization


@bp.route("/<int:person_id>")
def show(person_id: int):
    # The positions table reads every membership and its organization.
    positions = selectinload(Person.memberships).joinedload(Membership.organization)
    person = load_person(person_id, (positions,))
    return _show(person, _with_organizations(MembershipForm()))


def _tie_form() -> TieForm:
    form = TieForm()
    options.fill_people(form.other_id, current_user)
    return form


def _show(person, membership_form, status=200):
    page = render_template(
        "people/show.html",
        person=person,
        membership_form=membership_form,
        end_form=EndMembershipForm(),
        cases=case_queries.cases_of_person(current_user, person.id),
        tasks=task_queries.open_tasks_of_person(current_user, person.id),
        ties=ties_of_person(person.id, viewer=current_user),
        network=stored_metrics(current_user, people=[person.id]),
        meanings=METRIC_MEANINGS,
        tie_form=_tie_form(),
        asks_on=ask_queries.asks_on(current_user, person_id=person.id),
        **notes_section(person),
    )
    return page, status


@bp.route("/<int:person_id>/history")
def history(person_id: int):
    """The audit events of the person's record, for whoever may see them."""
    person = load_person(person_id)
    page = audit.person_history(person, page_number(request.args), current_user)
    return render_template("people/history.html", person=person, page=page)


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
def edit(person_id: int):
    person = load_person(person_id)
    require(can_edit_person(current_user, person))
    form = _without_hidden_details(EditPersonForm(obj=person), person)
    edit = Edit(form, reload=lambda: load_person(person_id), saved_values=_saved_values)
    return edit.answer(
        edit.update(update_person, person, lambda: values(form, FIELDS)),
        template="people/form.html",
        person=person,
    )


@bp.route("/<int:person_id>/memberships", methods=["POST"])
def add_membership_view(person_id: int):
    person = load_person(person_id)
    require(can_manage_any_members(current_user))
    form = _with_organizations(MembershipForm())
    if form.validate_on_submit():
        organization = _organization_to_join(form.organization_id.data)
        if attempt(
            lambda: add_membership(
                current_user,
                person,
                organization,
                title=form.title.data,
                started_on=form.started_on.data,
                ended_on=form.ended_on.data,
            ),
            form=form,
        ):
            flash(
                f"Added {organization.name} to {person.full_name}'s positions.", "info"
            )
            return redirect(url_for(".show", person_id=person_id))
    return _show(person, form)


@bp.route("/<int:person_id>/memberships/<int:membership_id>/end", methods=["POST"])
def end_membership_view(person_id: int, membership_id: int):
    person = load_person(person_id)
    membership = load_child(person.memberships, membership_id)
    require(can_end_membership(current_user, membership))
    form = EndMembershipForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(f"Could not end the position: {errors[0]}", "error")
    elif attempt(lambda: end_membership(current_user, membership, form.ended_on.data)):
        flash(f"Ended the position at {membership.organization.name}.", "info")
    return redirect(url_for(".show", person_id=person_id))
