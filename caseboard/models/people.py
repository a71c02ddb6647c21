from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import (
    Base,
    Lifetime,
    Timestamped,
    Versioned,
    created_at,
)
from caseboard.models.columns import belongs_to, email_str, intpk, name_str, phone_str

if TYPE_CHECKING:
    from caseboard.models.coalitions import CoalitionPerson
    from caseboard.models.organizations import Organization
    from caseboard.models.users import User


class Person(Versioned, Timestamped, Base):
    __tablename__ = "people"

    id: Mapped[intpk]
    full_name: Mapped[name_str] = mapped_column(index=True)
    email: Mapped[email_str | None] = mapped_column(index=True)
    phone: Mapped[phone_str | None]
    address: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text, default="")

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person",
        order_by="(Membership.ended_on.is_(None).desc(), Membership.ended_on.desc())",
    )
    user: Mapped[User | None] = relationship(back_populates="person")
    coalition_namings: Mapped[list[CoalitionPerson]] = relationship(
        back_populates="person"
    )

    @property
    def current_memberships(self) -> list[Membership]:
        return [m for m in self.memberships if m.is_current]

    @property
    def past_memberships(self) -> list[Membership]:
        return [m for m in self.memberships if not m.is_current]

    def __repr__(self) -> str:
        return f"<Person {self.full_name}>"


class Membership(Lifetime, Base):
    """A person's position in an organization over a period.

    Rows are ended, never deleted, so a person's job history stays readable.
    A position opens the organization's restricted cases and notes, so who
    may add one is decided (``permissions.can_manage_members``); its
    administrators (``is_administrator``) decide it for their organization.
    """

    __tablename__ = "memberships"
    __table_args__ = (Lifetime.ends_after_start(),)

    id: Mapped[intpk]
    person_id: Mapped[int] = belongs_to("people", index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[date | None]
    is_administrator: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )
    created_at: Mapped[created_at]

    person: Mapped[Person] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships")
