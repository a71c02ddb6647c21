"""The network's data version: a value renewed in the same transaction as
every change the network reads, so cached results know when they are stale.

A session listener does the bumping, so no service can forget it. Bulk loads
that bypass the ORM (the generator) call ``bump`` themselves.
"""

from __future__ import annotations

import secrets
from itertools import chain
from typing import Any, cast

from sqlalchemy import Table, event, insert, select, update
from sqlalchemy.orm import Session, scoped_session

from caseboard.models import (
    Attendance,
    CaseRole,
    DataVersion,
    Interaction,
    InteractionParticipant,
    Meeting,
    Membership,
    Organization,
    Person,
    PersonTie,
)

NETWORK = "network"
# Who is in the directory: renewed only when a person is added or removed, so
# the people's ids a network key digests (``snapshots.visible_people_digest``)
# are read again then, not after every contact logged.
PEOPLE = "people"

# What the graph, its metrics or its scopes are built from: the contacts and
# declared relationships tie strength comes from, and who is in a scope and
# under which organization. Case titles and meeting notes are not: editing
# them leaves cached metrics valid.
TIE_SOURCES = (Attendance, Interaction, InteractionParticipant, Meeting, PersonTie)
SCOPE_SOURCES = (CaseRole, Membership, Organization, Person)
WATCHED = TIE_SOURCES + SCOPE_SOURCES


def current(session: Session | scoped_session[Any], name: str = NETWORK) -> int:
    value = session.scalar(select(DataVersion.value).where(DataVersion.name == name))
    return value or 0


def both(session: Session | scoped_session[Any]) -> tuple[int, int]:
    """The network's version and the people's, in one query (pages that
    key a result on both read them together)."""
    found = dict(
        session.execute(
            select(DataVersion.name, DataVersion.value).where(
                DataVersion.name.in_((NETWORK, PEOPLE))
            )
        ).all()
    )
    return found.get(NETWORK) or 0, found.get(PEOPLE) or 0


def bump(
    session: Session | scoped_session[Any], names: tuple[str, ...] = (NETWORK, PEOPLE)
) -> None:
    """Give the data (by default all of it: a bulk load or a rebuild) a new
    version inside the session's transaction.

    A random value rather than a count: a count can repeat — after a restore
    from backup, or tables emptied in tests — and a worker would then trust
    a cached result for different data. Going through the connection, not
    the session, so it is safe inside a flush."""
    connection = session.connection()
    table = cast(Table, DataVersion.__table__)  # a mapped class's is a Table
    for name in names:
        value = secrets.randbelow(2**31 - 2) + 1
        changed = connection.execute(
            update(table).where(table.c.name == name).values(value=value)
        )
        if changed.rowcount == 0:
            connection.execute(insert(table).values(name=name, value=value))


def _touches_network(session: Session) -> bool:
    return any(
        isinstance(obj, WATCHED)
        for obj in chain(session.new, session.dirty, session.deleted)
    )


def _adds_or_removes_people(session: Session) -> bool:
    return any(isinstance(obj, Person) for obj in chain(session.new, session.deleted))


def _after_flush(session: Session, _context: Any) -> None:
    if _touches_network(session):
        people = _adds_or_removes_people(session)
        bump(session, (NETWORK, PEOPLE) if people else (NETWORK,))


def listen() -> None:
    """Bump the version after every flush that changed network data."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
