from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from caseboard.forms import choices as options
from caseboard.forms.common import values
from caseboard.forms.contacts import ContactForm, TieForm
from caseboard.loaders import load_case, load_optional, load_person
from caseboard.permissions import can_log_contact, require
from caseboard.queries.paging import id_or_none
from caseboard.services.contacts import declare_tie, log_interaction
from caseboard.unit_of_work import attempt
from caseboard.views import require_login, safe_next
from caseboard.views.posting import post_form

bp = Blueprint("contacts", __name__)
bp.before_request(require_login)


@bp.route("/contacts/new", methods=["GET", "POST"])
def new():
    """Log a contact in seconds: from a person's page, a case page or a phone."""
    require(can_log_contact(current_user))
    form = _contact_form()
    back = safe_next(
        request.args.get("next"),
        url_for("people.show", person_id=current_user.person_id),
    )
    if form.validate_on_submit() and attempt(
        lambda: log_interaction(
            current_user,
            occurred_on=form.occurred_on.data,
            kind=form.kind.data,
            people=[load_person(pid) for pid in form.people.data],
            case=load_optional(load_case, form.case_id.data),
            notes=form.notes.data,
        ),
        form=form,
    ):
        flash("Contact logged.", "info")
        return redirect(back)
    return render_template("contacts/new.html", form=form, back=back)


def _contact_form() -> ContactForm:
    """Opened from a person's or a case's page, it starts with them."""
    form = ContactForm()
    if request.method == "GET":
        person_id = id_or_none(request.args.get("person"))
        form.people.data = [current_user.person_id, *([person_id] if person_id else [])]
        form.case_id.data = id_or_none(request.args.get("case"))
    # After the data is set: a picker keeps the chosen values.
    options.fill_people(form.people, current_user)
    form.people.render_kw = {**(form.people.render_kw or {}), "data-chips": "1"}
    options.fill(form.case_id, current_user, "cases", options.NONE)
    return form


@bp.route("/people/<int:person_id>/ties", methods=["POST"])
def add_tie(person_id: int):
    person = load_person(person_id)
    require(can_log_contact(current_user))
    form = TieForm()
    options.fill_people(form.other_id, current_user)
    post_form(
        form,
        lambda: declare_tie(
            current_user,
            person,
            load_person(form.other_id.data),
            **values(form, ("kind", "since", "notes")),
        ),
        invalid="The relationship was not recorded",
        done="Relationship recorded.",
    )
    return redirect(url_for("people.show", person_id=person_id) + "#ties")
