"""Personal API tokens: a user's scripts act as the user through them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from caseboard.models.base import Base, EnumString, created_at, utcnow, via
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, intpk, refers_to
from caseboard.models.users import User


class TokenScope(LabelledEnum):
    """What a token may do: ``read`` answers GET only; ``write`` also
    changes what its user may change."""

    READ = "read", "Read"
    WRITE = "write", "Read and write"


class ApiToken(Base):
    """A personal token. The secret is shown once when it is made and only
    its SHA-256 digest is kept (a random 256-bit secret needs no slow hash);
    ``prefix`` is its first characters, shown so a user can tell tokens apart."""

    __tablename__ = "api_tokens"

    id: Mapped[intpk]
    user_id: Mapped[int] = belongs_to("users", index=True)
    name: Mapped[str] = mapped_column(String(100))
    scope: Mapped[TokenScope] = mapped_column(EnumString(TokenScope, 10))
    prefix: Mapped[str] = mapped_column(String(12))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[created_at]
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = refers_to("users")

    user: Mapped[User] = via(user_id)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired and self.user.active

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE
