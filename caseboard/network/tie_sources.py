"""Where tie strength comes from when it is derived rather than read from
the tie table: the contacts, meetings attended together and declared
relationships of the people in a scope, each query shaped for the database's
planner, and the rule that a viewer counts only the cases they may see."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from flask import g, has_request_context
from sqlalchemy import Select, and_, not_, or_, select, true
from sqlalchemy.orm import aliased

from caseboard.clock import local_date
from caseboard.extensions import db
from caseboard.models import (
    Attendance,
    AttendanceStatus,
    Case,
    Interaction,
    InteractionKind,
    InteractionParticipant,
    Meeting,
    PersonTie,
    User,
)
from caseboard.permissions import visible_cases


@dataclass(frozen=True)
class Reach:
    """Which ties a query asks for: among ``people`` (None: everyone), or
    ``touching`` them; the conditions are shaped for the database's planner."""

    people: set[int] | None
    touching: bool
    postgresql: bool

    def declared(self, left, right):
        """For declared relationships: one indexed table, no join."""
        if self.people is None:
            return true()
        if self.touching:
            return or_(left.in_(self.people), right.in_(self.people))
        return and_(left.in_(self.people), right.in_(self.people))

    def sides(self, this, that, group, link):
        """The scope as conditions on the self-join of participants (or
        attendance), shaped for each planner — an OR over both sides makes
        SQLite scan every participant and PostgreSQL hash every interaction
        (0.5 s for one neighbourhood at city scale). "+ 0" keeps a planner
        off an index, so the column only filters.

        PostgreSQL: each condition searchable through the person index of
        ``this`` side, filtering ``that`` side. SQLite: first the
        interactions (meetings) someone in scope took part in, then both
        sides filtered — the PostgreSQL shape made SQLite stall for 30 s on
        some neighbourhoods under load (bench: p99 36 s)."""
        scope = self.people
        if scope is None:
            yield true()
        elif self.postgresql and self.touching:
            yield this.in_(scope)
            yield and_(that.in_(scope), not_((this + 0).in_(scope)))
        elif self.postgresql:
            yield and_(this.in_(scope), (that + 0).in_(scope))
        else:
            involved = group.in_(select(link).where(link.table.c.person_id.in_(scope)))
            left, right = this + 0, that + 0
            either = or_ if self.touching else and_
            yield and_(involved, either(left.in_(scope), right.in_(scope)))


def _together(mine, theirs, link: str, *columns):
    """Each pair of people in the same interaction (or meeting) once:
    ``mine`` and ``theirs`` are two aliases of the table joined on ``link``."""
    return select(mine.person_id, theirs.person_id, *columns).join(
        theirs,
        and_(
            getattr(theirs, link) == getattr(mine, link),
            theirs.person_id > mine.person_id,
        ),
    )


def contacts(
    reach: Reach, as_of: date, viewer: User | None
) -> Iterator[tuple[int, int, str, date]]:
    """(person, person, kind, day) for each logged contact up to ``as_of``."""
    mine, theirs = aliased(InteractionParticipant), aliased(InteractionParticipant)
    for side in reach.sides(
        mine.person_id,
        theirs.person_id,
        mine.interaction_id,
        InteractionParticipant.interaction_id,
    ):
        yield from db.session.execute(
            _together(
                mine,
                theirs,
                "interaction_id",
                Interaction.kind,
                Interaction.occurred_on,
            )
            .join(Interaction, Interaction.id == mine.interaction_id)
            .where(Interaction.occurred_on <= as_of)
            .where(side)
            .where(case_visible(Interaction.case_id, viewer))
        )


def meetings(
    reach: Reach, as_of: date, viewer: User | None
) -> Iterator[tuple[int, int, str, date]]:
    """(person, person, "meeting", day) for each meeting up to ``as_of``
    both attended."""
    here, there = aliased(Attendance), aliased(Attendance)
    for side in reach.sides(
        here.person_id, there.person_id, here.meeting_id, Attendance.meeting_id
    ):
        met = db.session.execute(
            _together(here, there, "meeting_id", Meeting.starts_at)
            .join(Meeting, Meeting.id == here.meeting_id)
            .where(
                here.status == AttendanceStatus.PRESENT,
                there.status == AttendanceStatus.PRESENT,
            )
            .where(side)
            .where(case_visible(Meeting.case_id, viewer))
        )
        # mypy unpacks SQLAlchemy 2.1's Row[*Ts] as objects: the types, spelled out.
        for x, y, starts_at in cast(Iterable[tuple[int, int, datetime]], met):
            day = local_date(starts_at)
            if day <= as_of:
                yield x, y, InteractionKind.MEETING, day


def declared(reach: Reach, as_of: date) -> Iterator[tuple[int, int, str, date]]:
    """(person, person, kind, since) for each relationship declared as of
    ``as_of``."""
    yield from db.session.execute(
        select(
            PersonTie.person_a_id,
            PersonTie.person_b_id,
            PersonTie.kind,
            PersonTie.since,
        )
        .where(PersonTie.since <= as_of)
        .where(or_(PersonTie.until.is_(None), PersonTie.until > as_of))
        .where(reach.declared(PersonTie.person_a_id, PersonTie.person_b_id))
    )


def visible_case_ids(viewer: User | None, case_ids: set[int | None]) -> set[int] | None:
    """Of ``case_ids``, those the viewer may see, by id; None: all of them
    (no viewer, or an administrator)."""
    if viewer is None or viewer.is_admin:
        return None
    wanted = [case_id for case_id in case_ids if case_id is not None]
    if not wanted:
        return set()
    query = _visible_case_ids_query(viewer)
    return set(db.session.scalars(query.where(Case.id.in_(wanted))))


def _visible_case_ids_query(viewer: User) -> Select[int]:
    """``visible_cases(viewer)``'s ids, built once per request: building it
    reads the viewer's coalitions and cost 10–20 ms, and a neighbourhood
    asks three times. Only the statement is kept, never its answers."""
    if not has_request_context():
        return visible_cases(viewer).with_only_columns(Case.id)
    built = g.setdefault("visible_case_ids_queries", {})
    if viewer.id not in built:
        built[viewer.id] = visible_cases(viewer).with_only_columns(Case.id)
    return built[viewer.id]


def allows(visible: set[int] | None, case_id: int | None) -> bool:
    """Whether a row on ``case_id`` counts, given ``visible_case_ids``: one
    on no case always does."""
    return visible is None or case_id is None or case_id in visible


def case_visible(case_id, viewer: User | None):
    if viewer is None or viewer.is_admin:
        return true()
    visible = visible_cases(viewer).with_only_columns(Case.id)
    return or_(case_id.is_(None), case_id.in_(visible))
