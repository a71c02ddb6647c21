"""Writing the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import g, has_request_context, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from caseboard.clock import coalition_zone
from caseboard.extensions import db
from caseboard.inputs import parse_date
from caseboard.models import AuditEvent, Case, Person, Task, User
from caseboard.models.audit import GENESIS, HASHED_FIELDS, event_hash
from caseboard.services.paging import id_or_none, like_pattern, page_number, paginate

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
        event.request_id = g.get("request_id")
        event.ip = request.remote_addr
    db.session.add(event)
    return event


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
            text=args.get("q", "").strip()[:100],
            page=page_number(args),
        )

    def statement(self) -> Select[tuple[AuditEvent]]:
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
            statement = statement.where(
                AuditEvent.object_label.ilike(like_pattern(self.text), escape="\\")
            )
        return statement


def _newest_first(statement: Select[tuple[AuditEvent]], page: int) -> Pagination:
    # Ids follow the chain, so they order events even within one microsecond.
    return paginate(
        statement.options(
            joinedload(AuditEvent.actor).joinedload(User.person)
        ).order_by(AuditEvent.id.desc()),
        page,
    )


def trail_page(query: AuditQuery) -> Pagination:
    return _newest_first(query.statement(), query.page)


def filter_choices() -> dict[str, list[Any]]:
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


def case_history(case: Case, page: int) -> Pagination:
    """The case's own events and those of its tasks.

    Roles, places, responses, SARA notes and comments are recorded on the case
    itself, so they are here too; meetings have their own pages."""
    tasks = select(Task.id).where(Task.case_id == case.id)
    return _newest_first(
        select(AuditEvent).where(
            or_(
                (AuditEvent.object_type == Case.__tablename__)
                & (AuditEvent.object_id == case.id),
                (AuditEvent.object_type == Task.__tablename__)
                & AuditEvent.object_id.in_(tasks),
            )
        ),
        page,
    )


def person_history(person: Person, page: int) -> Pagination:
    """The person's events: their record and their positions. Their sign-in
    account's events (users) are for administrators, at /admin/audit."""
    return _newest_first(
        select(AuditEvent).where(
            AuditEvent.object_type == Person.__tablename__,
            AuditEvent.object_id == person.id,
        ),
        page,
    )


# Verifying the chain -----------------------------------------------------------


@dataclass
class Verification:
    verified: int = 0
    bad_id: int | None = None
    reason: str = ""
    last_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return self.bad_id is None


def count_events() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id))) or 0


def verify_trail(on_event: Callable[[], None] | None = None) -> Verification:
    """Walk the trail in id order, recomputing each hash and link; stop at the
    first event that fails. ``on_event`` is called per event (progress bar).

    Removing the newest events leaves a shorter chain that still verifies:
    keep ``last_hash`` somewhere else to notice that."""
    result = Verification()
    columns = [getattr(AuditEvent, name) for name in HASHED_FIELDS]
    rows = db.session.execute(
        select(AuditEvent.id, AuditEvent.prev_hash, AuditEvent.hash, *columns)
        .order_by(AuditEvent.id)
        .execution_options(yield_per=1000)
    )
    previous_id = None
    for row in rows:
        fields = row._mapping
        if row.hash != event_hash(fields, row.prev_hash):
            result.bad_id = row.id
            result.reason = "its hash does not match its contents (edited)"
        elif row.prev_hash != result.last_hash:
            result.bad_id = row.id
            result.reason = (
                f"it does not follow event {previous_id} (an event between them "
                "was removed or rewritten)"
                if previous_id is not None
                else "it does not start the chain (earlier events were removed)"
            )
        if result.bad_id is not None:
            rows.close()
            return result
        result.verified += 1
        result.last_hash = row.hash
        previous_id = row.id
        if on_event is not None:
            on_event()
    return result
