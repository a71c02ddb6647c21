"""Reads for the coalition pages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    Case,
    CaseStage,
    CaseStatus,
    Coalition,
    CoalitionMembership,
    CoalitionPerson,
    Meeting,
    Membership,
    Organization,
    Task,
    User,
)
from caseboard.permissions import visible_cases, visible_meetings, visible_tasks
from caseboard.permissions_coalitions import visible_coalitions
from caseboard.queries.meetings import follow_through


def coalitions_list(viewer: User) -> list[tuple[Coalition, int]]:
    """The coalitions the viewer belongs to (all, for administrators), with
    how many organizations are active members of each."""
    coalitions = list(db.session.scalars(visible_coalitions(viewer)))
    counts = dict(
        db.session.execute(
            select(CoalitionMembership.coalition_id, func.count())
            .where(CoalitionMembership.is_active)
            .group_by(CoalitionMembership.coalition_id)
        ).all()
    )
    return [(c, counts.get(c.id, 0)) for c in coalitions]


def coalition_page_options() -> tuple[Any, ...]:
    return (
        selectinload(Coalition.memberships).joinedload(
            CoalitionMembership.organization
        ),
        selectinload(Coalition.people).joinedload(CoalitionPerson.person),
    )


def next_meeting(viewer: User, coalition: Coalition) -> Meeting | None:
    return db.session.scalars(
        visible_meetings(viewer)
        .where(Meeting.coalition_id == coalition.id, Meeting.case_id.is_(None))
        .where(func.date(Meeting.starts_at) >= today())
        .order_by(Meeting.starts_at)
        .limit(1)
    ).first()


def cases_by_stage(viewer: User, coalition: Coalition) -> dict[str, int]:
    rows = db.session.execute(
        visible_cases(viewer)
        .where(Case.coalition_id == coalition.id, Case.status != CaseStatus.CLOSED)
        .with_only_columns(Case.stage, func.count())
        .group_by(Case.stage)
    )
    counts = {stage.value: 0 for stage in CaseStage}
    counts.update({str(stage): n for stage, n in rows})
    return counts


def overdue_by_organization(
    viewer: User, coalition: Coalition
) -> list[tuple[str, int]]:
    rows = db.session.execute(
        visible_tasks(viewer)
        .where(Case.coalition_id == coalition.id, Task.overdue_clause())
        .outerjoin(Organization, Organization.id == Task.organization_id)
        .with_only_columns(Organization.name, func.count(Task.id))
        .group_by(Organization.name)
        .order_by(func.count(Task.id).desc())
        .limit(10)
    )
    return [(name or "No organization", n) for name, n in rows]


def coalition_follow_through(
    viewer: User, coalition: Coalition
) -> list[tuple[str, int, int]]:
    figures = follow_through(viewer, coalition_ids={coalition.id})
    names = {m.organization_id: m.organization.name for m in coalition.memberships}
    rows = [(names.get(o, ""), done, total) for o, (done, total) in figures.items()]
    return sorted(rows, key=lambda row: (row[1] / row[2], row[0]))


def network_summary(coalition: Coalition) -> dict[str, Any]:
    """People working in the coalition through its organizations, and the
    brokers among them: people whose organizations are also active in other
    coalitions (they tie this coalition to those)."""
    members = {m.organization_id for m in coalition.memberships if m.is_active}
    if not members:
        return {"people": 0, "organizations": 0, "bridges": []}
    people = db.session.scalar(
        select(func.count(func.distinct(Membership.person_id))).where(
            Membership.organization_id.in_(members), Membership.current_clause()
        )
    )
    other = db.session.execute(
        select(Organization.name, func.count(CoalitionMembership.id))
        .join(
            CoalitionMembership, CoalitionMembership.organization_id == Organization.id
        )
        .where(
            Organization.id.in_(members),
            CoalitionMembership.is_active,
            CoalitionMembership.coalition_id != coalition.id,
        )
        .group_by(Organization.name)
        .order_by(Organization.name)
    ).all()
    return {
        "people": people or 0,
        "organizations": len(members),
        "bridges": [(name, n) for name, n in other],
    }


def organizations_to_add(coalition: Coalition) -> list[tuple[int, str]]:
    current = {m.organization_id for m in coalition.memberships if m.is_current}
    rows = db.session.execute(
        select(Organization.id, Organization.name).order_by(Organization.name)
    )
    return [(i, name) for i, name in rows if i not in current]


def membership_history(coalition: Coalition) -> list[CoalitionMembership]:
    return sorted(
        coalition.memberships,
        key=lambda m: (m.is_current, m.started_on or today()),
        reverse=True,
    )


def share_choices(case: Case) -> list[tuple[int, str]]:
    """The coalitions a case may be shared with: any but its own."""
    rows = db.session.execute(
        select(Coalition.id, Coalition.name)
        .where(Coalition.id != case.coalition_id)
        .order_by(Coalition.name)
    )
    return [(i, name) for i, name in rows]


def coalition_by_id(coalition_id: int) -> Coalition:
    """A coalition chosen among ``share_choices`` (validated by the form)."""
    return db.session.get_one(Coalition, coalition_id)
