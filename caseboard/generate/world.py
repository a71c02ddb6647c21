"""What each step of the generator leaves for the next: the city in memory,
as plain ids and small records (never ORM objects)."""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from caseboard.models import OrganizationKind


@dataclass
class Org:
    id: int
    name: str
    kind: OrganizationKind
    area: str
    size_weight: float
    partners: list[int] = field(default_factory=list)
    members: list[int] = field(default_factory=list)  # current staff, person ids


@dataclass
class PersonRecord:
    id: int
    name: str
    org_id: int
    sociability: float


@dataclass
class CaseRecord:
    id: int
    title: str
    lead_org_id: int
    opened_on: date
    closed_on: date | None
    status: str
    coordinator_id: int | None
    coalition_id: int = 0
    org_ids: list[int] = field(default_factory=list)  # active, not observers
    person_ids: list[int] = field(default_factory=list)  # active person roles
    agenda_items: list[tuple[int, date]] = field(default_factory=list)


class WeightedPicker:
    """Draws items with given weights in O(log n) each (power-law friendly)."""

    def __init__(self, items: list[int], weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))

    def __bool__(self) -> bool:
        return bool(self.items)

    def pick(self, rng: random.Random) -> int:
        point = rng.random() * self.cumulative[-1]
        index = bisect.bisect_right(self.cumulative, point)
        return self.items[min(index, len(self.items) - 1)]


@dataclass
class World:
    rng: random.Random
    today: date
    now: datetime
    password_hash: str
    orgs: list[Org] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    # user id -> (person id, site role)
    users: dict[int, tuple[int, str]] = field(default_factory=dict)
    coordinators: list[int] = field(default_factory=list)  # user ids
    coalition_by_area: dict[str, int] = field(default_factory=dict)
    cases: list[CaseRecord] = field(default_factory=list)
    org_cases: dict[int, list[int]] = field(default_factory=dict)
    ties: list[tuple[int, int]] = field(default_factory=list)
    neighbours: dict[int, list[int]] = field(default_factory=dict)
    problem_types: dict[str, int] = field(default_factory=dict)
    emails: dict[int, str] = field(default_factory=dict)  # person id -> email
    open_cases_by_area: dict[str, list[CaseRecord]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.org_by_id: dict[int, Org] = {}
        self.person_by_id: dict[int, PersonRecord] = {}

    def add_org(self, org: Org) -> None:
        self.orgs.append(org)
        self.org_by_id[org.id] = org

    def add_person(self, person: PersonRecord) -> None:
        self.people.append(person)
        self.person_by_id[person.id] = person

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def moment(self, day: date, hour: int | None = None) -> datetime:
        """A time of the working day on ``day``, never after now."""
        hour = self.rng.randint(8, 18) if hour is None else hour
        value = datetime.combine(day, time(hour, self.rng.randrange(0, 60, 5)), UTC)
        return min(value, self.now)

    def recent_days_ago(self, span: int, skew: float = 1.6) -> int:
        """Days back within ``span``, recent days more likely than old ones."""
        return int(span * self.rng.random() ** skew)

    def user_of_person(self) -> dict[int, int]:
        return {person_id: user_id for user_id, (person_id, _) in self.users.items()}
