"""Options for select fields, always scoped to what the viewer may see."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from wtforms import SelectChoice

from caseboard.extensions import db
from caseboard.models import (
    Case,
    CaseStatus,
    Membership,
    Person,
    ProblemType,
    SiteRole,
    User,
)
from caseboard.permissions import case_participants, visible_cases, visible_people
from caseboard.services.directory import organization_choices

NONE = SelectChoice(0, "—")
NONE_COALITION = SelectChoice(0, "The whole coalition")

__all__ = [
    "NONE",
    "NONE_COALITION",
    "case_organization_choices",
    "case_people_choices",
    "coordinator_choices",
    "keeping",
    "open_case_choices",
    "organization_choices",
    "people_choices",
    "problem_type_choices",
    "response_choices",
]


def keeping(choices: list[SelectChoice], value: int | None, label: str | None):
    """The choices plus the record's current value when it is no longer among
    them (a deactivated coordinator, an owner whose role ended), so saving an
    unrelated change does not fail on it."""
    if value and label and all(choice.value != value for choice in choices):
        return [*choices, SelectChoice(value, f"{label} (current)")]
    return choices


def problem_type_choices() -> list[SelectChoice]:
    rows = db.session.execute(
        select(ProblemType.id, ProblemType.name).order_by(
            ProblemType.position, ProblemType.name
        )
    )
    return [SelectChoice(row.id, row.name) for row in rows]


def coordinator_choices() -> list[SelectChoice]:
    rows = db.session.execute(
        select(User.id, Person.full_name)
        .join(User.person)
        .where(User.active.is_(True), User.site_role != SiteRole.READ_ONLY)
        .order_by(func.lower(Person.full_name))
    )
    return [SelectChoice(row.id, row.full_name) for row in rows]


def people_choices(viewer: User) -> list[SelectChoice]:
    rows = db.session.execute(
        visible_people(viewer)
        .with_only_columns(Person.id, Person.full_name)
        .order_by(func.lower(Person.full_name))
    )
    return [SelectChoice(row.id, row.full_name) for row in rows]


def case_people_choices(case: Case) -> list[SelectChoice]:
    """People who may be assigned a task: role holders and the current staff
    of organizations with a role."""
    organizations, people = case_participants(case)
    rows = db.session.execute(
        select(Person.id, Person.full_name)
        .where(
            or_(
                Person.id.in_(people),
                Person.id.in_(
                    select(Membership.person_id).where(
                        Membership.organization_id.in_(organizations),
                        Membership.current_clause(),
                    )
                ),
            )
        )
        .order_by(func.lower(Person.full_name))
    )
    return [SelectChoice(row.id, row.full_name) for row in rows]


def case_organization_choices(case: Case) -> list[SelectChoice]:
    seen: dict[int, str] = {}
    for role in case.active_roles:
        if role.organization is not None:
            seen[role.organization.id] = role.organization.name
    return [
        SelectChoice(i, name) for i, name in sorted(seen.items(), key=lambda x: x[1])
    ]


def response_choices(case: Case) -> list[SelectChoice]:
    return [SelectChoice(r.id, r.description) for r in case.responses]


def open_case_choices(viewer: User) -> list[SelectChoice]:
    rows = db.session.execute(
        visible_cases(viewer)
        .where(Case.status != CaseStatus.CLOSED)
        .with_only_columns(Case.id, Case.title)
        .order_by(func.lower(Case.title))
    )
    return [SelectChoice(row.id, row.title) for row in rows]
