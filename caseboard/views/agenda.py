"""A meeting's agenda while it is prepared and run: items, their notes,
decisions and action items, and agenda suggestions. The routes belong to the
meetings blueprint (their endpoints are ``meetings.*``)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from caseboard.extensions import db
from caseboard.forms.meetings import DecisionForm, NotesForm
from caseboard.loaders import (
    load_case,
    load_child,
    load_meeting,
    load_optional,
    load_organization,
    load_person,
    load_picked,
)
from caseboard.models import Meeting, Task
from caseboard.permissions import can_edit_case, can_run_meeting, require
from caseboard.queries import meetings as meeting_queries
from caseboard.services import agenda
from caseboard.unit_of_work import attempt
from caseboard.views.meetings import (
    action_form,
    back_to_meeting,
    bp,
    item_form,
    run_page,
    show_page,
)
from caseboard.views.posting import flash_form_errors, post_form
from caseboard.words import plural


@bp.route("/<int:meeting_id>/items", methods=["POST"])
def add_item(meeting_id: int):
    meeting = load_meeting(meeting_id)
    require(can_run_meeting(current_user, meeting))
    form = item_form(meeting)
    if form.validate_on_submit():
        if meeting.case_id and form.case_id.data not in (None, meeting.case_id):
            form.case_id.errors = [OTHER_CASE]
            return _refused_item(meeting, form)
        if not attempt(lambda: _add_item(meeting, form), form=form):
            return _refused_item(meeting, form)
        return redirect(back_to_meeting(meeting_id, "#agenda"))
    return _refused_item(meeting, form)


OTHER_CASE = "A case's meeting discusses that case; use a coalition meeting for others."


def _add_item(meeting: Meeting, form):
    return agenda.add_agenda_item(
        current_user,
        meeting,
        title=form.title.data,
        case=load_optional(load_case, form.case_id.data),
        presenter=load_optional(load_person, form.presenter_id.data),
        minutes=form.minutes.data,
    )


def _refused_item(meeting: Meeting, form):
    """The page the form was on, again, with its errors and what was typed."""
    if back_to_meeting(meeting.id).endswith("/run"):
        return run_page(meeting, refused_item=form)
    return show_page(meeting, form)


def _load_item(meeting_id: int, item_id: int):
    """An agenda item the viewer may see (404 for one about a hidden case)."""
    meeting = load_meeting(meeting_id)
    require(can_run_meeting(current_user, meeting))
    agenda, _ = meeting_queries.agenda_for(current_user, meeting)
    return meeting, load_child([entry.item for entry in agenda], item_id)


@bp.route("/<int:meeting_id>/items/<int:item_id>/move", methods=["POST"])
def move_item(meeting_id: int, item_id: int):
    _, item = _load_item(meeting_id, item_id)
    step = -1 if request.form.get("up") else 1
    attempt(lambda: agenda.move_agenda_item(current_user, item, step))
    return redirect(back_to_meeting(meeting_id, "#agenda"))


@bp.route("/<int:meeting_id>/items/<int:item_id>/remove", methods=["POST"])
def remove_item(meeting_id: int, item_id: int):
    _, item = _load_item(meeting_id, item_id)
    attempt(lambda: agenda.remove_agenda_item(current_user, item))
    return redirect(back_to_meeting(meeting_id, "#agenda"))


@bp.route("/<int:meeting_id>/items/<int:item_id>/status", methods=["POST"])
def item_status(meeting_id: int, item_id: int):
    _, item = _load_item(meeting_id, item_id)
    status = request.form.get("status", "")
    if status not in ("open", "done"):
        abort(400)
    attempt(lambda: agenda.set_item_status(current_user, item, status))
    return redirect(back_to_meeting(meeting_id, f"#item-{item_id}"))


@bp.route("/<int:meeting_id>/items/<int:item_id>/notes", methods=["POST"])
def item_notes(meeting_id: int, item_id: int):
    """Autosaved as the note-taker types (htmx answers a small status line);
    a plain form post without JavaScript."""
    _, item = _load_item(meeting_id, item_id)
    if "notes" not in request.form:
        abort(400)  # an empty box sends "", a form without the box is not ours
    form = NotesForm()
    conflict = None
    if form.validate_on_submit() and _save_notes(item, form).lost_race:
        item = load_child(load_meeting(meeting_id).items, item_id)
        conflict = item.notes
    if request.headers.get("HX-Request") == "true":
        return render_template(
            "meetings/_saved.html", item=item, conflict=conflict, errors=form.errors
        )
    if conflict is not None:
        flash(
            "Someone else changed these notes meanwhile; yours were not saved. "
            f"Theirs: {conflict[:500]}",
            "warning",
        )
    elif form.errors:
        flash_form_errors(form, "The notes were not saved")
    return redirect(back_to_meeting(meeting_id, f"#item-{item_id}"))


def _save_notes(item, form):
    return attempt(
        lambda: agenda.update_agenda_notes(
            current_user,
            item,
            notes=form.notes.data or "",
            expected_version=form.version.data,
        ),
        lost_race=None,
    )


@bp.route("/<int:meeting_id>/items/<int:item_id>/decisions", methods=["POST"])
def add_decision(meeting_id: int, item_id: int):
    _, item = _load_item(meeting_id, item_id)
    form = DecisionForm()
    post_form(
        form,
        lambda: agenda.add_decision(
            current_user, item, form.text.data, form.review_on.data
        ),
        invalid="The decision was not recorded",
    )
    return redirect(back_to_meeting(meeting_id, f"#item-{item_id}"))


@bp.route("/<int:meeting_id>/items/<int:item_id>/actions", methods=["POST"])
def add_action(meeting_id: int, item_id: int):
    """A task from the meeting; refused, the run screen comes back with the
    errors beside the fields and what was typed kept."""
    meeting, item = _load_item(meeting_id, item_id)
    form = action_form(meeting, item)
    if not form.validate_on_submit():
        return run_page(meeting, refused_action=(item.id, form))
    case = item.case or meeting.case
    if case is None and form.case_id.data:
        case = load_case(form.case_id.data)
    if case is not None and not can_edit_case(current_user, case):
        form.form_errors.append(
            f"You cannot add tasks to “{case.title}”: its coordinator or a "
            "partner on it can. Record it as a decision instead."
        )
    elif outcome := _add_action(item, case, form):
        task = outcome.value
        flash(f"Action item “{task.title}” is now a task on {task.case.title}.", "info")
        return redirect(back_to_meeting(meeting_id, f"#item-{item_id}"))
    return run_page(meeting, refused_action=(item.id, form))


def _add_action(item, case, form):
    return attempt(
        lambda: agenda.add_action_item(
            current_user,
            item,
            title=form.title.data,
            case=case,
            due_on=form.due_on.data,
            **load_picked(form, assignee=load_person, organization=load_organization),
        ),
        form=form,
    )


@bp.route("/<int:meeting_id>/suggest", methods=["GET", "POST"])
def suggest(meeting_id: int):
    meeting = load_meeting(meeting_id, meeting_queries.meeting_page_options())
    require(can_run_meeting(current_user, meeting))
    suggestions = meeting_queries.suggest_agenda(current_user, meeting)
    if request.method == "GET":
        return render_template(
            "meetings/suggest.html", meeting=meeting, suggestions=suggestions
        )
    if not FlaskForm().validate_on_submit():
        abort(400)
    picked = [s for s in suggestions if s.key in set(request.form.getlist("pick"))]
    if attempt(lambda: _add_suggested(meeting, picked)):
        flash(f"Added {plural(len(picked), 'item')} to the agenda.", "info")
    return redirect(url_for(".show", meeting_id=meeting_id) + "#agenda")


def _add_suggested(meeting: Meeting, picked: list) -> None:
    for suggestion in picked:
        task = db.session.get(Task, suggestion.task_id) if suggestion.task_id else None
        agenda.add_agenda_item(
            current_user,
            meeting,
            title=suggestion.title[:200],
            notes=f"Suggested: {suggestion.reason}.",
            case=load_optional(load_case, suggestion.case_id),
            task=task,
            minutes=5 if task else 10,
        )
