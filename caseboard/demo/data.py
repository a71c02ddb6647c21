"""The demo city: Harbor City and its coalitions (``data/city.toml``), and the
names and titles its staff are drawn from (``data/names.toml``).

Key people are named; the rest are drawn from the name lists with a fixed seed
so every load produces the same demo. ``caseboard generate`` draws from the
same lists (``FIRST_NAMES``, ``LAST_NAMES``, ``TITLES``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from caseboard.models import OrganizationKind
from caseboard.models.users import SiteRole

from .records import DATA, DemoDataError, Traversable, build, read


@dataclass(frozen=True)
class Organization:
    name: str
    kind: OrganizationKind
    description: str
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coalition:
    name: str
    # The user (email) who runs it and logs contacts for its people when
    # none of them signs in.
    coordinator: str
    organizations: tuple[Organization, ...]
    purpose: str = ""
    area: str = ""
    # Organizations listed under another coalition that belong here too.
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyPerson:
    """Someone the stories are about; ``site_role`` when they sign in."""

    name: str
    organization: str
    title: str
    email: str | None = None  # None: made from the name and organization
    site_role: SiteRole | None = None
    organization_administrator: bool = False


@dataclass(frozen=True)
class PastPosition:
    """An earlier job in someone's history."""

    person: str
    organization: str
    title: str
    years: int  # in that job
    ended_years_ago: int


@dataclass(frozen=True)
class City:
    coalitions: tuple[Coalition, ...]
    key_people: tuple[KeyPerson, ...]
    past_positions: tuple[PastPosition, ...] = ()


@dataclass(frozen=True)
class Names:
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    # People drawn per organization kind, on top of the key people.
    staff_per_kind: dict[OrganizationKind, int]
    titles: dict[OrganizationKind, tuple[str, ...]]


def load_city(root: Traversable = DATA) -> City:
    """Harbor City as ``city.toml`` describes it (``DemoDataError`` if it
    cannot be used)."""
    city = build(City, read("city.toml", root), "city.toml")
    organizations = {o.name for c in city.coalitions for o in c.organizations}
    for number, person in enumerate(city.key_people, start=1):
        where = f"city.toml, key_people[{number}] “{person.name}”"
        if person.organization not in organizations:
            raise DemoDataError(f"{where}: no organization “{person.organization}”")
        if person.site_role and not person.email:
            raise DemoDataError(f"{where}: someone who signs in needs an email")
    return city


def load_names(root: Traversable = DATA) -> Names:
    names = build(Names, read("names.toml", root), "names.toml")
    for field in ("staff_per_kind", "titles"):
        missing = set(OrganizationKind) - set(getattr(names, field))
        if missing:
            kinds = ", ".join(sorted(missing))
            raise DemoDataError(f"names.toml, {field}: no entry for {kinds}")
    return names


@functools.cache
def city() -> City:
    return load_city()


_NAMES = load_names()
FIRST_NAMES = _NAMES.first_names
LAST_NAMES = _NAMES.last_names
TITLES = _NAMES.titles
STAFF_PER_KIND = _NAMES.staff_per_kind
