"""The outbox: every email Caseboard sends, with where it got to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseboard.models.base import Base, EnumString, created_at
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, email_str, intpk, refers_to


class EmailStatus(LabelledEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"
    # Built when the recipient could no longer see what it was about.
    WITHHELD = "withheld"


class Email(Base):
    __tablename__ = "emails"
    __table_args__ = (Index("ix_emails_status_time", "status", "created_at"),)

    id: Mapped[intpk]
    user_id: Mapped[int | None] = refers_to("users", index=True)
    notification_id: Mapped[int | None] = refers_to("notifications", index=True)
    to_address: Mapped[email_str] = mapped_column(default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    text_body: Mapped[str] = mapped_column(Text, default="")
    html_body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[EmailStatus] = mapped_column(
        EnumString(EmailStatus, 20), default=EmailStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[created_at]
    sent_at: Mapped[datetime | None]


class DigestClaim(Base):
    """The right to send one user's digest for one period, taken once.

    A worker inserts the row before it builds the digest; the unique index
    lets only one of several workers (or a worker restarted mid-run) take it,
    so nobody gets the same day's digest twice. ``email_id`` is the mail sent
    (none: the digest was empty and skipped).
    """

    __tablename__ = "digest_claims"
    __table_args__ = (
        UniqueConstraint("user_id", "period", name="uq_digest_claims_user_period"),
    )

    id: Mapped[intpk]
    user_id: Mapped[int] = belongs_to("users")
    period: Mapped[str] = mapped_column(String(30))  # "daily:2026-12-07"
    email_id: Mapped[int | None] = refers_to("emails")
    claimed_at: Mapped[created_at]
