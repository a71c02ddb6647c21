"""A made-up coalition of any size, for load tests and "does it hold up" demos
(``caseboard generate``).

For P people it writes P/5 organizations, P people (one current job each,
about one in ten with an earlier one), users for about one person in ten
(the administrator is ``admin@example.org``), 8·P declared relationships,
30·P contacts of 2–4 people over three years, P/2 cases with 3–8 roles each,
10·P tasks and P/5 meetings with attendance and agendas.

Rows go in with Core bulk inserts, not through the services: at city scale
(P = 10,000, about two million rows) the services' per-row flushes and audit
events would take hours. So generated rows have no audit trail — they were
never done by anyone — though the case timeline, which users read, is
written. The caller commits.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sqlalchemy import func, select, text

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import Case, Organization, Person, ProblemType, User
from caseboard.network import freshness, tie_table
from caseboard.passwords import hash_password
from caseboard.services.errors import ServiceError
from caseboard.services.problem_types import ensure_default_problem_types

from . import cases, directory, meetings, network, tasks
from .directory import ADMIN_EMAIL
from .world import World
from .writer import ProgressFactory, Writer

__all__ = ["ADMIN_EMAIL", "MIN_PEOPLE", "SCALES", "generate", "planned_counts"]

SCALES = {"small": 1_000, "medium": 3_000, "large": 10_000}
MIN_PEOPLE = 10


def planned_counts(people: int) -> dict[str, int]:
    """How many of each thing ``generate(people)`` writes (users: about)."""
    return {
        "organizations": max(1, people // 5),
        "people": people,
        "users": max(2, round(people * directory.USER_SHARE)),
        "person_ties": 8 * people,
        "interactions": 30 * people,
        "cases": max(1, people // 2),
        "tasks": 10 * people,
        "meetings": max(1, people // 5),
    }


def _refuse_unless_empty() -> None:
    for model in (Organization, Person, User, Case):
        if db.session.scalar(select(func.count()).select_from(model)):
            raise ServiceError(
                "The database already has data: generate into an empty database "
                "(a new file, or `caseboard db downgrade base && caseboard db "
                "upgrade`)."
            )


def generate(
    people: int,
    *,
    seed: int = 7,
    password: str = "caseboard-demo",
    progress: ProgressFactory | None = None,
) -> dict[str, int]:
    """Fill an empty database with a coalition of ``people`` people.

    Raises ServiceError when the database already has organizations, people,
    users or cases, or when ``people`` is below ``MIN_PEOPLE``. Returns the
    rows written per table. ``progress`` is called like ``click.progressbar``.
    """
    if people < MIN_PEOPLE:
        raise ServiceError(f"Generate at least {MIN_PEOPLE} people.")
    _refuse_unless_empty()
    ensure_default_problem_types()
    plan = planned_counts(people)
    world = World(
        rng=random.Random(seed),
        today=today(),
        now=datetime.now(UTC),
        # argon2 is slow on purpose: hash once, every generated user shares it.
        password_hash=hash_password(password),
    )
    world.problem_types = {
        name: type_id
        for name, type_id in db.session.execute(
            select(ProblemType.name, ProblemType.id)
        )
    }
    writer = Writer(progress)
    directory.add_organizations(world, writer, plan["organizations"])
    directory.add_people(world, writer, people)
    directory.add_users(world, writer, people)
    network.add_ties(world, writer, plan["person_ties"])
    cases.add_cases(world, writer, plan["cases"])
    # Meetings before tasks: action items are tasks pointing at agenda items.
    meetings.add_meetings(world, writer, plan["meetings"])
    tasks.add_tasks(world, writer, plan["tasks"])
    network.add_interactions(world, writer, plan["interactions"])
    writer.finish()
    # Core inserts bypass the listener that keeps the tie table current.
    tie_table.rebuild(db.session.connection())
    # The network's cached metrics key on this; the ORM listener that bumps it
    # never sees Core inserts.
    freshness.bump(db.session)
    db.session.flush()
    # Fresh planner statistics: PostgreSQL's were still those of the empty
    # tables, and with them it chose to hash every interaction to draw one
    # person's neighbourhood (0.6 s; with them, 50 ms).
    db.session.execute(text("ANALYZE"))
    return dict(writer.counts)
