"""Tasks: the work of a case, kept current by the staff who do it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, ForeignKey, Index, Text, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.clock import local_date, today
from caseboard.models.base import (
    Base,
    EnumString,
    Timestamped,
    Versioned,
    created_at,
)
from caseboard.models.choices import LabelledEnum, Priority
from caseboard.models.columns import belongs_to, intpk, name_str, refers_to

if TYPE_CHECKING:
    from caseboard.models.cases import Case, CaseResponse
    from caseboard.models.meetings import AgendaItem
    from caseboard.models.organizations import Organization
    from caseboard.models.people import Person
    from caseboard.models.users import User

DUE_SOON_DAYS = 7


class TaskStatus(LabelledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"


class Task(Versioned, Timestamped, Base):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_case_status", "case_id", "status"),
        Index("ix_tasks_assignee_status", "assignee_id", "status"),
        Index("ix_tasks_organization_status", "organization_id", "status"),
        # Covering for the dashboard's overdue counts (and by its prefix, any
        # status-and-due query).
        Index("ix_tasks_status_due", "status", "due_on", "case_id", "organization_id"),
    )

    id: Mapped[intpk]
    case_id: Mapped[int] = belongs_to("cases")
    title: Mapped[name_str]
    description: Mapped[str] = mapped_column(Text, default="")
    assignee_id: Mapped[int | None] = refers_to("people")
    organization_id: Mapped[int | None] = refers_to("organizations")
    due_on: Mapped[date | None]
    status: Mapped[TaskStatus] = mapped_column(
        EnumString(TaskStatus, 20), default=TaskStatus.OPEN
    )
    priority: Mapped[Priority] = mapped_column(
        EnumString(Priority, 20), default=Priority.NORMAL
    )
    response_id: Mapped[int | None] = refers_to("case_responses")
    created_by_id: Mapped[int | None] = refers_to("users")
    # Set when the task is an action item decided in a meeting. use_alter:
    # agenda items point at tasks too, and the cycle must not break table order.
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL", use_alter=True),
        index=True,
    )
    completed_at: Mapped[datetime | None]

    case: Mapped[Case] = relationship(back_populates="tasks")
    assignee: Mapped[Person | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    response: Mapped[CaseResponse | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship(
        foreign_keys=[agenda_item_id], back_populates="action_items"
    )
    comments: Mapped[list[Comment]] = relationship(
        back_populates="task", order_by="Comment.created_at"
    )

    @property
    def is_done(self) -> bool:
        return self.status == TaskStatus.DONE

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on is not None and self.due_on < today()

    @property
    def is_due_soon(self) -> bool:
        if self.is_done or self.due_on is None or self.is_overdue:
            return False
        return self.due_on <= today() + timedelta(days=DUE_SOON_DAYS)

    @classmethod
    def overdue_clause(cls) -> ColumnElement[bool]:
        """SQL twin of ``is_overdue``."""
        return and_(
            cls.status != TaskStatus.DONE,
            cls.due_on.is_not(None),
            cls.due_on < today(),
        )

    @property
    def done_on_time(self) -> bool:
        """Done, and by its due date (a task without one counts when done)."""
        if not self.is_done or self.completed_at is None:
            return False
        return self.due_on is None or local_date(self.completed_at) <= self.due_on

    @classmethod
    def unfinished_clause(cls) -> ColumnElement[bool]:
        return cls.status != TaskStatus.DONE


class Comment(Base):
    """A comment on a case, or on one of its tasks (``task_id`` set)."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_task", "task_id", "created_at"),)

    id: Mapped[intpk]
    case_id: Mapped[int] = belongs_to("cases", index=True)
    task_id: Mapped[int | None] = belongs_to("tasks")
    author_id: Mapped[int | None] = refers_to("users")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created_at]

    task: Mapped[Task | None] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
