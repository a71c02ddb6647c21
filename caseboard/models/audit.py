from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import Base, created_at, intpk
from caseboard.models.users import User


class AuditEvent(Base):
    """One thing that happened, written once and never changed.

    ``changes`` maps a field name to ``[before, after]``; secrets never go in.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_object", "object_type", "object_id"),)

    id: Mapped[intpk]
    occurred_at: Mapped[created_at] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    object_label: Mapped[str] = mapped_column(String(300), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    request_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()

    @property
    def when(self) -> datetime:
        return self.occurred_at
