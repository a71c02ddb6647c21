"""The notes on a subject a viewer may read."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload

from caseboard.extensions import db
from caseboard.models import Note, User
from caseboard.permissions import visible_notes
from caseboard.services.notes import subject_type


def notes_for(viewer: User, subject: Any) -> list[Note]:
    """The notes on ``subject`` the viewer may read, newest first."""
    return list(
        db.session.scalars(
            visible_notes(viewer, subject_type(subject), subject.id)
            .order_by(Note.created_at.desc(), Note.id.desc())
            .options(selectinload(Note.restricted_to), selectinload(Note.author))
        )
    )
