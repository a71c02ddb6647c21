"""Adding and deleting notes on cases, people and meetings, and the notes
section each of their pages shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.forms import choices as options
from caseboard.forms.common import first_error
from caseboard.forms.notes import NoteForm
from caseboard.loaders import load_case, load_meeting, load_person, load_stop
from caseboard.models import Note, NoteSubject, Organization
from caseboard.permissions import (
    can_add_note,
    can_delete_note,
    can_see_note,
    require,
)
from caseboard.queries import notes as note_queries
from caseboard.services import notes as service
from caseboard.unit_of_work import attempt, write_during_read
from caseboard.views import require_login

bp = Blueprint("notes", __name__)
bp.before_request(require_login)

LOADERS: dict[NoteSubject, tuple[Callable[[int], Any], str, str]] = {
    NoteSubject.CASE: (load_case, "cases.show", "case_id"),
    NoteSubject.PERSON: (load_person, "people.show", "person_id"),
    NoteSubject.MEETING: (load_meeting, "meetings.show", "meeting_id"),
    NoteSubject.STOP: (load_stop, "rounds.stop", "stop_id"),
}


def notes_section(subject: Any) -> dict[str, Any]:
    """Template values for ``notes/_section.html``. Reading restricted notes
    is audited, so this writes on a read request (see ``write_during_read``)."""
    notes = note_queries.notes_for(current_user, subject)
    if any(note.is_restricted for note in notes):
        notes = write_during_read(lambda: _audited_notes(subject))
    form = NoteForm()
    options.fill(form.restricted_to, current_user, "organizations")
    kind = service.subject_type(subject)
    return {
        "notes": notes,
        "note_form": form,
        "note_action": url_for(f"notes.add_{kind}", **{LOADERS[kind][2]: subject.id}),
    }


def _audited_notes(subject: Any) -> list[Note]:
    notes = note_queries.notes_for(current_user, subject)
    service.record_restricted_view(current_user, subject, notes)
    return notes


def _add(kind: NoteSubject, subject_id: int):
    loader, endpoint, key = LOADERS[kind]
    subject = loader(subject_id)
    require(can_add_note(current_user))
    form = NoteForm()
    options.fill(form.restricted_to, current_user, "organizations")
    path_values: dict[str, Any] = {key: subject_id}  # url_for types its own keywords
    back = url_for(endpoint, **path_values) + "#notes"
    if not form.validate():
        flash(first_error(form) or "The note could not be saved.", "error")
        return redirect(back)
    chosen = db.session.scalars(
        select(Organization).where(Organization.id.in_(form.restricted_to.data))
    ).all()
    if attempt(
        lambda: service.add_note(current_user, subject, form.body.data, list(chosen))
    ):
        flash("Note added.", "info")
    return redirect(back)


@bp.route("/cases/<int:case_id>/notes", methods=["POST"])
def add_case(case_id: int):
    return _add(NoteSubject.CASE, case_id)


@bp.route("/people/<int:person_id>/notes", methods=["POST"])
def add_person(person_id: int):
    return _add(NoteSubject.PERSON, person_id)


@bp.route("/meetings/<int:meeting_id>/notes", methods=["POST"])
def add_meeting(meeting_id: int):
    return _add(NoteSubject.MEETING, meeting_id)


@bp.route("/rounds/stops/<int:stop_id>/notes", methods=["POST"])
def add_stop(stop_id: int):
    return _add(NoteSubject.STOP, stop_id)


@bp.route("/notes/<int:note_id>/delete", methods=["POST"])
def delete(note_id: int):
    """404 unless the viewer may see the note and its subject; 403 unless
    they wrote it (or administer)."""
    note = db.session.get(Note, note_id) or abort(404)
    loader, endpoint, key = LOADERS[note.subject_type]
    loader(note.subject_id)
    if not can_see_note(current_user, note):
        abort(404)
    require(can_delete_note(current_user, note))
    if attempt(lambda: service.delete_note(current_user, note)):
        flash("Note deleted.", "info")
    path_values: dict[str, Any] = {key: note.subject_id}
    return redirect(url_for(endpoint, **path_values) + "#notes")


__all__ = ["bp", "notes_section"]
