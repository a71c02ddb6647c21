"""The network over time: cross-organization ties month by month, and what
changed since the last meeting.

Pure functions over the ties of a scope (``network.ties.Tie``, built with
``since`` set to the last meeting's date) and each person's organization.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from caseboard.network.ties import ACTIVE_DAYS, COOLING_DAYS, Tie

MONTHS = 12


@dataclass(frozen=True)
class Month:
    """``ties``: pairs of people in different organizations who were in
    contact that month; ``organization_pairs``: how many pairs of
    organizations those ties joined."""

    first_day: date
    ties: int
    organization_pairs: int


@dataclass
class Changes:
    """What changed in the ties between ``since`` (the last meeting) and now.

    ``new``: ties first made (first contact or declared relationship) after
    it. ``gone_quiet``: ties active then (a contact in the ``ACTIVE_DAYS``
    before it) with no contact in the last ``ACTIVE_DAYS`` now. ``renewed``:
    ties cold then (no contact in ``COOLING_DAYS``) that are active again."""

    since: date
    label: str
    new: list[tuple[int, int]] = field(default_factory=list)
    gone_quiet: list[tuple[int, int]] = field(default_factory=list)
    renewed: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class History:
    months: list[Month]
    changes: Changes | None

    @property
    def busiest(self) -> int:
        return max((m.ties for m in self.months), default=0)


def _month_starts(as_of: date, count: int) -> list[date]:
    year, month = as_of.year, as_of.month
    starts = []
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def cross_organization_months(
    ties: Iterable[Tie], organization_of: Mapping[int, int | None], as_of: date
) -> list[Month]:
    """The last ``MONTHS`` months, oldest first. People with no organization
    count as their own, so a resident's ties count as cross-organization."""
    people: dict[date, int] = defaultdict(int)
    pairs: dict[date, set[tuple[object, ...]]] = defaultdict(set)
    for tie in ties:
        left = organization_of.get(tie.a) or ("person", tie.a)
        right = organization_of.get(tie.b) or ("person", tie.b)
        if left == right:
            continue
        pair = tuple(sorted((left, right), key=repr))
        for month in tie.months:
            people[month] += 1
            pairs[month].add(pair)
    return [
        Month(start, people.get(start, 0), len(pairs.get(start, ())))
        for start in _month_starts(as_of, MONTHS)
    ]


def changes_since(ties: Iterable[Tie], since: date, label: str, as_of: date) -> Changes:
    changes = Changes(since=since, label=label)
    for tie in ties:
        key = (tie.a, tie.b)
        now_active = (
            tie.last_contact is not None
            and (as_of - tie.last_contact).days <= ACTIVE_DAYS
        )
        before = tie.last_contact_by_since
        if tie.first_known is not None and tie.first_known > since:
            changes.new.append(key)
        elif before is not None and (since - before).days <= ACTIVE_DAYS:
            if not now_active:
                changes.gone_quiet.append(key)
        elif now_active and (before is None or (since - before).days > COOLING_DAYS):
            changes.renewed.append(key)
    return changes


def history(
    ties: Iterable[Tie],
    organization_of: Mapping[int, int | None],
    as_of: date,
    last_meeting: tuple[date, str] | None,
) -> History:
    ties = list(ties)
    changes = None
    if last_meeting is not None:
        changes = changes_since(ties, last_meeting[0], last_meeting[1], as_of)
    return History(cross_organization_months(ties, organization_of, as_of), changes)
