from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.keys import open_secret, seal_secret
from caseboard.models.base import Base, EnumString, Versioned, created_at, parts, utcnow
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, email_str, intpk, refers_to

if TYPE_CHECKING:
    from caseboard.models.coalitions import Coalition
    from caseboard.models.people import Person


class SiteRole(LabelledEnum):
    """What a user may do across the whole installation.

    Per-case rights come from roles on the case, not from here.
    """

    ADMIN = "admin", "Administrator"
    COORDINATOR = "coordinator"
    MEMBER = "member"
    READ_ONLY = "read_only", "Read-only"


class User(UserMixin, Versioned, Base):
    """A person who can sign in. Every user is a person; most people are not users."""

    __tablename__ = "users"

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), unique=True
    )
    email: Mapped[email_str] = mapped_column(unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    site_role: Mapped[SiteRole] = mapped_column(
        EnumString(SiteRole, 20), default=SiteRole.MEMBER
    )
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the session id: bumping it signs the user out everywhere.
    session_generation: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[created_at]
    # Lockout: failed sign-ins since the window began, counted by one UPDATE
    # per attempt (services/users.py), never read-modify-written in Python.
    failed_sign_ins: Mapped[int] = mapped_column(default=0, server_default="0")
    failed_sign_ins_since: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]
    # The second factor: a base32 TOTP secret (RFC 6238), stored encrypted
    # under a key derived from the secret key (``totp_secret`` reads and
    # writes it in the clear), and the last time step accepted, so that no
    # code is accepted twice.
    sealed_totp_secret: Mapped[str | None] = mapped_column("totp_secret", String(255))
    totp_last_step: Mapped[int | None]
    totp_enabled_at: Mapped[datetime | None]
    # The coalition the pages are scoped to; none: all of the user's coalitions.
    chosen_coalition_id: Mapped[int | None] = refers_to("coalitions")

    person: Mapped[Person] = relationship(back_populates="user")
    chosen_coalition: Mapped[Coalition | None] = relationship()
    recovery_codes: Mapped[list[RecoveryCode]] = parts("user")

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

    @property
    def has_second_factor(self) -> bool:
        return self.sealed_totp_secret is not None

    @property
    def totp_secret(self) -> str | None:
        """The secret in the clear; raises ``SecretKeyMismatch`` when it was
        sealed under another secret key."""
        sealed = self.sealed_totp_secret
        return None if sealed is None else open_secret(sealed)

    @totp_secret.setter
    def totp_secret(self, secret: str | None) -> None:
        self.sealed_totp_secret = None if secret is None else seal_secret(secret)

    @property
    def is_locked(self) -> bool:
        """Refused at sign-in after too many failures, until an administrator
        unlocks them or ``locked_until`` passes."""
        return self.locked_until is not None and self.locked_until > utcnow()

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class RecoveryCode(Base):
    """A one-time code that stands in for the second factor when the phone is
    lost. Only its hash is kept; ``used_at`` is set by the one UPDATE that
    accepts it, so it works once."""

    __tablename__ = "recovery_codes"

    id: Mapped[intpk]
    user_id: Mapped[int] = belongs_to("users", index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]
    created_at: Mapped[created_at]

    user: Mapped[User] = relationship(back_populates="recovery_codes")
