"""Options for select fields, always scoped to what the viewer may see."""

from __future__ import annotations

from flask import has_request_context, request, url_for
from sqlalchemy import func, or_, select
from wtforms import Field, SelectChoice

from caseboard.extensions import db
from caseboard.models import (
    Case,
    CaseStatus,
    Membership,
    Organization,
    Person,
    ProblemType,
    SiteRole,
    User,
)
from caseboard.permissions import case_participants, visible_cases, visible_people
from caseboard.services.directory import organization_choices
from caseboard.services.paging import like_pattern

NONE = SelectChoice(0, "—")
NONE_COALITION = SelectChoice(0, "The whole coalition")

__all__ = [
    "NONE",
    "NONE_COALITION",
    "case_organization_choices",
    "case_people_choices",
    "coordinator_choices",
    "fill_people",
    "keeping",
    "open_case_choices",
    "organization_choices",
    "people_choices",
    "people_matching",
    "problem_type_choices",
    "response_choices",
    "visible_people_count",
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


# Above this many people a person field becomes a type-ahead picker: a select
# of thousands of names is slow to send and render, and useless to scroll.
PICKER_ABOVE = 300
PICKER_MATCHES = 20


def people_choices(viewer: User) -> list[SelectChoice]:
    rows = db.session.execute(
        visible_people(viewer)
        .with_only_columns(Person.id, Person.full_name)
        .order_by(func.lower(Person.full_name))
    )
    return [SelectChoice(row.id, row.full_name) for row in rows]


def visible_people_count(viewer: User) -> int:
    """Counted once per request (a meeting's run page has a person field per
    agenda item). Kept in the request's environ, which — unlike ``g`` — a
    test's long-lived app context cannot carry over to the next request."""
    cache = (
        request.environ.setdefault("caseboard.visible_people", {})
        if has_request_context()
        else {}
    )
    if viewer.id not in cache:
        cache[viewer.id] = db.session.scalar(
            visible_people(viewer).with_only_columns(func.count(Person.id))
        )
    return cache[viewer.id]  # type: ignore[no-any-return]


def fill_people(field: Field, viewer: User, blank: SelectChoice | None = None) -> Field:
    """Give a person field its choices: everyone the viewer may see in a
    small coalition; in a big one, only the person(s) already chosen (kept
    when still visible), and ``data-picker`` so the page's script adds a
    type-ahead search (``/people/options``). Either way, a submitted id is
    valid exactly when the viewer may see that person."""
    leading = [blank] if blank is not None else []
    if visible_people_count(viewer) <= PICKER_ABOVE:
        field.choices = leading + people_choices(viewer)
        return field
    chosen = field.data if isinstance(field.data, list) else [field.data]
    ids = [value for value in chosen if isinstance(value, int) and value > 0]
    rows = db.session.execute(
        visible_people(viewer)
        .with_only_columns(Person.id, Person.full_name)
        .where(Person.id.in_(ids))
        .order_by(func.lower(Person.full_name))
    )
    field.choices = leading + [SelectChoice(row.id, row.full_name) for row in rows]
    field.render_kw = {
        **(field.render_kw or {}),
        "data-picker": url_for("people.options_matching"),
    }
    return field


def people_matching(viewer: User, text: str) -> list[tuple[int, str]]:
    """Up to ``PICKER_MATCHES`` visible people whose name contains ``text``,
    each with their current organization, for the type-ahead picker."""
    text = text.strip()[:100]
    if not text:
        return []
    organization = (
        select(Organization.name)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.person_id == Person.id, Membership.current_clause())
        .order_by(Membership.id)
        .limit(1)
        .correlate(Person)
        .scalar_subquery()
    )
    rows = db.session.execute(
        visible_people(viewer)
        .with_only_columns(Person.id, Person.full_name, organization)
        .where(Person.full_name.ilike(like_pattern(text), escape="\\"))
        .order_by(func.lower(Person.full_name))
        .limit(PICKER_MATCHES)
    )
    return [(row[0], f"{row[1]} · {row[2]}" if row[2] else row[1]) for row in rows]


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
