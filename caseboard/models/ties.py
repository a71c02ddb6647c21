"""Relationships people declared between themselves ("ties").

``PersonTie`` is a relationship someone declared ("works with", "trusted
contact"…); the edge is named so it does not clash with SQLAlchemy's
``relationship()``. Its strength is never typed in: it is derived from
contacts (``caseboard.models.contacts``) and meeting attendance.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.clock import today
from caseboard.models.base import Base, EnumString, created_at, via
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, intpk, refers_to

if TYPE_CHECKING:
    from caseboard.models.people import Person
    from caseboard.models.users import User


class TieKind(LabelledEnum):
    WORKS_WITH = "works_with"
    TRUSTED_CONTACT = "trusted_contact"
    REFERRAL_PARTNER = "referral_partner"
    MENTOR = "mentor"
    SUPERVISOR = "supervisor"
    STRAINED = "strained"


class PersonTie(Base):
    """A declared relationship between two people, stored once per pair:
    ``person_a_id`` is always the smaller id."""

    __tablename__ = "person_ties"
    __table_args__ = (
        CheckConstraint("person_a_id < person_b_id", name="ordered_pair"),
        Index("ix_person_ties_pair", "person_a_id", "person_b_id"),
        Index("ix_person_ties_b", "person_b_id"),
    )

    id: Mapped[intpk]
    person_a_id: Mapped[int] = belongs_to("people")
    person_b_id: Mapped[int] = belongs_to("people")
    kind: Mapped[TieKind] = mapped_column(EnumString(TieKind, 30))
    since: Mapped[date] = mapped_column(default=today)
    until: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = refers_to("users")
    created_at: Mapped[created_at]

    person_a: Mapped[Person] = via(person_a_id)
    person_b: Mapped[Person] = via(person_b_id)
    recorded_by: Mapped[User | None] = relationship()

    @property
    def is_current(self) -> bool:
        return self.until is None or self.until > today()

    def other(self, person_id: int) -> Person:
        return self.person_b if person_id == self.person_a_id else self.person_a
