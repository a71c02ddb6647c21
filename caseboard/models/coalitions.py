"""Coalitions: standing partnerships, each with its member organizations,
coordinators, meetings and cases. One installation serves several; a case is
seen coalition-wide only by the people working in its coalition (and in a
coalition it is currently shared with)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, String, Text, and_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.clock import today
from caseboard.models.base import Base, EnumString, Lifetime, Versioned, created_at
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, intpk, name_str

if TYPE_CHECKING:
    from caseboard.models.cases import Case
    from caseboard.models.organizations import Organization
    from caseboard.models.people import Person
    from caseboard.models.users import User


class Coalition(Versioned, Base):
    __tablename__ = "coalitions"

    id: Mapped[intpk]
    name: Mapped[name_str] = mapped_column(unique=True)
    purpose: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str] = mapped_column(String(300), default="")
    time_zone: Mapped[str | None] = mapped_column(String(64))
    locale: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[created_at]

    memberships: Mapped[list[CoalitionMembership]] = relationship(
        back_populates="coalition", order_by="CoalitionMembership.id"
    )
    people: Mapped[list[CoalitionPerson]] = relationship(
        back_populates="coalition", order_by="CoalitionPerson.id"
    )

    @property
    def active_memberships(self) -> list[CoalitionMembership]:
        return [m for m in self.memberships if m.is_active]

    @property
    def current_coordinators(self) -> list[CoalitionPerson]:
        return [p for p in self.people if p.is_current and p.is_coordinator]

    def __repr__(self) -> str:
        return f"<Coalition {self.name}>"


class CoalitionStatus(LabelledEnum):
    INVITED = "invited"
    ACTIVE = "active"
    LEFT = "left"


class CoalitionMembership(Lifetime, Base):
    """An organization's membership of a coalition over a period: invited,
    then active, and in the end left (ended, never deleted). Only an active,
    current membership lets the organization's people work in the coalition."""

    __tablename__ = "coalition_memberships"
    __table_args__ = (Lifetime.ends_after_start(),)

    id: Mapped[intpk]
    coalition_id: Mapped[int] = belongs_to("coalitions", index=True)
    organization_id: Mapped[int] = belongs_to("organizations", index=True)
    status: Mapped[CoalitionStatus] = mapped_column(
        EnumString(CoalitionStatus, 20), default=CoalitionStatus.ACTIVE
    )
    started_on: Mapped[date | None]
    created_at: Mapped[created_at]

    coalition: Mapped[Coalition] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(
        back_populates="coalition_memberships"
    )

    @hybrid_property
    def is_active(self) -> bool:
        return self.status == CoalitionStatus.ACTIVE and bool(self.is_current)

    @is_active.inplace.expression
    @classmethod
    def _is_active_expression(cls) -> ColumnElement[bool]:
        return and_(cls.status == CoalitionStatus.ACTIVE, cls.current_clause())


class CoalitionPerson(Lifetime, Base):
    """A person working in a coalition by name: a coordinator, or someone
    with no member organization (a resident)."""

    __tablename__ = "coalition_people"

    id: Mapped[intpk]
    coalition_id: Mapped[int] = belongs_to("coalitions", index=True)
    person_id: Mapped[int] = belongs_to("people", index=True)
    is_coordinator: Mapped[bool] = mapped_column(default=False)
    started_on: Mapped[date | None]
    created_at: Mapped[created_at]

    coalition: Mapped[Coalition] = relationship(back_populates="people")
    person: Mapped[Person] = relationship(back_populates="coalition_namings")


class CaseShare(Lifetime, Base):
    """A case shown to another coalition's people for a period, with a
    reason. ``ended_on`` is the day the share stops counting."""

    __tablename__ = "case_shares"

    id: Mapped[intpk]
    case_id: Mapped[int] = belongs_to("cases", index=True)
    coalition_id: Mapped[int] = belongs_to("coalitions", index=True)
    starts_on: Mapped[date] = mapped_column(default=today)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[created_at]

    case: Mapped[Case] = relationship(back_populates="shares")
    coalition: Mapped[Coalition] = relationship()
    granted_by: Mapped[User | None] = relationship(
        foreign_keys="CaseShare.granted_by_id"
    )

    @hybrid_property
    def is_open(self) -> bool:
        return self.starts_on <= today() and bool(self.is_current)

    @is_open.inplace.expression
    @classmethod
    def _is_open_expression(cls) -> ColumnElement[bool]:
        return and_(cls.starts_on <= today(), cls.current_clause())
