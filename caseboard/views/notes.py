"""Adding and deleting notes on cases, people and meetings, and the notes
section each of their pages shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from caseboard.views import add_post_rule, require_login

bp = Blueprint("notes", __name__)
bp.before_request(require_login)


@dataclass(frozen=True)
class Subject:
    """What notes can be on: its loader, its page (where a note's form sends
    the browser back to), the page's id keyword, and the URL its notes are added at."""

    loader: Callable[[int], Any]
    page: str
    key: str
    rule: str


SUBJECTS = {
    NoteSubject.CASE: Subject(
        load_case, "cases.show", "case_id", "/cases/<int:case_id>/notes"
    ),
    NoteSubject.PERSON: Subject(
        load_person, "people.show", "person_id", "/people/<int:person_id>/notes"
    ),
    NoteSubject.MEETING: Subject(
        load_meeting, "meetings.show", "meeting_id", "/meetings/<int:meeting_id>/notes"
    ),
    NoteSubject.STOP: Subject(
        load_stop, "rounds.stop", "stop_id", "/rounds/stops/<int:stop_id>/notes"
    ),
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
        "note_action": url_for(f"notes.add_{kind}", **{SUBJECTS[kind].key: subject.id}),
    }


def _audited_notes(subject: Any) -> list[Note]:
    notes = note_queries.notes_for(current_user, subject)
    service.record_restricted_view(current_user, subject, notes)
    return notes


def _add(kind: NoteSubject, **path_values: Any):
    """Add a note to the subject the path names (``case_id=3``)."""
    spec = SUBJECTS[kind]
    subject = spec.loader(path_values[spec.key])
    require(can_add_note(current_user))
    form = NoteForm()
    options.fill(form.restricted_to, current_user, "organizations")
    back = url_for(spec.page, **path_values) + "#notes"
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


# notes.add_case, notes.add_person, notes.add_meeting, notes.add_stop
for _kind, _spec in SUBJECTS.items():
    add_post_rule(bp, _spec.rule, f"add_{_kind}", _add, kind=_kind)


@bp.route("/notes/<int:note_id>/delete", methods=["POST"])
def delete(note_id: int):
    """404 unless the viewer may see the note and its subject; 403 unless
    they wrote it (or administer)."""
    note = db.session.get(Note, note_id) or abort(404)
    spec = SUBJECTS[note.subject_type]
    spec.loader(note.subject_id)
    if not can_see_note(current_user, note):
        abort(404)
    require(can_delete_note(current_user, note))
    if attempt(lambda: service.delete_note(current_user, note)):
        flash("Note deleted.", "info")
    path_values: dict[str, Any] = {spec.key: note.subject_id}
    return redirect(url_for(spec.page, **path_values) + "#notes")


__all__ = ["bp", "notes_section"]
