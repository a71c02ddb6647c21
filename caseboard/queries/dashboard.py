"""What the dashboard shows; each function is scoped to the viewer."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    AuditEvent,
    Case,
    CaseEvent,
    CaseStage,
    CaseStatus,
    Organization,
    Task,
    User,
)
from caseboard.models.tasks import DUE_SOON_DAYS
from caseboard.queries.scope import scoped_cases, scoped_tasks
from caseboard.queries.tasks import due_order, task_list_options

# Sign-ins and failures are security events, not "changes" anyone browses for.
# (add_membership and end_membership: positions before they were access changes.)
CHANGE_ACTIONS = (
    "create",
    "update",
    "access_change",
    "add_membership",
    "end_membership",
)
# Object types every signed-in user may see; the access issue extends this.
SHARED_OBJECT_TYPES = ("organizations", "people")


def recent_changes(viewer: User, limit: int = 12) -> list[AuditEvent]:
    types = list(SHARED_OBJECT_TYPES)
    if viewer.is_admin:
        types.append("users")
    query = (
        select(AuditEvent)
        .where(AuditEvent.action.in_(CHANGE_ACTIONS))
        .where(AuditEvent.object_type.in_(types))
        .options(joinedload(AuditEvent.actor).joinedload(User.person))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit * 4)
    )
    # One line per record: five edits of one person are one piece of news.
    latest: dict[tuple[str, int | None], AuditEvent] = {}
    for event in db.session.scalars(query):
        latest.setdefault((event.object_type, event.object_id), event)
    return list(latest.values())[:limit]


def my_tasks_due_soon(viewer: User, limit: int = 10) -> list[Task]:
    horizon = today() + timedelta(days=DUE_SOON_DAYS)
    return list(
        db.session.scalars(
            scoped_tasks(viewer)
            .where(Task.assignee_id == viewer.person_id, Task.unfinished_clause())
            .where(Task.due_on.is_not(None), Task.due_on <= horizon)
            .options(*task_list_options())
            .order_by(*due_order())
            .limit(limit)
        )
    )


def scoped_case_ids(viewer: User) -> list[int]:
    """The ids of the cases the viewer's pages are scoped to: read once for
    the dashboard's figures that count over them, rather than deciding every
    case's visibility again in each of their queries (on the large bench
    database each decision cost 10–15 ms)."""
    return list(db.session.scalars(scoped_cases(viewer).with_only_columns(Case.id)))


def _case_ids(viewer: User, case_ids: Collection[int] | None) -> Any:
    """``case_ids`` as given, else the scoped cases' ids as a subquery."""
    if case_ids is not None:
        return list(case_ids)
    return scoped_cases(viewer).with_only_columns(Case.id)


def cases_by_stage(
    viewer: User, case_ids: Collection[int] | None = None
) -> dict[str, int]:
    """Open cases per SARA stage, of ``case_ids`` (by default the viewer's
    scoped cases; ``scoped_case_ids``)."""
    rows = db.session.execute(
        select(Case.stage, func.count())
        .where(Case.id.in_(_case_ids(viewer, case_ids)))
        .where(Case.status != CaseStatus.CLOSED)
        .group_by(Case.stage)
    )
    counts = {stage.value: 0 for stage in CaseStage}
    counts.update(dict(rows.all()))
    return counts


def overdue_by_organization(
    viewer: User, limit: int = 8, case_ids: Collection[int] | None = None
) -> list[tuple[Any, ...]]:
    """(organization id, name, overdue count), most overdue first, over the
    tasks of ``case_ids`` (by default the viewer's scoped cases).

    A task counts for its responsible organization; tasks with none are
    counted together under a ``None`` id, first among equal counts on every
    database (PostgreSQL would put NULL last, SQLite first).
    """
    # Counted per organization id first, names joined to the counts only;
    # "+ 0" keeps the planner on the covering (status, due, case,
    # organization) index rather than visiting each visible case's tasks
    # (measured on the large bench database: about 55 ms → 15 ms).
    cases = _case_ids(viewer, case_ids)
    per_organization = (
        select(Task.organization_id.label("organization_id"), func.count().label("n"))
        .where(Task.overdue_clause(), (Task.case_id + 0).in_(cases))
        .group_by(Task.organization_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Organization.id, Organization.name, per_organization.c.n)
        .select_from(per_organization)
        .outerjoin(Organization, Organization.id == per_organization.c.organization_id)
        .order_by(per_organization.c.n.desc(), Organization.name.nulls_first())
        .limit(limit)
    )
    return [tuple(row) for row in rows]


def recent_case_activity(
    viewer: User, limit: int = 15, case_ids: Collection[int] | None = None
) -> list[CaseEvent]:
    """The latest events of ``case_ids`` (by default the viewer's scoped
    cases), newest first."""
    visible_ids = _case_ids(viewer, case_ids)
    return list(
        db.session.scalars(
            select(CaseEvent)
            # "+ 0" keeps the planner off the (case, time) index: walking the
            # time index newest first and stopping at ``limit`` beats
            # collecting and sorting every event of every visible case
            # (measured on SQLite with 195,000 events: 73 ms → 1.3 ms).
            .where((CaseEvent.case_id + 0).in_(visible_ids))
            .options(
                joinedload(CaseEvent.actor).joinedload(User.person),
                joinedload(CaseEvent.case),
            )
            .order_by(CaseEvent.occurred_at.desc(), CaseEvent.id.desc())
            .limit(limit)
        )
    )
