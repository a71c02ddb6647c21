"""Writing the audit trail."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar, cast

from flask import g, has_request_context, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, or_, select, true
from sqlalchemy.orm import joinedload

from caseboard.clock import coalition_zone
from caseboard.extensions import db
from caseboard.inputs import parse_date
from caseboard.models import AuditEvent, Case, Note, NoteSubject, Person, Task, User
from caseboard.models.base import utcnow
from caseboard.permissions import visible_notes
from caseboard.queries.paging import (
    contains,
    id_or_none,
    page_number,
    paginate,
    search_text,
)

Created = TypeVar("Created")

# Never written to the trail, whatever the caller passes.
SECRET_FIELDS = frozenset(
    {
        "password",
        "password_hash",
        "session_generation",
        "totp_secret",
        "totp_last_step",
        "recovery_codes",
        "code_hash",
    }
)


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def apply_changes(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set each attribute that differs and return ``{field: [before, after]}``."""
    changes: dict[str, list[Any]] = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changes[field] = [jsonable(old), jsonable(new)]
            setattr(obj, field, new)
    return changes


def is_secret(field: str) -> bool:
    # The suffixes catch a secret column added later under a new name.
    return field in SECRET_FIELDS or field.endswith(("_hash", "_token", "_secret"))


def record(
    actor: User | None,
    action: str,
    obj: Any,
    changes: dict[str, Any] | None = None,
    label: str | None = None,
    *,
    object_type: str | None = None,
) -> AuditEvent:
    """Add one event for ``action`` on ``obj`` (flushed with the caller's work).

    ``obj`` may be None for what is not one row (an export, an import), named
    by ``object_type`` instead. The event is chained by hash at the flush
    (``caseboard.models.audit``).
    """
    db.session.flush()  # so a new object has its id
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type or obj.__tablename__,
        object_id=obj.id if obj is not None else None,
        object_label=(label or str(getattr(obj, "name", "") or obj or ""))[:300],
        changes={
            k: jsonable(v) for k, v in (changes or {}).items() if not is_secret(k)
        },
    )
    if has_request_context():
        if token_name := g.get("api_token_name"):
            # A write through the API names the token it came with.
            event.changes = {**event.changes, "api_token": [None, token_name]}
        event.request_id = g.get("request_id")
        event.ip = request.remote_addr
    db.session.add(event)
    return event


def record_created(
    actor: User | None,
    obj: Created,
    changes: dict[str, Any] | None = None,
    label: str | None = None,
) -> Created:
    """Add a new row to the session and record its creation (flushed: it has
    its id). Gives the row back, for the service to return."""
    db.session.add(obj)
    record(actor, "create", obj, changes, label)
    return obj


def record_import(
    actor: User | None, data: bytes, counts: dict[str, Any], label: str
) -> None:
    """The import of a file, besides an event per record it wrote: its
    ``counts`` (what it held, what it wrote) and the file's digest, which ties
    the trail to the spreadsheet someone kept. Flushed."""
    changes = {name: [None, value] for name, value in counts.items()}
    changes["file_sha256"] = [None, hashlib.sha256(data).hexdigest()]
    record(actor, "import", None, changes, label=label, object_type="imports")
    db.session.flush()


def record_update(
    actor: User | None, obj: Any, changes: dict[str, Any], label: str | None = None
) -> AuditEvent:
    """An edit that changed ``obj``: it is marked updated now (which moves
    its version too) and the trail shows what changed."""
    obj.updated_at = utcnow()
    return record(actor, "update", obj, changes, label=label)


# Reading the trail -------------------------------------------------------------


def _parse_date(value: Any) -> date | None:
    return parse_date(value)


def _start_of(day: date) -> datetime:
    """The UTC moment the coalition's calendar ``day`` begins."""
    return datetime.combine(day, time.min, tzinfo=coalition_zone()).astimezone(UTC)


