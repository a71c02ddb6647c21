"""The demo cases: what each coalition is working on, as a story over months.

One file per case in ``data/cases/``, loaded in the order of their names (the
demo's random draws follow that order). Every date is a number of days before
the day the demo is loaded (``ago``), so the demo never goes stale; a task's
``due`` counts from that day too (negative: in the past). Long text is
written wrapped; the loader collapses runs of whitespace, so line breaks in
the files do not reach the page.

People are named either by full name (the key people of ``city.toml``) or as
``{organization, title}``: the first current staff member of that
organization with that title (see ``directory.Directory.person``).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from caseboard.sara import ALL_KEYS

from .records import DATA, DemoDataError, Traversable, Who, build, read_folder


@dataclass(frozen=True)
class Place:
    name: str
    address: str
    latitude: float
    longitude: float
    beat: str
    added: int | None = None  # days ago; None: the place the case opened with


@dataclass(frozen=True)
class Role:
    role: str
    organization: str | None = None
    person: Who = None
    started: int | None = None  # days ago; None: the day the case opened
    note: str = ""
    ended: int | None = None


@dataclass(frozen=True)
class Move:
    to_stage: str
    ago: int
    reason: str
    by: str | None = None  # a user's email; None: the coordinator


@dataclass(frozen=True)
class Sara:
    ago: int
    answers: dict[str, str]  # by SARA prompt key (``caseboard.sara``)


@dataclass(frozen=True)
class Change:
    """A status taken ``ago`` days before the demo is loaded."""

    status: str
    ago: int


@dataclass(frozen=True)
class Response:
    key: str  # how the case's tasks refer to it
    description: str
    ago: int
    partner: str | None = None
    history: tuple[Change, ...] = ()  # oldest first


@dataclass(frozen=True)
class Task:
    title: str
    created: int
    assignee: Who = None
    organization: str | None = None
    due: int | None = None  # days from load day; negative: in the past
    history: tuple[Change, ...] = ()  # oldest first
    priority: str = "normal"
    response: str | None = None  # key of a response on the same case
    description: str = ""


@dataclass(frozen=True)
class Comment:
    by: str  # a user's email
    ago: int
    body: str
    task: str | None = None  # the title of a task on the same case


@dataclass(frozen=True)
class Triangle:
    """The problem analysis triangle: who and what is on each side."""

    offender: str | None = None
    victim: str | None = None
    place: str | None = None
    handler: str | None = None
    guardian: str | None = None
    manager: str | None = None


@dataclass(frozen=True)
class Controllers:
    """The people and organizations linked as the triangle's controllers."""

    handler_person: Who = None
    handler_organization: str | None = None
    guardian_person: Who = None
    guardian_organization: str | None = None
    manager_person: Who = None
    manager_organization: str | None = None


@dataclass(frozen=True)
class Story:
    coalition: str
    title: str
    problem_type: str
    lead: str  # the lead organization
    coordinator: str  # a user's email
    opened: int
    place: Place
    problem_statement: str
    goals: str
    triangle: Triangle = Triangle()
    controllers: Controllers = Controllers()
    roles: tuple[Role, ...] = ()
    moves: tuple[Move, ...] = ()
    sara: tuple[Sara, ...] = ()
    responses: tuple[Response, ...] = ()
    tasks: tuple[Task, ...] = ()
    comments: tuple[Comment, ...] = ()
    more_places: tuple[Place, ...] = ()
    priority: str = "normal"
    visibility: str = "coalition"
    status: Change | None = None  # on_hold or closed, and since when

    def triangle_sides(self) -> dict[str, str]:
        return {
            side: text
            for side, text in dataclasses.asdict(self.triangle).items()
            if text is not None
        }

    def controller_links(self) -> dict[str, Who]:
        return {
            field.name: getattr(self.controllers, field.name)
            for field in dataclasses.fields(Controllers)
            if getattr(self.controllers, field.name) is not None
        }


def load_stories(root: Traversable = DATA) -> list[Story]:
    """Every case file, in order (``DemoDataError`` naming the file and the
    record when one cannot be used)."""
    stories: list[Story] = []
    titles: set[str] = set()
    for name, raw in read_folder("cases", root):
        story = build(Story, raw, name)
        if story.title in titles:
            raise DemoDataError(f"{name}: another case is titled “{story.title}”")
        titles.add(story.title)
        for number, sara in enumerate(story.sara, start=1):
            unknown = sorted(set(sara.answers) - ALL_KEYS)
            if unknown:
                raise DemoDataError(
                    f"{name}, sara[{number}]: unknown SARA prompt {unknown[0]!r}"
                )
        stories.append(story)
    return stories


@functools.cache
def stories() -> list[Story]:
    return load_stories()
