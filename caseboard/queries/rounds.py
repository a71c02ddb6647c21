"""Due and overdue stops, today's route, and a team's coverage.

A stop's days are counted from its last visit (before its first, from the
day it joined the round). It is **due** once those days reach its ideal
interval and **overdue** once they pass its maximum; it is *within* an
interval while the days are at most that interval (so on the ideal day it is
both due and still within it). How overdue a stop is, its lateness, is its
days past the maximum (negative while it is only due). A stop going overdue
with an open case on its person or business, or with a cooling tie between
its person and the visitor, is flagged, and flagged stops come first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from caseboard.extensions import db
from caseboard.models import (
    Case,
    CaseRole,
    Interaction,
    InteractionParticipant,
    Round,
    RoundStop,
    RoundVisit,
    User,
)
from caseboard.models.cases import open_case_clause
from caseboard.network.ties import ACTIVE_DAYS, COOLING_DAYS
from caseboard.permissions import current_organization_ids, visible_cases
from caseboard.permissions_coalitions import scope_clause
from caseboard.permissions_rounds import visible_rounds


def days_since(reference: date, on: date) -> int:
    return (on - reference).days


def is_due(days: int, ideal_days: int) -> bool:
    return days >= ideal_days


def is_overdue(days: int, max_days: int) -> bool:
    return days > max_days


@dataclass
class StopStatus:
    stop: RoundStop
    last_visit: date | None
    days: int
    flags: list[str] = field(default_factory=list)

    @property
    def lateness(self) -> int:
        return self.days - self.stop.max_days

    @property
    def due(self) -> bool:
        return is_due(self.days, self.stop.ideal_days)

    @property
    def overdue(self) -> bool:
        return is_overdue(self.days, self.stop.max_days)

    @property
    def flagged(self) -> bool:
        return bool(self.flags) and self.due

    @property
    def state(self) -> str:
        return "overdue" if self.overdue else "due" if self.due else "ok"


@dataclass
class PlaceGroup:
    place: str
    statuses: list[StopStatus]


def urgency(status: StopStatus) -> tuple[bool, int]:
    """Sort key: flagged first, then the most overdue."""
    return (not status.flagged, -status.lateness)


def group_by_place(statuses: Iterable[StopStatus]) -> list[PlaceGroup]:
    """Stops in order of urgency, gathered under their place; places in the
    order of their most urgent stop."""
    groups: dict[str, PlaceGroup] = {}
    for status in sorted(statuses, key=urgency):
        groups.setdefault(status.stop.place, PlaceGroup(status.stop.place, []))
        groups[status.stop.place].statuses.append(status)
    return list(groups.values())


def _stops_query(rounds, *, ended: bool = False):
    """The stops of ``rounds``: those on them today, or (``ended``) also
    those taken off, for the weeks they were on."""
    query = select(RoundStop) if ended else current_stops()
    return (
        query.where(RoundStop.round_id.in_(rounds.with_only_columns(Round.id)))
        .options(
            selectinload(RoundStop.person),
            selectinload(RoundStop.organization),
            selectinload(RoundStop.round),
        )
        .order_by(RoundStop.id)
    )


def current_stops():
    return select(RoundStop).where(RoundStop.current_clause())


def last_visits(stop_ids: list[int], on: date) -> dict[int, date]:
    if not stop_ids:
        return {}
    rows = db.session.execute(
        select(RoundVisit.stop_id, func.max(RoundVisit.visited_on))
        .where(RoundVisit.stop_id.in_(stop_ids), RoundVisit.visited_on <= on)
        .group_by(RoundVisit.stop_id)
    )
    return {stop_id: day for stop_id, day in rows}


def statuses(user: User, stops: list[RoundStop], on: date) -> list[StopStatus]:
    last = last_visits([s.id for s in stops], on)
    found = [
        StopStatus(s, last.get(s.id), days_since(last.get(s.id) or s.added_on, on))
        for s in stops
    ]
    _flag(user, found, on)
    return found


def _flag(user: User, found: list[StopStatus], on: date) -> None:
    people = {s.stop.person_id for s in found if s.stop.person_id}
    organizations = {s.stop.organization_id for s in found if s.stop.organization_id}
    with_case = _with_open_case(user, people, organizations)
    cooling = _cooling(user, people, on)
    for status in found:
        stop = status.stop
        if (stop.person_id, None) in with_case or (
            None,
            stop.organization_id,
        ) in with_case:
            status.flags.append("open case")
        if stop.person_id in cooling:
            status.flags.append("cooling tie")


def _with_open_case(
    user: User, people: set[int], organizations: set[int]
) -> set[tuple[int | None, int | None]]:
    """(person, None) and (None, organization) holding a current role on an
    open case the viewer may see."""
    if not people and not organizations:
        return set()
    cases = visible_cases(user).where(open_case_clause()).with_only_columns(Case.id)
    rows = db.session.execute(
        select(CaseRole.person_id, CaseRole.organization_id).where(
            CaseRole.case_id.in_(cases.scalar_subquery()),
            CaseRole.current_clause(),
            (CaseRole.person_id.in_(people))
            | (CaseRole.organization_id.in_(organizations)),
        )
    )
    found: set[tuple[int | None, int | None]] = set()
    for person_id, organization_id in rows:
        if person_id in people:
            found.add((person_id, None))
        if organization_id in organizations:
            found.add((None, organization_id))
    return found


def _cooling(user: User, people: set[int], on: date) -> set[int]:
    """People whose last contact with the viewer is cooling (past the active
    days, within the cooling ones)."""
    if not people:
        return set()
    mine = select(InteractionParticipant.interaction_id).where(
        InteractionParticipant.person_id == user.person_id
    )
    rows = db.session.execute(
        select(InteractionParticipant.person_id, func.max(Interaction.occurred_on))
        .join(Interaction, Interaction.id == InteractionParticipant.interaction_id)
        .where(
            InteractionParticipant.person_id.in_(people),
            InteractionParticipant.interaction_id.in_(mine),
            Interaction.occurred_on <= on,
        )
        .group_by(InteractionParticipant.person_id)
    )
    return {pid for pid, last in rows if ACTIVE_DAYS < (on - last).days <= COOLING_DAYS}


def kept_rounds(user: User):
    """The rounds the viewer keeps (theirs, or their team's), in scope."""
    teams = current_organization_ids(user)
    return (
        visible_rounds(user)
        .where(scope_clause(Round.coalition_id, user))
        .where((Round.officer_id == user.id) | Round.team_id.in_(teams))
    )


def todays_route(user: User, on: date) -> list[PlaceGroup]:
    """The viewer's due and overdue stops, grouped by place."""
    stops = list(db.session.scalars(_stops_query(kept_rounds(user))))
    due = [status for status in statuses(user, stops, on) if status.due]
    return group_by_place(due)


def scoped_rounds(user: User) -> list[Round]:
    query = visible_rounds(user).where(scope_clause(Round.coalition_id, user))
    return list(
        db.session.scalars(
            query.options(
                selectinload(Round.officer), selectinload(Round.team)
            ).order_by(Round.beat, Round.name)
        )
    )


# What a stop's card shows with it, in the query that loads it.
STOP_CARD = (
    joinedload(RoundStop.round),
    joinedload(RoundStop.person),
    joinedload(RoundStop.organization),
)


def visits_of(stop: RoundStop) -> list[RoundVisit]:
    """The stop's visits, latest first, with who made them."""
    return list(
        db.session.scalars(
            select(RoundVisit)
            .where(RoundVisit.stop_id == stop.id)
            .options(joinedload(RoundVisit.visited_by).joinedload(User.person))
            .order_by(RoundVisit.visited_on.desc(), RoundVisit.id.desc())
        )
    )


def round_statuses(user: User, round_: Round, on: date) -> list[StopStatus]:
    stops = list(
        db.session.scalars(_stops_query(select(Round).where(Round.id == round_.id)))
    )
    return sorted(statuses(user, stops, on), key=urgency)


# ------------------------------------------------------------------ coverage


@dataclass
class WeekCoverage:
    beat: str
    week_ending: date
    stops: int
    within_ideal: int
    within_max: int

    @property
    def ideal_share(self) -> float:
        return self.within_ideal / self.stops if self.stops else 0.0

    @property
    def max_share(self) -> float:
        return self.within_max / self.stops if self.stops else 0.0


def week_endings(on: date, weeks: int) -> list[date]:
    """The last ``weeks`` Sundays up to ``on``'s week (that week ends on
    ``on`` itself when it is not over yet)."""
    sunday = on + timedelta(days=6 - on.weekday())
    ends = [sunday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    return [min(end, on) for end in ends]


def cover(
    stops: list[RoundStop], visits: dict[int, list[date]], end: date, beat: str
) -> WeekCoverage:
    """Of the stops on the round by ``end`` (and not yet taken off), how many
    were within their ideal and their maximum interval on that day."""
    counted = within_ideal = within_max = 0
    for stop in stops:
        if stop.added_on > end or (stop.ended_on and stop.ended_on <= end):
            continue
        counted += 1
        before = [day for day in visits.get(stop.id, []) if day <= end]
        days = days_since(max(before, default=stop.added_on), end)
        within_ideal += days <= stop.ideal_days
        within_max += days <= stop.max_days
    return WeekCoverage(beat, end, counted, within_ideal, within_max)


def coverage(user: User, on: date, weeks: int = 8) -> list[WeekCoverage]:
    """Each beat's coverage at the end of each of the last ``weeks`` weeks."""
    query = visible_rounds(user).where(scope_clause(Round.coalition_id, user))
    stops = list(db.session.scalars(_stops_query(query, ended=True)))
    visits: dict[int, list[date]] = defaultdict(list)
    if stops:
        rows = db.session.execute(
            select(RoundVisit.stop_id, RoundVisit.visited_on).where(
                RoundVisit.stop_id.in_([s.id for s in stops]),
                RoundVisit.visited_on <= on,
            )
        )
        for stop_id, day in rows:
            visits[stop_id].append(day)
    by_beat: dict[str, list[RoundStop]] = defaultdict(list)
    for stop in stops:
        by_beat[stop.round.beat].append(stop)
    return [
        cover(beat_stops, visits, end, beat)
        for beat, beat_stops in sorted(by_beat.items())
        for end in week_endings(on, weeks)
    ]
