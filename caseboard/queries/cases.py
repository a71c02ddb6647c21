"""The case list and the cases of an organization or a person, for a viewer.

Every function issues a fixed number of queries whatever the data size: rows
come a page at a time, related rows through eager loads or one grouped query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import CompoundSelect, Select, func, or_, select, union
from sqlalchemy import case as sql_case
from sqlalchemy.orm import joinedload, lazyload, selectinload

from caseboard.extensions import db
from caseboard.models import (
    Case,
    CaseResponse,
    CaseRole,
    CaseShare,
    CaseStage,
    CaseStatus,
    Membership,
    Organization,
    Person,
    Priority,
    StageChange,
    Task,
    User,
)
from caseboard.permissions import visible_cases
from caseboard.queries.paging import id_or_none, like_pattern, page_number
from caseboard.queries.scope import scoped_cases

SORTS = {
    "updated": (Case.updated_at.desc(),),
    "title": (func.lower(Case.title),),
    "opened": (Case.opened_on.desc(),),
    "priority": (
        sql_case({p.value: -p.position for p in Priority}, value=Case.priority),
        Case.updated_at.desc(),
    ),
    "stage": (
        sql_case({s.value: s.position for s in CaseStage}, value=Case.stage),
        Case.updated_at.desc(),
    ),
}
STATUS_FILTERS = {"active", "all", *(s.value for s in CaseStatus)}


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    stage: str = ""
    problem_type_id: int | None = None
    status: str = "active"
    organization_id: int | None = None
    coordinator_id: int | None = None
    overdue: bool = False
    sort: str = "updated"
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> CaseQuery:
        """Read filters from a query string; anything unknown is ignored."""
        stage = args.get("stage", "")
        status = args.get("status", "active")
        sort = args.get("sort", "updated")
        return cls(
            text=args.get("q", "").strip()[:100],
            stage=stage if stage in {s.value for s in CaseStage} else "",
            problem_type_id=id_or_none(args.get("type")),
            status=status if status in STATUS_FILTERS else "active",
            organization_id=id_or_none(args.get("organization")),
            coordinator_id=id_or_none(args.get("coordinator")),
            overdue=args.get("overdue") in {"1", "on", "true", "yes"},
            sort=sort if sort in SORTS else "updated",
            page=page_number(args),
        )


def cases_page(viewer: User, query: CaseQuery) -> Pagination:
    """A page of the list. The total is counted only when the page does not
    tell it: a page short of full is the last one, so (narrow filters
    mostly) the count, which tests every matching case's visibility, is
    not run again."""
    page = db.paginate(
        filtered_cases(viewer, query),
        page=query.page,
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
        count=False,
    )
    if page.items and len(page.items) < page.per_page:
        page.total = (page.page - 1) * page.per_page + len(page.items)
    else:
        page.total = _count(filtered_cases(viewer, query))
    return page


def _count(statement: Select[Case]) -> int:
    rows = statement.options(lazyload("*")).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(rows)) or 0


def filtered_cases(viewer: User, query: CaseQuery) -> Select[Case]:
    """The cases the list shows for ``query``, in its order (the API pages
    the same statement)."""
    statement = scoped_cases(viewer)
    if query.text:
        pattern = like_pattern(query.text)
        statement = statement.where(
            or_(
                Case.title.ilike(pattern, escape="\\"),
                Case.problem_statement.ilike(pattern, escape="\\"),
            )
        )
    if query.stage:
        statement = statement.where(Case.stage == query.stage)
    if query.problem_type_id:
        statement = statement.where(Case.problem_type_id == query.problem_type_id)
    if query.status == "active":
        statement = statement.where(Case.status != CaseStatus.CLOSED)
    elif query.status != "all":
        statement = statement.where(Case.status == query.status)
    if query.organization_id:
        statement = statement.where(Case.id.in_(cases_involving(query.organization_id)))
    if query.coordinator_id:
        statement = statement.where(Case.coordinator_id == query.coordinator_id)
    if query.overdue:
        # From the overdue tasks' side, through their covering index, rather
        # than looking up every case's tasks row by row.
        overdue = select(Task.case_id).where(Task.overdue_clause())
        statement = statement.where(Case.id.in_(overdue))
    statement = statement.options(
        joinedload(Case.problem_type),
        joinedload(Case.coordinator).joinedload(User.person),
    ).order_by(*SORTS[query.sort], Case.id.desc())
    return statement


def cases_involving(organization_id: int) -> CompoundSelect:
    """Ids of cases where the organization, or one of its current staff,
    holds an active role. Read from the organization's side (both by index)
    so the list does not test every case for it."""
    direct = select(CaseRole.case_id).where(
        CaseRole.organization_id == organization_id, CaseRole.active_clause()
    )
    staff = (
        select(CaseRole.case_id)
        .join(Membership, Membership.person_id == CaseRole.person_id)
        .where(
            Membership.organization_id == organization_id,
            Membership.current_clause(),
            CaseRole.active_clause(),
        )
    )
    return union(direct, staff)


@dataclass
class CaseFigures:
    open_tasks: int = 0
    overdue_tasks: int = 0
    lead: str = ""


def case_figures(case_ids: list[int]) -> dict[int, CaseFigures]:
    """Open and overdue task counts and the lead's name, for a page of cases."""
    figures = {case_id: CaseFigures() for case_id in case_ids}
    if not case_ids:
        return figures
    counts = db.session.execute(
        select(
            Task.case_id,
            func.count(Task.id),
            func.count(sql_case((Task.overdue_clause(), 1))),
        )
        .where(Task.case_id.in_(case_ids), Task.unfinished_clause())
        .group_by(Task.case_id)
    )
    for case_id, open_count, overdue_count in counts:
        figures[case_id].open_tasks = open_count
        figures[case_id].overdue_tasks = overdue_count
    leads = db.session.execute(
        select(CaseRole.case_id, Organization.name)
        .join(Organization, CaseRole.organization_id == Organization.id)
        .where(CaseRole.case_id.in_(case_ids), CaseRole.role == "lead")
        .where(CaseRole.active_clause())
    )
    for case_id, name in leads:
        figures[case_id].lead = name
    return figures


