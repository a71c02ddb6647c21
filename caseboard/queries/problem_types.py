"""Problem types as the administration page lists them."""

from __future__ import annotations

from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import Case, ProblemType


def problem_type_usage() -> list[tuple[ProblemType, int]]:
    """Every problem type with how many cases use it."""
    rows = db.session.execute(
        select(ProblemType, func.count(Case.id))
        .outerjoin(Case, Case.problem_type_id == ProblemType.id)
        .group_by(ProblemType.id)
        .order_by(ProblemType.position, ProblemType.name)
    )
    return [(problem_type, count) for problem_type, count in rows]
