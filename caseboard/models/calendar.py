"""A user's personal calendar feed: the URL's token, kept only as a hash."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from caseboard.models.base import Base, created_at
from caseboard.models.columns import belongs_to, intpk


class CalendarFeed(Base):
    __tablename__ = "calendar_feeds"

    id: Mapped[intpk]
    user_id: Mapped[int] = belongs_to("users", unique=True)
    # SHA-256 of the token in the URL: a copy of the database opens no feed.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[created_at]