@dataclass(frozen=True)
class AuditQuery:
    """The filters of /admin/audit, read from its query string."""

    actor: str = ""  # a user id, "system" (no user) or "" (anyone)
    action: str = ""
    object_type: str = ""
    object_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> AuditQuery:
        """Anything unreadable is ignored, so a hand-edited URL shows more."""
        actor = args.get("actor", "")
        return cls(
            actor=actor if actor == "system" or id_or_none(actor) else "",
            action=args.get("action", "").strip()[:40],
            object_type=args.get("type", "").strip()[:40],
            object_id=id_or_none(args.get("object")),
            date_from=_parse_date(args.get("from")),
            date_to=_parse_date(args.get("to")),
            text=search_text(args),
            page=page_number(args),
        )

    def statement(self) -> Select[AuditEvent]:
        statement = select(AuditEvent)
        if self.actor == "system":
            statement = statement.where(AuditEvent.actor_id.is_(None))
        elif self.actor:
            statement = statement.where(AuditEvent.actor_id == int(self.actor))
        if self.action:
            statement = statement.where(AuditEvent.action == self.action)
        if self.object_type:
            statement = statement.where(AuditEvent.object_type == self.object_type)
        if self.object_id:
            statement = statement.where(AuditEvent.object_id == self.object_id)
        if self.date_from:
            statement = statement.where(
                AuditEvent.occurred_at >= _start_of(self.date_from)
            )
        if self.date_to:  # the whole of that day
            statement = statement.where(
                AuditEvent.occurred_at < _start_of(self.date_to + timedelta(days=1))
            )
        if self.text:
            statement = statement.where(contains(AuditEvent.object_label, self.text))
        return statement


def _newest_first(statement: Select[AuditEvent], page: int) -> Pagination:
    # Ids follow the chain, so they order events even within one microsecond.
    return paginate(
        statement.options(
            joinedload(AuditEvent.actor).joinedload(User.person)
        ).order_by(AuditEvent.id.desc()),
        page,
    )


def trail_page(query: AuditQuery) -> Pagination:
    return _newest_first(query.statement(), query.page)


def filter_choices() -> dict[str, Sequence[Any]]:
    """The actions, object types and actors that occur, for the filter form."""
    actors = db.session.execute(
        select(User.id, Person.full_name)
        .join(User.person)
        .where(User.id.in_(select(AuditEvent.actor_id).distinct()))
        .order_by(func.lower(Person.full_name))
    ).all()
    return {
        "actions": list(
            db.session.scalars(
                select(AuditEvent.action).distinct().order_by(AuditEvent.action)
            )
        ),
        "object_types": list(
            db.session.scalars(
                select(AuditEvent.object_type)
                .distinct()
                .order_by(AuditEvent.object_type)
            )
        ),
        "actors": actors,
    }


def case_history(case: Case, page: int, viewer: User) -> Pagination:
    """The case's own events and those of its tasks, as ``viewer`` may see them.

    Roles, places, responses, SARA notes and comments are recorded on the case
    itself, so they are here too; meetings have their own pages."""
    tasks = select(Task.id).where(Task.case_id == case.id)
    about_case = (AuditEvent.object_type == Case.__tablename__) & (
        AuditEvent.object_id == case.id
    )
    return _newest_first(
        select(AuditEvent).where(
            or_(
                about_case,
                (AuditEvent.object_type == Task.__tablename__)
                & AuditEvent.object_id.in_(tasks),
            ),
            _not_about_hidden_notes(viewer, case),
        ),
        page,
    )


def person_history(person: Person, page: int, viewer: User) -> Pagination:
    """The person's events: their record and their positions. Their sign-in
    account's events (users) are for administrators, at /admin/audit."""
    return _newest_first(
        select(AuditEvent).where(
            AuditEvent.object_type == Person.__tablename__,
            AuditEvent.object_id == person.id,
            _not_about_hidden_notes(viewer, person),
        ),
        page,
    )


# Reading restricted notes is recorded on their subject, naming the notes.
READ_NOTES = "view_restricted"


def _not_about_hidden_notes(viewer: User, subject: Case | Person):
    """Leave out the reads of notes the viewer may not read: the event alone
    would tell them such a note exists, its id, and who read it. An event is
    kept only when the viewer may read every note it names (a deleted note
    no one may read any more)."""
    if viewer.is_admin:
        return true()
    note_subject = NoteSubject.CASE if isinstance(subject, Case) else NoteSubject.PERSON
    notes = visible_notes(viewer, note_subject, subject.id)
    readable = set(db.session.scalars(notes.with_only_columns(Note.id)))
    reads = db.session.execute(
        select(AuditEvent.id, AuditEvent.changes).where(
            AuditEvent.action == READ_NOTES,
            AuditEvent.object_type == subject.__tablename__,
            AuditEvent.object_id == subject.id,
        )
    )
    hidden = [
        id_
        # mypy unpacks SQLAlchemy 2.1's Row[*Ts] as objects: the types, spelled out.
        for id_, changes in cast(Iterable[tuple[int, dict[str, Any]]], reads)
        if not set(_notes_named(changes)) <= readable
    ]
    return AuditEvent.id.not_in(hidden) if hidden else true()


def _notes_named(changes: dict[str, Any] | None) -> list[Any]:
    before_after = (changes or {}).get("notes") or [None, None]
    return list(before_after[-1] or [])
