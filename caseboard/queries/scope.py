"""The pages' coalition scope: what the viewer may see, narrowed to the
coalition they chose in the top bar (or all of theirs)."""

from __future__ import annotations

from sqlalchemy import Select

from caseboard.models import Case, Meeting, Task, User
from caseboard.permissions import visible_cases, visible_meetings, visible_tasks
from caseboard.permissions_coalitions import (
    case_scope_clause,
    scope_clause,
    scope_ids,
)


def scoped_cases(viewer: User) -> Select[Case]:
    return visible_cases(viewer).where(case_scope_clause(viewer))


def scoped_tasks(viewer: User) -> Select[Task]:
    # visible_tasks joins the task's case.
    return visible_tasks(viewer).where(case_scope_clause(viewer))


def scoped_meetings(viewer: User) -> Select[Meeting]:
    return visible_meetings(viewer).where(scope_clause(Meeting.coalition_id, viewer))


__all__ = ["scope_ids", "scoped_cases", "scoped_meetings", "scoped_tasks"]
