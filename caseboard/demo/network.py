"""Relationships and the contact log for the demo city (``network_data``).

Every contact is logged with ``log_interaction`` and every relationship
declared with ``declare_tie``, so the audit trail and the case timelines are
written as the app writes them. As with the cases, each contact is then moved
back to when it happened (its row and its timeline line); the audit trail
keeps the real time of loading.

The channels are drawn with a fixed seed, oldest contact first, so every load
makes the same network. Declared relationships that are not meant to fade get
a few recent contacts if the channels gave the pair none lately (``keep_warm``
in ``data/network.toml``).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

import click
from sqlalchemy import select

from caseboard.clock import coalition_zone
from caseboard.extensions import db
from caseboard.models import Case, Person, User
from caseboard.services.contacts import declare_tie, log_interaction

from . import data, network_data
from .directory import Directory, new_timeline_events
from .network_data import Channel, Declared, Group, KeepWarm, Staff
from .records import Post

SEED = 20261124


class _Contact(NamedTuple):
    day: date
    kind: str
    people: tuple[Person, ...]
    case: str | None
    notes: str
    by: str  # the user who logs it when no participant signs in


class _People:
    """Named people, organizations' staff, and who logs for whom."""

    def __init__(self) -> None:
        self.directory = Directory()
        self.staff: dict[str, list[Person]] = {}
        self.titles: dict[int, str] = {}
        self.coalition_of: dict[int, str] = {}
        coalitions = data.city().coalitions
        self.coordinators = {c.name: c.coordinator for c in coalitions}
        # Staff of an organization outside every coalition count with the first.
        self.first_coalition = coalitions[0].name
        coalition_of_org = {
            organization.name: coalition.name
            for coalition in coalitions
            for organization in coalition.organizations
        }
        for organization_name, title, person in self.directory.current_staff:
            self.staff.setdefault(organization_name, []).append(person)
            self.titles[person.id] = title
            self.coalition_of.setdefault(
                person.id,
                coalition_of_org.get(organization_name, self.first_coalition),
            )
        # Who may log: everyone who signs in, except read-only users.
        self.loggers = {
            person_id: user
            for person_id, user in self.directory.user_of_person.items()
            if user.site_role != "read_only"
        }

    def person(self, who: str | Post) -> Person:
        person = self.directory.person(who)
        if person is None:
            raise ValueError("nobody given")
        return person

    def options(self, group: Group) -> list[list[Person]]:
        """One entry per name in the group: a person, or an organization's
        staff (with the titles asked for)."""
        entries = []
        for someone in group:
            if isinstance(someone, Staff):
                staff = [
                    p
                    for p in self.staff.get(someone.staff, [])
                    if not someone.titles or self.titles[p.id] in someone.titles
                ]
                if not staff:
                    raise LookupError(f"nobody fits {someone}")
                entries.append(staff)
            else:
                entries.append([self.person(someone)])
        return entries

    def user(self, email: str) -> User:
        return self.directory.users[email]

    def logger(self, people: tuple[Person, ...], fallback: str) -> User:
        for person in people:
            if person.id in self.loggers:
                return self.loggers[person.id]
        return self.user(fallback)

    def coordinator_of(self, person: Person) -> str:
        coalition = self.coalition_of.get(person.id, self.first_coalition)
        return self.coordinators[coalition]