def case_page_options() -> tuple[Any, ...]:
    """Eager loads for everything the case page shows, one query per kind."""
    person_with_jobs = joinedload(CaseRole.person).selectinload(Person.memberships)
    return (
        joinedload(Case.problem_type),
        joinedload(Case.coalition),
        selectinload(Case.shares).joinedload(CaseShare.coalition),
        joinedload(Case.coordinator).joinedload(User.person),
        selectinload(Case.roles).options(
            joinedload(CaseRole.organization),
            person_with_jobs.joinedload(Membership.organization),
        ),
        selectinload(Case.places),
        selectinload(Case.responses).joinedload(CaseResponse.partner_organization),
        selectinload(Case.stage_changes)
        .joinedload(StageChange.moved_by)
        .joinedload(User.person),
        *(
            joinedload(getattr(Case, f"{side}_{kind}"))
            for side in ("handler", "guardian", "manager")
            for kind in ("person", "organization")
        ),
    )


# The dashboard ---------------------------------------------------------------


def cases_of_organization(viewer: User, organization_id: int) -> list[tuple[Case, str]]:
    """Visible cases where the organization holds an active role, with its
    roles there ("lead, partner")."""
    rows = db.session.execute(
        visible_cases(viewer)
        .add_columns(CaseRole.role)
        .join(CaseRole, CaseRole.case_id == Case.id)
        .where(CaseRole.organization_id == organization_id, CaseRole.active_clause())
        .order_by(Case.status != CaseStatus.OPEN, Case.updated_at.desc())
        .limit(100)
    )
    roles: dict[Case, list[str]] = {}
    # mypy unpacks SQLAlchemy 2.1's Row[*Ts] as objects: the types, spelled out.
    for case, role in cast(Iterable[tuple[Case, str]], rows):
        roles.setdefault(case, []).append(role)
    return [(case, ", ".join(names)) for case, names in roles.items()][:50]


def cases_of_person(viewer: User, person_id: int) -> list[tuple[Case, str]]:
    rows = db.session.execute(
        visible_cases(viewer)
        .add_columns(CaseRole.role)
        .join(CaseRole, CaseRole.case_id == Case.id)
        .where(CaseRole.person_id == person_id, CaseRole.active_clause())
        .order_by(Case.updated_at.desc())
        .limit(50)
    )
    return [(case, role) for case, role in cast(Iterable[tuple[Case, str]], rows)]
