"""Proving the audit trail whole: verifying its keyed hash chain, and
checkpoints that let a copy kept offline prove nothing was cut off since.

A checkpoint is an event of action ``CHECKPOINT_ACTION`` stating how many
events came before it. Keyed like every event, it is a signed "count + last
hash" (the hash it follows is its ``prev_hash``). Exported to a file and kept
away from the database, it later proves that the trail still holds it, at its
place: that nothing was cut off the end nor the whole trail rewritten.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.keys import audit_key
from caseboard.models import AuditEvent
from caseboard.models.audit import GENESIS, HASHED_FIELDS, event_hash, last_hash
from caseboard.services.audit import jsonable

CHECKPOINT_ACTION = "audit_checkpoint"
CHECKPOINT_FORMAT = 1


@dataclass
class Verification:
    verified: int = 0
    bad_id: int | None = None
    reason: str = ""
    last_hash: str = GENESIS
    last_id: int | None = None
    # Events sealed before the chain was keyed (the start of an old trail).
    unkeyed: int = 0
    last_unkeyed_id: int | None = None
    checkpoints: int = 0
    # A failure that is no single event's: the trail ends too soon.
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.bad_id is None and not self.problem

    @property
    def only_unadopted(self) -> bool:
        """The one failure ``caseboard audit checkpoint --adopt-unkeyed``
        mends: an old trail no keyed event vouches for yet."""
        return (
            self.bad_id is not None
            and self.bad_id == self.last_unkeyed_id
            and self.unkeyed == self.verified
            and not self.problem
        )


@dataclass(frozen=True)
class Checkpoint:
    """An exported checkpoint event: its id, its hash and the events before it."""

    event_id: int
    hash: str
    events: int
    occurred_at: str


def count_events() -> int:
    return db.session.scalar(select(func.count(AuditEvent.id))) or 0


def _link_problem(row: Any, result: Verification, previous_id: int | None) -> str:
    if row.prev_hash == result.last_hash:
        return ""
    if previous_id is None:
        return "it does not start the chain (earlier events were removed)"
    return (
        f"it does not follow event {previous_id} (an event between them "
        "was removed or rewritten)"
    )


def _seal_problem(row: Any, result: Verification, key: bytes) -> str:
    """Why the event's own hash is wrong, or "" (counting an old unkeyed one)."""
    fields = row._mapping
    if hmac.compare_digest(row.hash, event_hash(fields, row.prev_hash, key)):
        return ""
    if row.hash != event_hash(fields, row.prev_hash):
        return (
            "its hash does not match its contents (edited, or sealed with "
            "another audit key)"
        )
    if result.verified > result.unkeyed:
        return (
            "its hash is not keyed with this installation's audit key, yet "
            "keyed events come before it (rewritten by someone without the key)"
        )
    result.unkeyed += 1
    result.last_unkeyed_id = row.id
    return ""


def _checkpoint_problem(row: Any, result: Verification) -> str:
    if row.action != CHECKPOINT_ACTION:
        return ""
    result.checkpoints += 1
    stated = (row.changes or {}).get("events", [None, None])[1]
    if stated != result.verified:
        return (
            f"it is a checkpoint of {stated} events, but {result.verified} come "
            "before it (events were removed or inserted)"
        )
    return ""


def _expected_problem(result: Verification, expected: list[Checkpoint]) -> str:
    """The trail must hold each exported checkpoint, at its place."""
    for checkpoint in expected:
        if result.last_id is None or result.last_id < checkpoint.event_id:
            return (
                f"the trail ends with {result.verified} events (last id "
                f"{result.last_id or '-'}), but the checkpoint of "
                f"{checkpoint.occurred_at} is event {checkpoint.event_id}, after "
                f"{checkpoint.events} events: events were cut off the end"
            )
    return ""


