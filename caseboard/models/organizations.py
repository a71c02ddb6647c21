from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import (
    Base,
    EnumString,
    Timestamped,
    Versioned,
    parts,
)
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, email_str, intpk, name_str, phone_str

if TYPE_CHECKING:
    from caseboard.models.coalitions import CoalitionMembership
    from caseboard.models.people import Membership


class OrganizationKind(LabelledEnum):
    POLICE = "police"
    MUNICIPAL_AGENCY = "municipal_agency"
    BUSINESS = "business"
    COMMUNITY_ORGANIZATION = "community_organization"
    RESIDENT_GROUP = "resident_group"
    SCHOOL = "school"
    HEALTH = "health"
    FAITH = "faith"
    OTHER = "other"


class Organization(Versioned, Timestamped, Base):
    __tablename__ = "organizations"

    id: Mapped[intpk]
    name: Mapped[name_str] = mapped_column(unique=True)
    kind: Mapped[OrganizationKind] = mapped_column(
        EnumString(OrganizationKind, 40), index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[phone_str | None]
    email: Mapped[email_str | None]
    address: Mapped[str | None] = mapped_column(String(300))

    services: Mapped[list[OrganizationService]] = parts(
        "organization", "OrganizationService.position"
    )
    memberships: Mapped[list[Membership]] = relationship(back_populates="organization")
    coalition_memberships: Mapped[list[CoalitionMembership]] = relationship(
        back_populates="organization", order_by="CoalitionMembership.id"
    )

    @property
    def kind_label(self) -> str:
        return OrganizationKind(self.kind).label

    def __repr__(self) -> str:
        return f"<Organization {self.name}>"


class OrganizationService(Base):
    """Something an organization offers that an officer can refer someone to."""

    __tablename__ = "organization_services"

    id: Mapped[intpk]
    organization_id: Mapped[int] = belongs_to("organizations", index=True)
    name: Mapped[name_str] = mapped_column(index=True)
    position: Mapped[int] = mapped_column(default=0)

    organization: Mapped[Organization] = relationship(back_populates="services")
