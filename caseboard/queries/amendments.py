"""Changes made to a meeting after its minutes were published: the minutes
are a record, so each later change is shown as an amendment (who, when,
what). Read from the audit trail, scoped to the agenda items the viewer may
see."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseboard.extensions import db
from caseboard.models import AuditEvent, Meeting, User
from caseboard.queries.meetings import AgendaEntry

# Actions about one agenda item: shown only when the viewer may see the item.
ITEM_ACTIONS = frozenset(
    {
        "add_agenda_item",
        "update_agenda_item",
        "move_agenda_item",
        "remove_agenda_item",
        "add_decision",
    }
)


@dataclass(frozen=True)
class Amendment:
    when: datetime
    who: str
    action: str
    item: str | None
    changes: dict[str, Any]


def amendments(meeting: Meeting, agenda: Sequence[AgendaEntry]) -> list[Amendment]:
    """Oldest first; none while the minutes are a draft. ``agenda`` is what the
    viewer may see (``agenda_for``): changes to other items are left out."""
    published = meeting.minutes_published_at
    if published is None:
        return []
    visible = {entry.item.id for entry in agenda}
    events = db.session.scalars(
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor).joinedload(User.person))
        .where(
            AuditEvent.object_type == "meetings",
            AuditEvent.object_id == meeting.id,
            AuditEvent.occurred_at > published,
            AuditEvent.action != "publish_minutes",
        )
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    found = [
        _amendment(event)
        for event in events
        if event.action not in ITEM_ACTIONS or _item_id(event) in visible
    ]
    for entry in agenda:
        for task in entry.actions:
            if task.created_at > published:
                found.append(
                    Amendment(
                        task.created_at,
                        _name(task.created_by),
                        "add_action_item",
                        entry.item.title,
                        {"action": [None, task.title]},
                    )
                )
    return sorted(found, key=lambda amendment: amendment.when)


def _item_id(event: AuditEvent) -> int | None:
    before, after = event.changes.get("item_id") or [None, None]
    return after or before


def _amendment(event: AuditEvent) -> Amendment:
    item = event.changes.get("item")
    title = (item[1] or item[0]) if item else None
    changes = {k: v for k, v in event.changes.items() if k not in ("item", "item_id")}
    return Amendment(
        event.occurred_at, _name(event.actor), event.action, title, changes
    )


def _name(user: User | None) -> str:
    return user.person.full_name if user is not None else "the system"
