"""One-time submission keys and the record of who opened which record.

``Submission``: every create form carries a random key (a hidden field). The
key's row is inserted in the same transaction as what the form creates, so a
rollback forgets it and a retry works, while a second post of the same key
(a double click, a resent request) waits on the unique index or the write
lock, then finds the row and is sent where the first one went.

``RecordRead``: an append-only list of "this user opened this person's or
case's page at this moment" (``CASEBOARD_AUDIT_READS``), kept apart from the
hash-chained audit trail so that reading never contends with its chain.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import Base, utcnow
from caseboard.models.columns import belongs_to, intpk, refers_to

if TYPE_CHECKING:
    from caseboard.models.users import User


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = belongs_to("users")
    # Where the first post was sent (a path of this site); None until known.
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RecordRead(Base):
    __tablename__ = "record_reads"
    __table_args__ = (Index("ix_record_reads_object", "object_type", "object_id"),)

    id: Mapped[intpk]
    user_id: Mapped[int | None] = refers_to("users", index=True)
    object_type: Mapped[str] = mapped_column(String(20))  # "person" or "case"
    object_id: Mapped[int]
    path: Mapped[str] = mapped_column(String(200))
    read_at: Mapped[datetime] = mapped_column(default=utcnow)

    # One way only: a user's reads are listed per record, never per user.
    user: Mapped[User | None] = relationship()
