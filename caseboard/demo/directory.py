"""What the demo's loaders share: looking up who the data names, dating the
timeline lines the services write, and the text of wrapped data."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, NamedTuple, TypeVar

import click
from sqlalchemy import event, select

from caseboard.extensions import db
from caseboard.models import (
    CaseEvent,
    Coalition,
    Membership,
    Organization,
    Person,
    ProblemType,
    User,
)

from .records import Post, Who

T = TypeVar("T")


@contextmanager
def new_timeline_events() -> Iterator[list[CaseEvent]]:
    """Collect every timeline line the services create meanwhile, to date it."""
    created: list[CaseEvent] = []

    def collect(target: CaseEvent, args: Any, kwargs: Any) -> None:
        created.append(target)

    event.listen(CaseEvent, "init", collect)
    try:
        yield created
    finally:
        event.remove(CaseEvent, "init", collect)


class Stage(NamedTuple):
    """What a loader plays its steps with: the directory, the timeline lines
    it dates, its random numbers and the day the demo is loaded."""

    directory: Directory
    events: list[CaseEvent]
    rng: random.Random
    today: date


@contextmanager
def playing(
    items: Iterable[T], label: str, seed: int, progress: bool
) -> Iterator[tuple[Stage, Iterable[T]]]:
    """A stage for one loader's items, and the items behind a progress bar
    (shown when ``progress``)."""
    with (
        new_timeline_events() as events,
        click.progressbar(items, label=label.ljust(13), hidden=not progress) as bar,
    ):
        yield Stage(Directory(), events, random.Random(seed), date.today()), bar


def text(value: str) -> str:
    """The data is written wrapped; the page gets one line per paragraph."""
    return " ".join(value.split())


class Directory:
    """The demo's organizations, people and users, looked up by name."""

    def __init__(self) -> None:
        self.organizations = {
            o.name: o for o in db.session.scalars(select(Organization))
        }
        self.problem_types = {
            p.name: p for p in db.session.scalars(select(ProblemType))
        }
        self.users = {u.email: u for u in db.session.scalars(select(User))}
        self.coalitions = {c.name: c for c in db.session.scalars(select(Coalition))}
        self.user_of_person = {u.person_id: u for u in self.users.values()}
        self._people = {p.full_name: p for p in db.session.scalars(select(Person))}
        # Each current position: (organization name, title, person), by person.
        self.current_staff: list[tuple[str, str, Person]] = [
            (organization_name, title, person)
            for organization_name, title, person in db.session.execute(
                select(Organization.name, Membership.title, Person)
                .join(Membership, Membership.organization_id == Organization.id)
                .join(Person, Person.id == Membership.person_id)
                .where(Membership.current_clause())
                .order_by(Person.id)
            )
        ]
        self._staff: dict[str, list[tuple[str, Person]]] = {}
        for organization_name, title, person in self.current_staff:
            self._staff.setdefault(organization_name, []).append((title, person))

    def person(self, who: Who) -> Person | None:
        """A key person by full name, or whoever holds a post; ``LookupError``
        when the data names nobody who is there."""
        if who is None:
            return None
        if isinstance(who, str):
            if who not in self._people:
                raise LookupError(f"nobody is called {who}")
            return self._people[who]
        assert isinstance(who, Post)
        if who.organization not in self._staff:
            raise LookupError(f"nobody works at {who.organization}")
        staff = self._staff[who.organization]
        for staff_title, person in staff:
            if staff_title == who.title:
                return person
        # Staff are drawn at random: if nobody has the title, anyone there who
        # does not sign in (so the named demo users keep their own work).
        for _title, person in staff:
            if person.id not in self.user_of_person:
                return person
        raise LookupError(f"nobody works at {who.organization}")

    def organization(self, name: str | None) -> Organization | None:
        if not name:
            return None
        if name not in self.organizations:
            raise LookupError(f"no organization is called {name}")
        return self.organizations[name]
