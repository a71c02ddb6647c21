"""Partner meetings: agenda, attendance, decisions; action items are tasks.

Attendance doubles as the record of who met whom: each present attendee of a
meeting met every other one on ``Meeting.starts_at``, in the context of the
meeting (and its case, if any). The relationship network reads it as such.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import (
    Base,
    EnumString,
    Timestamped,
    Versioned,
    created_at,
    parts,
    via,
)
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, intpk, name_str, refers_to

if TYPE_CHECKING:
    from caseboard.models.cases import Case
    from caseboard.models.coalitions import Coalition
    from caseboard.models.organizations import Organization
    from caseboard.models.people import Person
    from caseboard.models.tasks import Task
    from caseboard.models.users import User


class Repeat(LabelledEnum):
    NONE = "none", "Does not repeat"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class AttendanceStatus(LabelledEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"


class AgendaItemStatus(LabelledEnum):
    OPEN = "open"
    DONE = "done"


class Meeting(Versioned, Timestamped, Base):
    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_starts_at", "starts_at"),)

    id: Mapped[intpk]
    title: Mapped[name_str]
    coalition_id: Mapped[int] = mapped_column(
        ForeignKey("coalitions.id", ondelete="RESTRICT"), index=True
    )
    case_id: Mapped[int | None] = belongs_to("cases", index=True)
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(default=60)
    location: Mapped[str] = mapped_column(String(300), default="")
    video_link: Mapped[str] = mapped_column(String(500), default="")
    repeats: Mapped[Repeat] = mapped_column(
        EnumString(Repeat, 10), default=Repeat.MONTHLY
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    minutes_published_at: Mapped[datetime | None]
    previous_meeting_id: Mapped[int | None] = refers_to("meetings")
    created_by_id: Mapped[int | None] = refers_to("users")

    case: Mapped[Case | None] = relationship()
    coalition: Mapped[Coalition] = relationship()
    created_by: Mapped[User | None] = relationship()
    previous_meeting: Mapped[Meeting | None] = relationship(remote_side="Meeting.id")
    items: Mapped[list[AgendaItem]] = parts("meeting", "AgendaItem.position")
    attendance: Mapped[list[Attendance]] = parts("meeting")
    invitations: Mapped[list[Invitation]] = parts("meeting")

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_published(self) -> bool:
        return self.minutes_published_at is not None


class Invitation(Base):
    __tablename__ = "meeting_invitations"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[intpk]
    meeting_id: Mapped[int] = belongs_to("meetings", index=True)
    person_id: Mapped[int] = belongs_to("people", index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="invitations")
    person: Mapped[Person] = relationship()


class Attendance(Base):
    """A person at a meeting: present, sent apologies, or absent.

    ``organization_id`` is the organization they came for, fixed at the time,
    so attendance by organization stays true after people change jobs.
    """

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id"),
        Index("ix_attendance_person", "person_id", "status"),
    )

    id: Mapped[intpk]
    meeting_id: Mapped[int] = belongs_to("meetings", index=True)
    person_id: Mapped[int] = belongs_to("people")
    organization_id: Mapped[int | None] = refers_to("organizations")
    status: Mapped[AttendanceStatus] = mapped_column(
        EnumString(AttendanceStatus, 20), default=AttendanceStatus.PRESENT
    )
    walk_in: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[created_at]

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    person: Mapped[Person] = relationship()
    organization: Mapped[Organization | None] = relationship()


class AgendaItem(Versioned, Timestamped, Base):
    __tablename__ = "agenda_items"

    id: Mapped[intpk]
    meeting_id: Mapped[int] = belongs_to("meetings", index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[name_str]
    case_id: Mapped[int | None] = refers_to("cases", index=True)
    task_id: Mapped[int | None] = refers_to("tasks")
    presenter_id: Mapped[int | None] = refers_to("people")
    minutes: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[AgendaItemStatus] = mapped_column(
        EnumString(AgendaItemStatus, 10), default=AgendaItemStatus.OPEN
    )
    carried_from_id: Mapped[int | None] = refers_to("agenda_items")

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    case: Mapped[Case | None] = relationship()
    task: Mapped[Task | None] = via(task_id)
    presenter: Mapped[Person | None] = relationship()
    decisions: Mapped[list[Decision]] = parts("item", "Decision.id")
    action_items: Mapped[list[Task]] = relationship(
        foreign_keys="Task.agenda_item_id",
        back_populates="agenda_item",
        order_by="Task.id",
    )

    @property
    def is_open(self) -> bool:
        return self.status == AgendaItemStatus.OPEN


class Decision(Base):
    __tablename__ = "decisions"

    id: Mapped[intpk]
    agenda_item_id: Mapped[int] = belongs_to("agenda_items", index=True)
    text: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = refers_to("users")
    created_at: Mapped[created_at]
    # When to look at it again; a reminder goes the day before and on the day.
    review_on: Mapped[date | None] = mapped_column(index=True)

    item: Mapped[AgendaItem] = relationship(back_populates="decisions")
