"""The tie table kept current in the same transaction as every contact.

A session listener (like the data version's in ``freshness``) notes, before
each flush, the people of every contact, participant, meeting and attendance
the flush changes — their old participants and attendees, read before the
flush — and after the flush their new ones, then recomputes the rows of each
pair among those people from those pairs' own contacts (indexed reads, nothing
else). No service can forget it; edits and deletions are as exact as new
contacts. Bulk loads that bypass the ORM (the generator) call
``tie_table.rebuild``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, event, inspect, select
from sqlalchemy.orm import Session

from caseboard.models import Attendance, Interaction, InteractionParticipant, Meeting
from caseboard.network.tie_table import refresh

_PENDING = "tie_table_pending"


def _changed(obj: Any, *names: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _touched(session: Session) -> tuple[list[Any], list[Any], set[int]]:
    """Interactions and meetings whose people's pairs change, and people
    named directly (a participant or attendance row added or removed)."""
    interactions: list[Any] = []
    meetings: list[Any] = []
    people: set[int] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        dirty = obj in session.dirty
        if isinstance(obj, Interaction):
            if not dirty or _changed(obj, "occurred_on", "kind", "case_id"):
                interactions.append(obj)
        elif isinstance(obj, InteractionParticipant):
            interactions.append(obj.interaction or obj.interaction_id)
            if obj.person_id is not None:
                people.add(obj.person_id)
        elif isinstance(obj, Meeting):
            if not dirty or _changed(obj, "starts_at", "case_id"):
                meetings.append(obj)
        elif isinstance(obj, Attendance):
            meetings.append(obj.meeting or obj.meeting_id)
            if obj.person_id is not None:
                people.add(obj.person_id)
    return interactions, meetings, people


def _ids(objects: list[Any]) -> set[int]:
    ids = {o if isinstance(o, int) else getattr(o, "id", None) for o in objects}
    return {i for i in ids if i is not None}


def _people_of(
    connection: Connection, interactions: set[int], meetings: set[int]
) -> set[int]:
    people: set[int] = set()
    if interactions:
        people |= set(
            connection.scalars(
                select(InteractionParticipant.person_id).where(
                    InteractionParticipant.interaction_id.in_(interactions)
                )
            )
        )
    if meetings:
        people |= set(
            connection.scalars(
                select(Attendance.person_id).where(Attendance.meeting_id.in_(meetings))
            )
        )
    return people


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    interactions, meetings, people = _touched(session)
    if not (interactions or meetings or people):
        return
    connection = session.connection()
    # Who was in them before this flush (removed participants included).
    people |= _people_of(connection, _ids(interactions), _ids(meetings))
    pending = session.info.setdefault(_PENDING, [])
    pending.append((interactions, meetings, people))


def _after_flush(session: Session, _context: Any) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    connection = session.connection()
    people: set[int] = set()
    for interactions, meetings, named in pending:
        people |= named
        people |= _people_of(connection, _ids(interactions), _ids(meetings))
    refresh(connection, people)


def listen() -> None:
    """Keep the tie table current on every flush that changes contacts."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
