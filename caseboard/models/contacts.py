"""Contacts: the interactions that keep relationships alive.

``Interaction`` is one logged contact among two or more people, on a day, maybe
about a case. Declared relationships between people are ties
(``caseboard.models.ties``); tie strength is derived from both.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import Base, EnumString, created_at, parts
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, intpk, refers_to

if TYPE_CHECKING:
    from caseboard.models.cases import Case
    from caseboard.models.people import Person
    from caseboard.models.users import User


class InteractionKind(LabelledEnum):
    MEETING = "meeting"
    CALL = "call"
    VISIT = "visit"
    FOOT_BEAT = "foot_beat", "Foot-beat conversation"
    REFERRAL = "referral"
    JOINT_OPERATION = "joint_operation"
    EVENT = "event"
    EMAIL = "email"


class Interaction(Base):
    """One contact among two or more people, on a day, maybe about a case."""

    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_occurred_on", "occurred_on"),)

    id: Mapped[intpk]
    occurred_on: Mapped[date]
    kind: Mapped[InteractionKind] = mapped_column(EnumString(InteractionKind, 30))
    case_id: Mapped[int | None] = refers_to("cases", index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = refers_to("users")
    created_at: Mapped[created_at]

    case: Mapped[Case | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()
    participants: Mapped[list[InteractionParticipant]] = parts("interaction")


class InteractionParticipant(Base):
    __tablename__ = "interaction_participants"
    __table_args__ = (Index("ix_interaction_participants_person", "person_id"),)

    interaction_id: Mapped[int] = belongs_to("interactions", primary_key=True)
    person_id: Mapped[int] = belongs_to("people", primary_key=True)

    interaction: Mapped[Interaction] = relationship(back_populates="participants")
    person: Mapped[Person] = relationship()
