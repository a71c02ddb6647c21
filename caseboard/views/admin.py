from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from caseboard.extensions import db
from caseboard.forms import choices as options
from caseboard.forms.cases import ProblemTypeForm
from caseboard.forms.common import values
from caseboard.forms.users import EditUserForm, NewUserForm
from caseboard.loaders import load_case, load_organization, load_person, load_user
from caseboard.models import Case, Person, User
from caseboard.permissions import (
    can_manage_problem_types,
    can_manage_users,
    require,
    visible_users,
)
from caseboard.queries.paging import id_or_none, page_number
from caseboard.queries.problem_types import problem_type_usage
from caseboard.services import audit as audit_trail
from caseboard.services import reads as record_reads
from caseboard.services.account import reset_second_factor
from caseboard.services.problem_types import add_problem_type
from caseboard.services.users import create_user, unlock_user, update_user
from caseboard.unit_of_work import attempt
from caseboard.views import signed_in_and
from caseboard.views.editing import Edit, create_page

bp = Blueprint("admin", __name__, url_prefix="/admin")


bp.before_request(signed_in_and(can_manage_users))  # administrators only


@bp.route("/users")
def users():
    query = (
        visible_users(current_user)
        .join(User.person)
        .options(joinedload(User.person))
        .order_by(User.active.desc(), func.lower(Person.full_name))
    )
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("admin/users.html", page=page)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    person_id = id_or_none(request.args.get("person"))
    person = load_person(person_id) if person_id else None
    form = _new_user_form()
    if request.method == "GET" and person is not None:
        form.email.data = person.email
    return create_page(
        form,
        lambda form: _create_user(form, person),
        done=lambda _: url_for(".users"),
        template="admin/user_form.html",
        person=person,
        user=None,
    )


def _new_user_form() -> NewUserForm:
    form = NewUserForm()
    options.fill(
        form.organization_id,
        current_user,
        "organizations",
        SelectChoice(0, "— choose —"),
    )
    return form


def _create_user(form: NewUserForm, person: Person | None) -> User:
    organization = None
    if person is None and form.organization_id.data:
        organization = load_organization(form.organization_id.data)
    return create_user(
        current_user,
        email=form.email.data,
        password=form.password.data,
        person=person,
        full_name=form.full_name.data,
        organization=organization,
        title=form.title.data,
        site_role=form.site_role.data,
    )


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id: int):
    user = load_user(user_id)
    form = EditUserForm(obj=user)
    edit = Edit(form, reload=lambda: load_user(user_id), saved_values=_saved_user)
    return edit.answer(
        edit.update(update_user, user, lambda: _user_values(form)),
        done=url_for(".users"),
        template="admin/user_form.html",
        person=user.person,
        user=user,
    )


USER_FIELDS = ("email", "site_role", "active")


def _user_values(form: EditUserForm) -> dict:
    return {
        "new_password": form.new_password.data or None,
        **values(form, USER_FIELDS),
    }


def _saved_user(user: User) -> dict:
    return {name: getattr(user, name) for name in USER_FIELDS}


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
def unlock(user_id: int):
    """Lift a sign-in lockout before it runs out."""
    user = load_user(user_id)
    if attempt(lambda: unlock_user(current_user, user)):
        flash(f"{user.name} can sign in again.", "info")
    return redirect(url_for(".edit_user", user_id=user_id))


@bp.route("/users/<int:user_id>/second-factor/reset", methods=["POST"])
def reset_factor(user_id: int):
    """For someone who lost both their phone and their recovery codes."""
    user = load_user(user_id)
    if attempt(lambda: reset_second_factor(current_user, user)):
        flash(
            f"{user.name}'s second factor is cleared and their sessions ended; "
            "they set up a new one when they next sign in.",
            "info",
        )
    return redirect(url_for(".edit_user", user_id=user_id))


@bp.route("/problem-types", methods=["GET", "POST"])
def problem_types():
    require(can_manage_problem_types(current_user))
    form = ProblemTypeForm()
    if form.validate_on_submit() and attempt(
        lambda: add_problem_type(current_user, form.name.data), form=form
    ):
        flash(f"Added the problem type “{form.name.data}”.", "info")
        return redirect(url_for(".problem_types"))
    return render_template(
        "admin/problem_types.html", form=form, types=problem_type_usage()
    )


@bp.route("/audit")
def audit():
    """The whole trail, filtered by the query string (administrators only, as
    the whole blueprint)."""
    query = audit_trail.AuditQuery.from_args(request.args)
    return render_template(
        "admin/audit.html",
        query=query,
        page=audit_trail.trail_page(query),
        choices=audit_trail.filter_choices(),
    )


@bp.route("/reads")
def reads():
    """Who opened a person's or a case's pages (CASEBOARD_AUDIT_READS). The
    record is named in the query string, ?person= or ?case=, so this page
    answers only to administrators (403 for anyone else, like the rest of
    the blueprint) and is no probe of which ids exist."""
    subject: Person | Case
    if person_id := id_or_none(request.args.get("person")):
        kind, subject = "person", load_person(person_id)
    elif case_id := id_or_none(request.args.get("case")):
        kind, subject = "case", load_case(case_id)
    else:
        abort(404)
    return render_template(
        "admin/reads.html",
        kind=kind,
        subject=subject,
        page=record_reads.reads_page(kind, subject.id, page_number(request.args)),
        recording=record_reads.recording(),
    )
