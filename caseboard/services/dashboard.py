"""What the dashboard shows; each function is scoped to the viewer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseboard.extensions import db
from caseboard.models import AuditEvent, User

# Sign-ins and failures are security events, not "changes" anyone browses for.
# (add_membership and end_membership: positions before they were access changes.)
CHANGE_ACTIONS = (
    "create",
    "update",
    "access_change",
    "add_membership",
    "end_membership",
)
# Object types every signed-in user may see; the access issue extends this.
SHARED_OBJECT_TYPES = ("organizations", "people")


def recent_changes(viewer: User, limit: int = 12) -> list[AuditEvent]:
    types = list(SHARED_OBJECT_TYPES)
    if viewer.is_admin:
        types.append("users")
    query = (
        select(AuditEvent)
        .where(AuditEvent.action.in_(CHANGE_ACTIONS))
        .where(AuditEvent.object_type.in_(types))
        .options(joinedload(AuditEvent.actor).joinedload(User.person))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit * 4)
    )
    # One line per record: five edits of one person are one piece of news.
    latest: dict[tuple[str, int | None], AuditEvent] = {}
    for event in db.session.scalars(query):
        latest.setdefault((event.object_type, event.object_id), event)
    return list(latest.values())[:limit]
