"""Writing the case timeline (``queries.timeline`` reads it)."""

from __future__ import annotations

from typing import Any

from caseboard.extensions import db
from caseboard.models import Case, CaseEvent, EventKind, Task, User


def record_event(
    actor: User | None,
    case: Case,
    kind: EventKind,
    summary: str,
    task: Task | None = None,
    changes: dict[str, Any] | None = None,
) -> CaseEvent:
    if case.id is None or (task is not None and task.id is None):
        db.session.flush()
    event = CaseEvent(
        case_id=case.id,
        task_id=task.id if task is not None else None,
        kind=kind,
        summary=summary[:500],
        changes=changes or {},
        actor_id=actor.id if actor is not None else None,
    )
    db.session.add(event)
    return event
