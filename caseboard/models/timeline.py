"""The case timeline: what happened on a case, in words its partners read."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import Base, EnumString, utcnow
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, intpk, refers_to

if TYPE_CHECKING:
    from caseboard.models.cases import Case
    from caseboard.models.users import User


class EventKind(LabelledEnum):
    OPENED = "opened"
    UPDATED = "updated"
    STAGE_MOVED = "stage_moved"
    ROLE_ADDED = "role_added"
    ROLE_ENDED = "role_ended"
    PLACE_ADDED = "place_added"
    RESPONSE_ADDED = "response_added"
    RESPONSE_UPDATED = "response_updated"
    TASK_CREATED = "task_created"
    TASK_UPDATED = "task_updated"
    TASK_STATUS = "task_status"
    TASK_COMPLETED = "task_completed"
    COMMENT = "comment"
    MEETING = "meeting"
    CONTACT = "contact"


class CaseEvent(Base):
    """One line of a case's timeline (and, with ``task_id``, of a task's history).

    Written by the services in the same transaction as the change it
    describes; ``changes`` holds ``{field: [before, after]}`` for edits.
    """

    __tablename__ = "case_events"
    __table_args__ = (
        Index("ix_case_events_case_time", "case_id", "occurred_at"),
        Index("ix_case_events_task", "task_id"),
        Index("ix_case_events_time", "occurred_at"),
    )

    id: Mapped[intpk]
    case_id: Mapped[int] = belongs_to("cases")
    task_id: Mapped[int | None] = belongs_to("tasks")
    kind: Mapped[EventKind] = mapped_column(EnumString(EventKind, 30))
    summary: Mapped[str] = mapped_column(String(500))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = refers_to("users")
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()
    case: Mapped[Case] = relationship()
