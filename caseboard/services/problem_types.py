"""Problem types: the coalition's own list of the kinds of problem it works."""

from __future__ import annotations

from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import ProblemType, User
from caseboard.services.audit import record, record_created
from caseboard.services.errors import ServiceError

DEFAULT_PROBLEM_TYPES = [
    "Alcohol-related violence",
    "Homelessness / encampment",
    "Gang violence",
    "Drug market",
    "Nuisance property",
    "Traffic",
    "Youth",
    "Other",
]


def ensure_default_problem_types() -> None:
    """The migration seeds these; a database emptied by hand gets them back."""
    existing = set(db.session.scalars(select(ProblemType.name)))
    for position, name in enumerate(DEFAULT_PROBLEM_TYPES, start=1):
        if name not in existing:
            problem_type = ProblemType(name=name, position=position * 10)
            db.session.add(problem_type)
            record(None, "create", problem_type)
    db.session.flush()


def add_problem_type(actor: User, name: str) -> ProblemType:
    name = name.strip()
    taken = db.session.scalar(
        # lower() on both sides: SQLite's folds only ASCII, Python's everything,
        # and a mismatch let a duplicate reach the unique index (a 500).
        select(ProblemType).where(func.lower(ProblemType.name) == func.lower(name))
    )
    if taken is not None:
        raise ServiceError("That problem type exists already.", "name")
    highest = db.session.scalar(select(func.max(ProblemType.position))) or 0
    problem_type = ProblemType(name=name, position=highest + 10)
    return record_created(actor, problem_type)