def verify_trail(
    on_event: Callable[[], None] | None = None,
    expected: list[Checkpoint] | None = None,
) -> Verification:
    """Walk the trail in id order, checking each keyed hash and link; stop at
    the first event that fails. ``on_event`` is called per event (progress).

    Events sealed before keying are accepted only at the start and only when
    a keyed event follows them: a keyed event names the last of them, so
    they cannot change without breaking it. ``expected`` checkpoints
    (exported files) must be found at their place with their hash: without
    one, a trail cut off at the end still verifies."""
    result = Verification()
    key = audit_key()
    wanted = {c.event_id: c for c in expected or []}
    columns = [getattr(AuditEvent, name) for name in HASHED_FIELDS]
    rows = db.session.execute(
        select(AuditEvent.id, AuditEvent.prev_hash, AuditEvent.hash, *columns)
        .order_by(AuditEvent.id)
        .execution_options(yield_per=1000)
    )
    for row in rows:
        reason = (
            _seal_problem(row, result, key)
            or _link_problem(row, result, result.last_id)
            or _checkpoint_problem(row, result)
            or _exported_problem(row, result, wanted.pop(row.id, None))
        )
        if reason:
            result.bad_id, result.reason = row.id, reason
            rows.close()
            return result
        result.verified += 1
        result.last_hash, result.last_id = row.hash, row.id
        if on_event is not None:
            on_event()
    if result.unkeyed and result.unkeyed == result.verified:
        result.bad_id = result.last_unkeyed_id
        result.reason = (
            f"none of the {result.unkeyed} events is sealed with this "
            "installation's audit key: the trail was rewritten, or it is from "
            "before keying and no one has adopted it yet (`caseboard audit "
            "checkpoint --adopt-unkeyed`, once, right after upgrading)"
        )
    result.problem = _expected_problem(result, list(wanted.values()))
    return result


def _exported_problem(
    row: Any, result: Verification, checkpoint: Checkpoint | None
) -> str:
    if checkpoint is None:
        return ""
    if row.hash != checkpoint.hash or result.verified != checkpoint.events:
        return (
            f"it is not the checkpoint of {checkpoint.occurred_at} that was "
            "exported (the trail was rewritten)"
        )
    return ""


def write_checkpoint() -> AuditEvent:
    """Add a checkpoint event naming how many events come before it. The
    chain is locked first, so no writer slips in between count and event."""
    last_hash(db.session)
    before = count_events()
    event = AuditEvent(
        action=CHECKPOINT_ACTION,
        object_type=AuditEvent.__tablename__,
        object_label=f"Checkpoint after {before:,} events",
        changes={"events": [None, before]},
    )
    db.session.add(event)
    db.session.flush()
    return event


def latest_checkpoint() -> AuditEvent | None:
    return db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == CHECKPOINT_ACTION)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()


def export_checkpoint(event: AuditEvent) -> dict[str, Any]:
    """The checkpoint as a document to keep offline: every field its hash
    covers, so the key alone proves it genuine."""
    fields = {name: jsonable(getattr(event, name)) for name in HASHED_FIELDS}
    return {
        "format": CHECKPOINT_FORMAT,
        "kind": "caseboard audit checkpoint",
        "id": event.id,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
        "fields": fields,
    }


class CheckpointFileError(Exception):
    """An exported checkpoint that cannot be used; the message says why."""


def read_checkpoint(document: Any) -> Checkpoint:
    """Check an exported checkpoint's hash under this installation's key."""
    try:
        fields = dict(document["fields"])
        fields["occurred_at"] = datetime.fromisoformat(fields["occurred_at"])
        genuine = hmac.compare_digest(
            str(document["hash"]),
            event_hash(fields, str(document["prev_hash"]), audit_key()),
        )
        if fields["action"] != CHECKPOINT_ACTION:
            raise CheckpointFileError("it is not a checkpoint")
        events = int(fields["changes"]["events"][1])
        checkpoint = Checkpoint(
            event_id=int(document["id"]),
            hash=str(document["hash"]),
            events=events,
            occurred_at=fields["occurred_at"].isoformat(timespec="seconds"),
        )
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise CheckpointFileError(f"it is not a checkpoint ({error})") from error
    if not genuine:
        raise CheckpointFileError(
            "its hash does not match under this installation's audit key "
            "(altered, or from another installation or key)"
        )
    return checkpoint
