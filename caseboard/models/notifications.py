"""In-app notifications: one line for one user about one object.

A row names the objects it is about (a case, a task, a meeting, a person);
the page shows it only while the reader may still see every one of them
(``queries.notifications``). ``once_key`` makes the periodic reminders
idempotent: the same user is told about the same object once a day.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import Base, Versioned, created_at
from caseboard.models.columns import belongs_to, intpk

if TYPE_CHECKING:
    from caseboard.models.cases import Case
    from caseboard.models.meetings import Meeting
    from caseboard.models.rounds import RoundStop
    from caseboard.models.tasks import Task


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_time", "user_id", "created_at"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        UniqueConstraint("user_id", "once_key", name="uq_notifications_user_once"),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = belongs_to("users")
    # A key of caseboard/data/notification_events.toml.
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(500))
    case_id: Mapped[int | None] = belongs_to("cases", index=True)
    task_id: Mapped[int | None] = belongs_to("tasks", index=True)
    meeting_id: Mapped[int | None] = belongs_to("meetings", index=True)
    person_id: Mapped[int | None] = belongs_to("people", index=True)
    stop_id: Mapped[int | None] = belongs_to("round_stops", index=True)
    # "kind:object:day" for the periodic reminders; NULL for events.
    once_key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[created_at]
    read_at: Mapped[datetime | None]

    case: Mapped[Case | None] = relationship()
    task: Mapped[Task | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    stop: Mapped[RoundStop | None] = relationship()

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationSettings(Versioned, Base):
    """How one user wants to hear about things: the digest's frequency and,
    per kind, a channel (``services.notification_settings.CHANNELS``).

    No row means the defaults; ``choices`` holds only what the user saved
    (a kind added later takes its default). ``version`` makes a save from a
    stale page a conflict, never a silent overwrite."""

    __tablename__ = "notification_settings"

    id: Mapped[intpk]
    user_id: Mapped[int] = belongs_to("users", unique=True)
    # "daily", "weekly" (on Mondays) or "off".
    digest: Mapped[str] = mapped_column(String(10), default="daily")
    # kind -> "email" | "digest" | "bell" | "off"
    choices: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
