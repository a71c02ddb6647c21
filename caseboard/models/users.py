from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import (
    Base,
    UTCDateTime,
    Versioned,
    created_at,
    email_str,
    intpk,
)

if TYPE_CHECKING:
    from caseboard.models.people import Person


class SiteRole(StrEnum):
    """What a user may do across the whole installation.

    Per-case rights come from roles on the case, not from here.
    """

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    MEMBER = "member"
    READ_ONLY = "read_only"

    @property
    def label(self) -> str:
        return {
            "admin": "Administrator",
            "coordinator": "Coordinator",
            "member": "Member",
            "read_only": "Read-only",
        }[self.value]


class User(UserMixin, Versioned, Base):
    """A person who can sign in. Every user is a person; most people are not users."""

    __tablename__ = "users"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), unique=True
    )
    email: Mapped[email_str] = mapped_column(unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    site_role: Mapped[str] = mapped_column(String(20), default=SiteRole.MEMBER)
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the session id: bumping it signs the user out everywhere.
    session_generation: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[created_at]

    person: Mapped[Person] = relationship(back_populates="user")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role(self) -> SiteRole:
        return SiteRole(self.site_role)

    @property
    def is_admin(self) -> bool:
        return self.site_role == SiteRole.ADMIN

    @property
    def name(self) -> str:
        return self.person.full_name

    def __repr__(self) -> str:
        return f"<User {self.email}>"
