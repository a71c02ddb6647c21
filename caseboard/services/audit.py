"""Writing the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import g, has_request_context, request

from caseboard.extensions import db
from caseboard.models import AuditEvent, User

# Never written to the trail, whatever the caller passes.
SECRET_FIELDS = frozenset({"password", "password_hash", "session_generation"})


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


def record(
    actor: User | None,
    action: str,
    obj: Any,
    changes: dict[str, Any] | None = None,
    label: str | None = None,
) -> AuditEvent:
    """Add one event for ``action`` on ``obj`` (flushed with the caller's work)."""
    db.session.flush()  # so a new object has its id
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        object_label=(label or str(getattr(obj, "name", "") or obj))[:300],
        changes={k: v for k, v in (changes or {}).items() if k not in SECRET_FIELDS},
    )
    if has_request_context():
        event.request_id = g.get("request_id")
        event.ip = request.remote_addr
    db.session.add(event)
    return event
