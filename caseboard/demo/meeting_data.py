"""The demo meetings: one monthly series per file in ``data/meetings/``, three
held and one ahead.

A series meets on the same weekday and week of the month (the "first
Wednesday" partners plan around); the loader picks the week so that the next
meeting falls one to three weeks after the demo is loaded, and the ones held
before it fall in the months before. Days in an ``Action`` count from the day
of the meeting that decided them.

Cases are named by title, tasks by their title on that case, people as in the
case files (a key person's full name, or ``{organization, title}``).
Participants-only cases stay off the coalition-wide agendas: a coalition
meeting is open to every partner.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .records import DATA, DemoDataError, Traversable, Who, build, read_folder


@dataclass(frozen=True)
class Action:
    """An action item. ``done``: days after the meeting it was finished (on
    time when not after ``due``); None, or a day not yet come: still
    ``status``."""

    title: str
    assignee: Who
    organization: str
    due: int
    done: int | None = None
    status: str = "in_progress"


@dataclass(frozen=True)
class Item:
    title: str
    presenter: Who
    minutes: int
    case: str | None = None  # None: not about one case
    notes: str = ""
    decisions: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    task: str | None = None  # a task of the case the item is about
    # The title is that of an earlier action item of the series: the item
    # reads "Follow up: <title>", is about that task and carried from its item
    # (as the app carries unfinished action items to the next meeting).
    follow_up: bool = False
    done: bool = True  # False: left open, so it carries over


@dataclass(frozen=True)
class Held:
    items: tuple[Item, ...]
    apologies: tuple[Who, ...] = ()
    absent: tuple[Who, ...] = ()
    walk_in: Who = None


@dataclass(frozen=True)
class Series:
    coalition: str
    title: str
    coordinator: str  # the user who schedules and runs it
    weekday: int  # Monday 0
    hour: int
    minute: int
    duration: int
    location: str
    video_link: str
    invitees: tuple[Who, ...]
    held: tuple[Held, ...]  # oldest first
    case: str | None = None  # None: a coalition-wide partner meeting
    # Added to the next meeting after it has carried over what is still open.
    upcoming: tuple[Item, ...] = ()


def load_series(root: Traversable = DATA) -> list[Series]:
    """Every meeting series file, in order (``DemoDataError`` naming the file
    and the record when one cannot be used)."""
    all_series = []
    for name, raw in read_folder("meetings", root):
        series = build(Series, raw, name)
        if not series.held:
            raise DemoDataError(f"{name}: a series needs a meeting held")
        if not 0 <= series.weekday <= 6:
            raise DemoDataError(f"{name}, weekday: 0 (Monday) to 6 (Sunday)")
        all_series.append(series)
    return all_series


@functools.cache
def series() -> list[Series]:
    return load_series()
