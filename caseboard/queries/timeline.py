"""Reading the case timeline (``services.timeline`` writes it)."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseboard.extensions import db
from caseboard.models import (
    Case,
    CaseEvent,
    Task,
    User,
)
from caseboard.queries.paging import paginate


def case_timeline(case: Case, page: int, per_page: int = 20) -> Pagination:
    statement = (
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id)
        .options(joinedload(CaseEvent.actor).joinedload(User.person))
        .order_by(CaseEvent.occurred_at.desc(), CaseEvent.id.desc())
    )
    return paginate(statement, page, per_page=per_page)


def task_history(task: Task) -> list[CaseEvent]:
    return list(
        db.session.scalars(
            select(CaseEvent)
            .where(CaseEvent.task_id == task.id)
            .options(joinedload(CaseEvent.actor).joinedload(User.person))
            .order_by(CaseEvent.occurred_at, CaseEvent.id)
        )
    )
