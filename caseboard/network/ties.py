"""Tie strength, derived from contacts — never typed in.

Each contact between two people contributes

    w(contact) = BASE[kind] × 2^(−age_days / HALF_LIFE[kind])

and the contacts combine as

    strength(a, b) = 1 − exp(−Σ w(contact))        (0 ≤ strength < 1)

— the same meaning as the earlier 1 − Π(1 − w): independent chances of
"being in touch", many small contacts add up, nothing reaches 1, and for
small weights the two agree (1 − w ≈ exp(−w)); a single fresh contact of
BASE 0.3 now gives 0.26. The change makes a tie a sum of exponentially
decaying terms, which the tie table (``caseboard.models.network_ties``)
updates in O(1) per contact and reads in O(1) on any later day; a product
of (1 − w) cannot be kept that way. Attending the same meeting counts as a contact of
kind "meeting". A declared relationship (not "strained") gives a floor of
``DECLARED_FLOOR``: people who say they work together are tied even in a
quiet month.

State, from the last contact: active (≤ ACTIVE_DAYS ago), cooling
(≤ COOLING_DAYS), cold (longer, or never).

``ties`` reads the tie table for today's network and derives from the
contacts for a past date (the network as of a day).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import selectinload

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    InteractionKind,
    Membership,
    Person,
    TieKind,
    TieMonth,
    TieShare,
    User,
)
from caseboard.network import tie_sources as sources
from caseboard.network.tie_sources import Reach

BASE: dict[str, float] = {
    InteractionKind.MEETING: 0.15,
    InteractionKind.CALL: 0.30,
    InteractionKind.VISIT: 0.40,
    InteractionKind.FOOT_BEAT: 0.30,
    InteractionKind.REFERRAL: 0.40,
    InteractionKind.JOINT_OPERATION: 0.50,
    InteractionKind.EVENT: 0.15,
    InteractionKind.EMAIL: 0.10,
}
HALF_LIFE_DAYS: dict[str, int] = {
    InteractionKind.MEETING: 90,
    InteractionKind.CALL: 60,
    InteractionKind.VISIT: 120,
    InteractionKind.FOOT_BEAT: 45,
    InteractionKind.REFERRAL: 120,
    InteractionKind.JOINT_OPERATION: 180,
    InteractionKind.EVENT: 60,
    InteractionKind.EMAIL: 30,
}
DECLARED_FLOOR = 0.30
ACTIVE_DAYS = 60
COOLING_DAYS = 180


def contact_weight(kind: str, occurred_on: date, as_of: date) -> float:
    return hazard(kind, (as_of - occurred_on).days)


def hazard(kind: str, age_days: int) -> float:
    """A contact's weight (its share of the exponent) ``age_days`` after it:
    halved every half-life, never more than BASE."""
    # The tables are keyed by members of a string enum, so the value itself
    # finds them: no enum lookup per contact (a rebuild makes a million).
    return BASE[kind] * 2 ** (-max(age_days, 0) / HALF_LIFE_DAYS[kind])


def decayed(kind: str, level: float, days: int) -> float:
    """A sum of exponents ``days`` later."""
    return level * 2 ** (-days / HALF_LIFE_DAYS[kind])


@dataclass
class Tie:
    a: int
    b: int
    strength: float = 0.0
    last_contact: date | None = None
    contacts: int = 0
    declared: set[str] = field(default_factory=set)
    # For the network over time: the first contact or declared relationship,
    # the months (their first days) with a contact in the year to ``as_of``,
    # and the last contact on or before ``since`` (the last meeting).
    first_known: date | None = None
    months: set[date] = field(default_factory=set)
    last_contact_by_since: date | None = None
    _hazard: float = 0.0  # Σ w, kept while contacts are added

    def add_contact(
        self, kind: str, occurred_on: date, as_of: date, since: date | None = None
    ) -> None:
        self._hazard += hazard(kind, (as_of - occurred_on).days)
        self.contacts += 1
        if self.last_contact is None or occurred_on > self.last_contact:
            self.last_contact = occurred_on
        self._known_on(occurred_on)
        if (as_of - occurred_on).days < 366:
            self.months.add(occurred_on.replace(day=1))
        if (
            since is not None
            and occurred_on <= since
            and (
                self.last_contact_by_since is None
                or occurred_on > self.last_contact_by_since
            )
        ):
            self.last_contact_by_since = occurred_on

    def add_declared(self, kind: str, since: date) -> None:
        self.declared.add(kind)
        self._known_on(since)

    def _known_on(self, day: date) -> None:
        if self.first_known is None or day < self.first_known:
            self.first_known = day

    def finish(self) -> Tie:
        self.strength = 1 - math.exp(-self._hazard)
        if self.declared - {TieKind.STRAINED}:
            self.strength = max(self.strength, DECLARED_FLOOR)
        return self

    def state(self, as_of: date | None = None) -> str:
        if self.last_contact is None:
            return "cold"
        age = ((as_of or today()) - self.last_contact).days
        if age <= ACTIVE_DAYS:
            return "active"
        return "cooling" if age <= COOLING_DAYS else "cold"

    def other(self, person_id: int) -> int:
        return self.b if person_id == self.a else self.a


def _pair(x: int, y: int) -> tuple[int, int]:
    return (x, y) if x < y else (y, x)


def ties(
    people: Iterable[int] | None = None,
    as_of: date | None = None,
    touching: bool = False,
    since: date | None = None,
    viewer: User | None = None,
    months: bool = True,
) -> dict[tuple[int, int], Tie]:
    """Ties among ``people`` (both ends in the set), or — with ``touching`` —
    every tie with at least one end in it; all ties when ``people`` is None.
    Only contacts up to ``as_of`` count (the network as of a past date).
    ``since`` (a past date) makes each tie remember its last contact by then.
    With ``viewer``, contacts logged on cases they may not see, and meetings of
    such cases, do not count: a tie may not reveal what its case hides.
    Without ``months`` today's ties leave ``months`` and
    ``last_contact_by_since`` empty (only the network over time reads them),
    one query fewer.

    Today's ties come from the tie table; a past date's from the contacts."""
    as_of = as_of or today()
    reach = Reach(
        set(people) if people is not None else None,
        touching,
        postgresql=db.session.get_bind().dialect.name == "postgresql",
    )
    if as_of < today():
        return _derived(reach, as_of, since, viewer)
    return _maintained(reach, as_of, since, viewer, months)


def _pairs() -> tuple[dict[tuple[int, int], Tie], Callable[[int, int], Tie]]:
    found: dict[tuple[int, int], Tie] = {}

    def tie(x: int, y: int) -> Tie:
        key = _pair(x, y)
        if key not in found:
            found[key] = Tie(*key)
        return found[key]

    return found, tie


def _derived(
    reach: Reach, as_of: date, since: date | None, viewer: User | None
) -> dict[tuple[int, int], Tie]:
    found, tie = _pairs()
    for x, y, kind, day in chain(
        sources.contacts(reach, as_of, viewer), sources.meetings(reach, as_of, viewer)
    ):
        tie(x, y).add_contact(kind, day, as_of, since)
    for x, y, kind, declared_since in sources.declared(reach, as_of):
        tie(x, y).add_declared(kind, declared_since)
    return {key: t.finish() for key, t in found.items()}


def _maintained(
    reach: Reach,
    as_of: date,
    since: date | None,
    viewer: User | None,
    with_months: bool = True,
) -> dict[tuple[int, int], Tie]:
    """From the tie table: each pair's shares on cases the viewer may see,
    read on ``as_of``, and its days with a contact in the months the history
    needs. A pair with a contact after ``as_of`` (a meeting marked attended
    ahead of its day) is derived from its contacts instead."""
    connection = db.session.connection()  # Core rows: no ORM loading per row
    rate = {kind: math.log(2) / days for kind, days in HALF_LIFE_DAYS.items()}
    found, tie = _pairs()
    later: set[tuple[int, int]] = set()
    shares = select(
        TieShare.person_a_id,
        TieShare.person_b_id,
        # The kind as its text: ``rate`` finds it all the same (a StrEnum's
        # members are their values), and no enum is made per row (40,000
        # rows for a case of 800 people).
        type_coerce(TieShare.kind, String()),
        TieShare.level,
        TieShare.contacts,
        TieShare.first_on,
        TieShare.last_on,
        TieShare.case_id,
    ).where(
        reach.declared(TieShare.person_a_id, TieShare.person_b_id),
        *_everywhere(reach, TieShare.case_id, viewer),
    )
    rows = connection.execute(shares).all()
    allowed = _allowed_cases(reach, viewer, {row.case_id for row in rows})
    for a, b, kind, level, contacts, first_on, last_on, case_id in rows:
        if not sources.allows(allowed, case_id):
            continue
        if last_on > as_of:
            later.add((a, b))
            continue
        t = found.get((a, b)) or tie(a, b)
        t._hazard += level * math.exp(-rate[kind] * (as_of - last_on).days)
        t.contacts += contacts
        if t.last_contact is None or last_on > t.last_contact:
            t.last_contact = last_on
        if t.first_known is None or first_on < t.first_known:
            t.first_known = first_on
    if with_months:
        _read_months(reach, as_of, since, viewer, allowed, found, later)
    for x, y, kind_declared, declared_since in sources.declared(reach, as_of):
        tie(x, y).add_declared(kind_declared, declared_since)
    for key in later:
        found.pop(key, None)
    if later:
        ends = {person for pair in later for person in pair}
        again = _derived(Reach(ends, False, reach.postgresql), as_of, since, viewer)
        found.update({key: t for key, t in again.items() if key in later})
    return {key: t.finish() for key, t in found.items()}


def _everywhere(reach: Reach, case_id: Any, viewer: User | None) -> list[Any]:
    """The viewer's case filter in the query, for the whole network. For a
    part of it the cases met in its rows are checked instead, in one query by
    id (``_allowed_cases``): a filter on every case the viewer may see cost
    10–40 ms per statement at city scale."""
    return [] if reach.people is not None else [sources.case_visible(case_id, viewer)]


def _allowed_cases(
    reach: Reach, viewer: User | None, case_ids: set[int | None]
) -> set[int] | None:
    """For a part of the network, which of the cases met the viewer may see;
    None (no check left to do) for the whole network."""
    if reach.people is None:
        return None
    return sources.visible_case_ids(viewer, case_ids)


def _read_months(
    reach: Reach,
    as_of: date,
    since: date | None,
    viewer: User | None,
    allowed: set[int] | None,
    found: dict[tuple[int, int], Tie],
    later: set[tuple[int, int]],
) -> None:
    """Each found tie's months with a contact in the year to ``as_of`` and
    its last contact by ``since``, from the tie table's days per month."""
    months = select(
        TieMonth.person_a_id,
        TieMonth.person_b_id,
        TieMonth.month,
        TieMonth.days,
        TieMonth.case_id,
    ).where(
        reach.declared(TieMonth.person_a_id, TieMonth.person_b_id),
        TieMonth.month >= _month_window(as_of, since),
        *_everywhere(reach, TieMonth.case_id, viewer),
    )
    days_back = as_of - timedelta(days=365)  # "in the year to as_of"
    first_month, this_month = days_back.replace(day=1), as_of.replace(day=1)
    since_month = since.replace(day=1) if since is not None else None
    for a, b, month, days, case_id in db.session.connection().execute(months):
        held = found.get((a, b))
        if held is None or (a, b) in later or not sources.allows(allowed, case_id):
            continue
        if first_month < month < this_month or (
            month in (first_month, this_month)
            and any(days_back <= d <= as_of for d in _month_days(month, days))
        ):
            held.months.add(month)
        if since is not None and since_month is not None and month <= since_month:
            bits = days if month < since_month else days & ((1 << since.day) - 1)
            day = month.replace(day=bits.bit_length()) if bits else None
            before = held.last_contact_by_since
            if day is not None and (before is None or day > before):
                held.last_contact_by_since = day


def _month_window(as_of: date, since: date | None) -> date:
    """The first month the history needs: the year to ``as_of`` and, for
    what changed since the last meeting, the cooling period before it."""
    start = as_of - timedelta(days=366)
    if since is not None:
        start = min(start, since - timedelta(days=COOLING_DAYS + 1))
    return start.replace(day=1)


def _month_days(month: date, days: int) -> Iterator[date]:
    """The days whose bits are set (bit 0: the first of the month)."""
    bit = 0
    while days:
        if days & 1:
            yield month.replace(day=bit + 1)
        days >>= 1
        bit += 1


def ties_of_person(
    person_id: int, viewer: User | None = None
) -> list[tuple[Person, Tie]]:
    """A person's ties (as ``viewer`` may know them, when given), strongest
    first, with the other person loaded."""
    found = ties([person_id], touching=True, viewer=viewer)
    others = {t.other(person_id): t for t in found.values()}
    people = db.session.scalars(
        select(Person)
        .where(Person.id.in_(list(others)))
        .options(selectinload(Person.memberships).joinedload(Membership.organization))
    ).all()
    pairs = [(person, others[person.id]) for person in people]
    pairs.sort(key=lambda pair: (-pair[1].strength, pair[0].full_name))
    return pairs
