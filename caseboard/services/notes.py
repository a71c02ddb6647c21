"""Notes on cases, people and meetings, optionally restricted to named
organizations. A restricted note leaks nowhere: it is not on the case
timeline, in counts or in any list, and reading one is audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import (
    Case,
    Meeting,
    Note,
    NoteSubject,
    Organization,
    Person,
    RoundStop,
    User,
)
from caseboard.permissions import current_organization_ids
from caseboard.services.audit import record
from caseboard.services.errors import ServiceError, required

MAX_NOTE = 10_000
SUBJECTS: dict[type, NoteSubject] = {
    Case: NoteSubject.CASE,
    Person: NoteSubject.PERSON,
    Meeting: NoteSubject.MEETING,
    RoundStop: NoteSubject.STOP,
}


def subject_type(subject: Any) -> NoteSubject:
    return SUBJECTS[type(subject)]


def record_restricted_view(viewer: User, subject: Any, notes: list[Note]) -> bool:
    """One audit event for reading the restricted notes among ``notes``;
    False (and nothing written) when there are none."""
    restricted = [note.id for note in notes if note.is_restricted]
    if restricted:
        record(
            viewer,
            "view_restricted",
            subject,
            {"notes": [None, restricted]},
            label=f"Restricted notes on {_label(subject)}",
        )
    return bool(restricted)


def add_note(
    actor: User, subject: Any, body: str, restricted_to: list[Organization]
) -> Note:
    body = required(body, "A note needs some text.", "body")
    if len(body) > MAX_NOTE:
        raise ServiceError(f"A note is at most {MAX_NOTE:,} characters.", "body")
    if restricted_to and not actor.is_admin:
        mine = current_organization_ids(actor)
        if not mine & {organization.id for organization in restricted_to}:
            raise ServiceError(
                "Include one of your own organizations, or you could not read "
                "the note yourself.",
                "restricted_to",
            )
    note = Note(
        subject_type=subject_type(subject),
        subject_id=subject.id,
        body=body,
        author_id=actor.id,
        restricted_to=list(restricted_to),
    )
    db.session.add(note)
    db.session.flush()
    # The event names the subject, never the text of a restricted note, so
    # the audit trail's readers learn no more than they may.
    record(
        actor,
        "create",
        note,
        {
            "subject": [None, f"{note.subject_type} {subject.id}"],
            "restricted_to": [None, [o.name for o in restricted_to]],
            "body": [None, None if restricted_to else body],
        },
        label=f"Note on {_label(subject)}",
    )
    return note


def delete_note(actor: User, note: Note) -> None:
    record(
        actor,
        "delete",
        note,
        {"body": [None if note.is_restricted else note.body, None]},
        label=f"Note on {note.subject_type} {note.subject_id}",
    )
    db.session.delete(note)
    db.session.flush()


def subject_of(note: Note) -> Any:
    model: type[Any] = {value: key for key, value in SUBJECTS.items()}[
        note.subject_type
    ]
    return db.session.scalar(select(model).where(model.id == note.subject_id))


def _label(subject: Any) -> str:
    return str(
        getattr(subject, "title", None)
        or getattr(subject, "full_name", "")
        or getattr(subject, "label", "")
        or subject
    )
