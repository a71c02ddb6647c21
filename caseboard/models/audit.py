"""The audit trail: append-only events chained by keyed hash.

Each event stores the hash of the one before it (``prev_hash``) and its own
``hash``: an HMAC-SHA256, under the installation's audit key, of its fields
and ``prev_hash``. Changing, removing or inserting a row breaks the chain
where it happened (``caseboard audit verify``); as the key is not in the
database, rewriting the whole chain with fresh hashes does not mend it.
Events written before the chain was keyed carry a plain sha256
(``event_hash`` without a key); the verifier accepts them only as the start of
the chain, vouched for by a keyed event after them (``services/audit.py``).

Two guards keep the trail append-only:
- the ORM refuses to flush an update or delete of an event, and refuses bulk
  ``update()``/``delete()`` statements on the table (listeners below), with a
  clear error for application code;
- triggers in the database refuse UPDATE and DELETE of any row (migration
  c7d2e4b0a3f5), whatever the client: the last word.

Erasing the *whole* trail stays possible, as TRUNCATE is on PostgreSQL: an
unfiltered ``delete()`` of the table through the session (``caseboard demo
--reset``, the test suite starting over) lifts the triggers for that one
statement. An emptied trail is plain to see; a doctored one is what the chain
is for.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Delete,
    Index,
    String,
    UniqueConstraint,
    event,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    UOWTransaction,
    mapped_column,
    relationship,
    scoped_session,
)

from caseboard.keys import audit_key
from caseboard.models.base import Base, created_at, utcnow
from caseboard.models.columns import intpk, refers_to
from caseboard.models.users import User

# What the first event's ``prev_hash`` names: there is nothing before it.
GENESIS = "0" * 64
# Key of the PostgreSQL advisory lock that queues writers of the trail.
CHAIN_LOCK_KEY = 0x61756469745F6576  # "audit_ev"

# The fields the hash covers, in the JSON that is hashed. Not ``id``: it is
# only known after the INSERT; the order of the chain stands in for it.
HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "changes",
    "request_id",
    "ip",
)


class AuditImmutableError(Exception):
    """Raised when code tries to change or delete an audit event."""


def event_hash(
    fields: Mapping[str, Any], prev_hash: str, key: bytes | None = None
) -> str:
    """HMAC-SHA256 under ``key`` (hex) of the canonical JSON of ``fields`` and
    ``prev_hash``; without a key, its plain sha256 (the rule before keying).

    Canonical: sorted keys, no spaces, UTF-8, the time as UTC ISO 8601 with
    microseconds. The migration that chained existing rows repeats the
    unkeyed rule; a test checks both agree.
    """
    document = {name: fields[name] for name in HASHED_FIELDS}
    moment = document["occurred_at"]
    if moment.tzinfo is None:  # SQLite read without the UTC column type
        moment = moment.replace(tzinfo=UTC)
    document["occurred_at"] = moment.astimezone(UTC).isoformat(timespec="microseconds")
    document["prev_hash"] = prev_hash
    canonical = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    if key is None:
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


class AuditEvent(Base):
    """One thing that happened, written once and never changed.

    ``changes`` maps a field name to ``[before, after]``; secrets never go in.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_object", "object_type", "object_id"),
        # Two events naming the same predecessor would fork the chain; the
        # lock in ``_chain_new_events`` prevents it, this makes it impossible.
        UniqueConstraint("prev_hash"),
    )

    id: Mapped[intpk]
    occurred_at: Mapped[created_at] = mapped_column(index=True)
    actor_id: Mapped[int | None] = refers_to("users")
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    object_label: Mapped[str] = mapped_column(String(300), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    request_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()

    @property
    def when(self) -> datetime:
        return self.occurred_at

    def seal(self, prev_hash: str, key: bytes) -> None:
        """Fill the defaults the hash covers, then link to ``prev_hash``."""
        self.occurred_at = self.occurred_at or utcnow()
        self.object_label = self.object_label or ""
        self.changes = self.changes or {}
        self.prev_hash = prev_hash
        self.hash = event_hash(
            {f: getattr(self, f) for f in HASHED_FIELDS}, prev_hash, key
        )


def last_hash(session: Session | scoped_session[Any]) -> str:
    """The hash the next event must name, with the chain locked for writing.

    On PostgreSQL a transaction-scoped advisory lock queues concurrent writers
    until this transaction ends, so the next one reads this one's event. SQLite
    needs nothing: write transactions begin IMMEDIATE and so run one at a time
    (``caseboard.database``).
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY}
        )
    latest = connection.execute(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar()
    return latest or GENESIS


@event.listens_for(Session, "before_flush")
def _chain_new_events(session: Session, _context: UOWTransaction, _objs: Any) -> None:
    # In the order they were added, which is the order their ids are given.
    new = sorted(
        (obj for obj in session.new if isinstance(obj, AuditEvent)),
        # Every pending object has an insert_order; the type allows None.
        key=lambda obj: cast(int, inspect(obj).insert_order),
    )
    if not new:
        return
    previous = last_hash(session)
    key = audit_key()
    for audit_event in new:
        audit_event.seal(previous, key)
        previous = audit_event.hash


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper: Any, _connection: Any, target: AuditEvent) -> None:
    changed = [a.key for a in inspect(target).attrs if a.history.has_changes()]
    if changed:
        raise AuditImmutableError(
            f"audit event {target.id} cannot be changed ({', '.join(changed)})"
        )


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper: Any, _connection: Any, target: AuditEvent) -> None:
    raise AuditImmutableError(f"audit event {target.id} cannot be deleted")


def _targets_trail(statement: Any) -> bool:
    return getattr(getattr(statement, "table", None), "name", None) == (
        AuditEvent.__tablename__
    )


@event.listens_for(Session, "do_orm_execute")
def _guard_bulk_statements(state: ORMExecuteState) -> Any:
    if not (state.is_update or state.is_delete):
        return None
    statement = state.statement
    if not _targets_trail(statement):
        return None
    if isinstance(statement, Delete) and statement.whereclause is None:
        return _erase_whole_trail(state)
    raise AuditImmutableError("audit events cannot be updated or deleted")


def _erase_whole_trail(state: ORMExecuteState) -> Any:
    """Run an unfiltered DELETE with the append-only triggers lifted for it."""
    connection = state.session.connection()
    if connection.dialect.name == "postgresql":
        # Row triggers do not fire on TRUNCATE; the DELETE then finds no rows.
        connection.exec_driver_sql("TRUNCATE audit_events")
        return state.invoke_statement()
    # SQLite: drop the triggers and put them back in the same transaction,
    # read from the schema so they come back exactly as the migration wrote.
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'trigger' AND tbl_name = 'audit_events'"
    ).all()
    for name, _sql in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    result = state.invoke_statement()
    for _name, sql in triggers:
        connection.exec_driver_sql(cast(str, sql))  # sqlite_master.sql is text
    return result
