"""Task lists and boards, for a viewer.

Every function issues a fixed number of queries whatever the data size: rows
come a page at a time, related rows through eager loads.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from caseboard.extensions import db
from caseboard.models import (
    Case,
    Comment,
    Meeting,
    Membership,
    Task,
    TaskStatus,
    User,
)
from caseboard.permissions import current_organization_ids, visible_tasks
from caseboard.queries.paging import paginate
from caseboard.queries.scope import scoped_tasks


def task_page_options() -> tuple[Any, ...]:
    return (
        *task_list_options(),
        joinedload(Task.response),
        selectinload(Task.comments).joinedload(Comment.author).joinedload(User.person),
    )


def task_list_options() -> tuple[Any, ...]:
    """What a task row shows and what its permission check reads."""
    return (
        joinedload(Task.case).selectinload(Case.roles),
        joinedload(Task.assignee),
        joinedload(Task.organization),
    )


def due_order() -> tuple[Any, ...]:
    # Overdue and soonest first; tasks without a due date last.
    return (Task.due_on.is_(None), Task.due_on, Task.id)


def my_tasks_page(viewer: User, page: int) -> Pagination:
    statement = (
        visible_tasks(viewer)
        .where(Task.assignee_id == viewer.person_id, Task.unfinished_clause())
        .options(*task_list_options())
        .order_by(*due_order())
    )
    return paginate(statement, page, per_page=current_app.config["TASK_PAGE_SIZE"])


def organization_tasks_page(viewer: User, page: int) -> Pagination:
    """Open tasks of the viewer's organizations: theirs, or their staff's,
    on cases of the coalition chosen in the top bar (or of all theirs)."""
    organizations = current_organization_ids(viewer)
    staff = select(Membership.person_id).where(
        Membership.organization_id.in_(organizations), Membership.current_clause()
    )
    statement = (
        scoped_tasks(viewer)
        .where(Task.unfinished_clause())
        .where(
            or_(Task.organization_id.in_(organizations), Task.assignee_id.in_(staff))
        )
        .options(*task_list_options())
        .order_by(*due_order())
    )
    return paginate(statement, page, per_page=current_app.config["TASK_PAGE_SIZE"])


def overdue_tasks_page(viewer: User, page: int) -> Pagination:
    statement = (
        visible_tasks(viewer)
        .where(Task.overdue_clause())
        .options(*task_list_options())
        .order_by(Task.due_on, Task.id)
    )
    return paginate(statement, page, per_page=current_app.config["TASK_PAGE_SIZE"])


BOARD_DONE_LIMIT = 20


def board_columns(case: Case) -> tuple[dict[str, list[Task]], int]:
    """Tasks of one case by status; the done column shows the latest only."""
    options = (joinedload(Task.assignee), joinedload(Task.organization))
    unfinished = db.session.scalars(
        select(Task)
        .where(Task.case_id == case.id, Task.unfinished_clause())
        .options(*options)
        .order_by(*due_order())
    ).all()
    done = db.session.scalars(
        select(Task)
        .where(Task.case_id == case.id, Task.status == TaskStatus.DONE)
        .options(*options)
        .order_by(Task.completed_at.desc(), Task.id.desc())
        .limit(BOARD_DONE_LIMIT)
    ).all()
    done_total = db.session.scalar(
        select(func.count(Task.id)).where(
            Task.case_id == case.id, Task.status == TaskStatus.DONE
        )
    )
    columns: dict[str, list[Task]] = {status.value: [] for status in TaskStatus}
    for task in unfinished:
        columns[task.status].append(task)
    columns[TaskStatus.DONE] = list(done)
    return columns, done_total or 0


def open_tasks_of_case(case: Case, limit: int = 12) -> list[Task]:
    return list(
        db.session.scalars(
            select(Task)
            .where(Task.case_id == case.id, Task.unfinished_clause())
            .options(joinedload(Task.assignee), joinedload(Task.organization))
            .order_by(*due_order())
            .limit(limit)
        )
    )


def group_by_owner(tasks: list[Task]) -> dict[str, list[Task]]:
    groups: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        owner = (
            task.organization.name
            if task.organization
            else task.assignee.full_name
            if task.assignee
            else "No owner"
        )
        groups[owner].append(task)
    return dict(groups)


def open_tasks_of_person(viewer: User, person_id: int, limit: int = 20) -> list[Task]:
    return list(
        db.session.scalars(
            visible_tasks(viewer)
            .where(Task.assignee_id == person_id, Task.unfinished_clause())
            .options(joinedload(Task.case))
            .order_by(*due_order())
            .limit(limit)
        )
    )


def open_tasks_for_review(
    viewer: User, meeting: Meeting, limit: int = 200
) -> list[Task]:
    """Open tasks reviewed in a meeting: its case's, or those of every case
    on its agenda; only the meeting's coalition's cases."""
    case_ids: set[int | None] = (
        {meeting.case_id} if meeting.case_id else {i.case_id for i in meeting.items}
    )
    case_ids.discard(None)
    if not case_ids:
        return []
    return list(
        db.session.scalars(
            visible_tasks(viewer)
            .where(Task.case_id.in_(case_ids), Task.unfinished_clause())
            .where(Case.coalition_id == meeting.coalition_id)
            .options(*task_list_options())
            .order_by(*due_order())
            .limit(limit)
        )
    )