def load_network(progress: bool = False) -> tuple[int, int]:
    """Log the demo contacts and declare its relationships; return how many
    of each."""
    people = _People()
    rng = random.Random(SEED)
    today = date.today()
    network, settings = network_data.network(), network_data.settings()
    contacts: list[_Contact] = []
    for channel in network.channels:
        contacts.extend(_draw(channel, people, rng, today))
    declared = [
        (spec, people.person(spec.person), people.person(spec.other))
        for spec in network.relationships
    ]
    contacts.extend(
        _keep_warm(declared, contacts, people, rng, today, settings.keep_warm)
    )
    contacts.sort(key=lambda contact: contact.day)

    cases = {case.title: case for case in db.session.scalars(select(Case))}
    with (
        new_timeline_events() as events,
        click.progressbar(contacts, label="Contacts     ", hidden=not progress) as bar,
    ):
        for contact in bar:
            case = cases[contact.case] if contact.case else None
            if case is not None:
                _check_case_day(case, contact.day)
            interaction = log_interaction(
                people.logger(contact.people, contact.by),
                occurred_on=contact.day,
                kind=contact.kind,
                people=list(contact.people),
                case=case,
                notes=contact.notes,
            )
            when = _moment(rng, contact.day)
            interaction.created_at = when
            for line in events:
                line.occurred_at = when
            events.clear()

    first_day = today - timedelta(days=settings.history_days)
    for spec, person, other in declared:
        tie = declare_tie(
            people.logger((person, other), people.coordinator_of(person)),
            person,
            other,
            kind=spec.kind,
            since=today - timedelta(days=spec.since),
            notes=spec.notes,
        )
        # Recorded when the coalition started its contact log, or when the
        # relationship began if that was later.
        recorded = max(tie.since, first_day + timedelta(days=rng.randint(0, 45)))
        tie.created_at = _moment(rng, min(recorded, today - timedelta(days=1)))
    db.session.flush()
    return len(contacts), len(declared)


def _draw(
    channel: Channel, people: _People, rng: random.Random, today: date
) -> list[_Contact]:
    left = people.options(channel.left)
    right = people.options(channel.right)
    along = people.options(channel.along) if channel.along else []
    drawn = []
    for _ in range(channel.count):
        first = rng.choice(rng.choice(left))
        chosen = [first]
        _add_someone(rng, right, chosen, required=True)
        if rng.random() < channel.extra:
            _add_someone(rng, right, chosen)
        if along and rng.random() < channel.along_chance:
            _add_someone(rng, along, chosen)
        span = channel.oldest - channel.newest
        ago = channel.newest + round(span * rng.random() ** channel.skew)
        drawn.append(
            _Contact(
                today - timedelta(days=ago),
                rng.choice(channel.kinds),
                tuple(chosen),
                channel.case,
                rng.choice(channel.notes),
                channel.by,
            )
        )
    return drawn


def _add_someone(
    rng: random.Random,
    options: list[list[Person]],
    chosen: list[Person],
    required: bool = False,
) -> None:
    for _ in range(20):
        person = rng.choice(rng.choice(options))
        if person not in chosen:
            chosen.append(person)
            return
    if required:
        raise ValueError(f"nobody else to meet {chosen[0].full_name}")


def _keep_warm(
    declared: list[tuple[Declared, Person, Person]],
    contacts: list[_Contact],
    people: _People,
    rng: random.Random,
    today: date,
    warm: KeepWarm,
) -> list[_Contact]:
    """A few recent contacts for each declared relationship the channels left
    without one in the last ``warm.oldest`` days: people who say they work
    together (or do not get on, but must) are in touch."""
    last: dict[frozenset[int], date] = {}
    for contact in contacts:
        ids = [p.id for p in contact.people]
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                key = frozenset((x, y))
                last[key] = max(last.get(key, contact.day), contact.day)
    newest, oldest = warm.newest, warm.oldest
    added = []
    for spec, person, other in declared:
        key = frozenset((person.id, other.id))
        if spec.cold or last.get(key, date.min) >= today - timedelta(days=oldest):
            continue
        last[key] = today
        for _ in range(rng.randint(2, 4)):
            ago = newest + round((oldest - newest) * rng.random() ** 1.5)
            added.append(
                _Contact(
                    today - timedelta(days=ago),
                    rng.choice(warm.kinds),
                    (person, other),
                    None,
                    rng.choice(warm.notes),
                    people.coordinator_of(person),
                )
            )
    return added


def _check_case_day(case: Case, day: date) -> None:
    if day < case.opened_on or (case.closed_on and day > case.closed_on):
        raise ValueError(f"{case.title}: a contact on {day} falls outside the case")


def _moment(rng: random.Random, day: date) -> datetime:
    """A time of day the contact was logged (local), as an aware UTC datetime."""
    local = datetime.combine(
        day, time(rng.randint(8, 21), rng.randint(0, 59)), tzinfo=coalition_zone()
    )
    return local.astimezone(UTC)
