"""Notes on a case, a person or a meeting, optionally restricted to named
organizations ("police only", "outreach only")."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import Base, EnumString, created_at
from caseboard.models.columns import belongs_to, intpk, refers_to
from caseboard.models.organizations import Organization
from caseboard.models.users import User


class NoteSubject(StrEnum):
    CASE = "case"
    PERSON = "person"
    MEETING = "meeting"
    STOP = "stop"  # a round's stop: its contact card


class Note(Base):
    """A note. With no ``restricted_to`` organizations, everyone who may see
    its subject reads it; with some, only their current staff (and
    administrators) do, and nothing else shows it exists."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_subject", "subject_type", "subject_id"),)

    id: Mapped[intpk]
    subject_type: Mapped[NoteSubject] = mapped_column(EnumString(NoteSubject, 20))
    subject_id: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = refers_to("users")
    created_at: Mapped[created_at]

    author: Mapped[User | None] = relationship()
    restricted_to: Mapped[list[Organization]] = relationship(
        secondary="note_organizations", order_by="Organization.name"
    )

    @property
    def is_restricted(self) -> bool:
        return bool(self.restricted_to)

    @property
    def when(self) -> datetime:
        return self.created_at


class NoteOrganization(Base):
    __tablename__ = "note_organizations"

    note_id: Mapped[int] = belongs_to("notes", primary_key=True)
    organization_id: Mapped[int] = belongs_to(
        "organizations", primary_key=True, index=True
    )
