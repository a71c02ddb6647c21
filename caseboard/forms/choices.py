"""Options for select fields, always scoped to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import has_request_context, request, url_for
from sqlalchemy import Select, func, or_, select
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
from caseboard.permissions import (
    case_participants,
    visible_cases,
    visible_organizations,
    visible_people,
)
from caseboard.permissions_coalitions import visible_coalitions
from caseboard.queries.paging import contains

NONE = SelectChoice(0, "—")
NONE_COALITION = SelectChoice(0, "The whole coalition")

__all__ = [
    "NONE",
    "NONE_COALITION",
    "case_organization_choices",
    "case_people_choices",
    "coalition_choices",
    "coordinator_choices",
    "fill",
    "fill_people",
    "keeping",
    "label_of",
    "matching",
    "open_case_choices",
    "organization_choices",
    "people_choices",
    "people_matching",
    "picker_url",
    "problem_type_choices",
    "response_choices",
]


def coalition_choices(viewer: User) -> list[SelectChoice]:
    """The coalitions a user may put a case in: those they work in (every
    one, for an administrator); "—" takes the lead organization's."""
    found = db.session.scalars(visible_coalitions(viewer))
    return [NONE, *(SelectChoice(c.id, c.name) for c in found)]


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


# Above this many options a select becomes a type-ahead picker: a select of
# thousands of names is slow to send and render, and useless to scroll.
PICKER_ABOVE = 300
PICKER_MATCHES = 20


def people_choices(viewer: User) -> list[SelectChoice]:
    return _choices(_people(viewer))


@dataclass(frozen=True)
class _Source:
    """What a picker chooses from: (id, label) rows the viewer may see, the
    label column to search, and the endpoint answering the search."""

    kind: str
    rows: Select[int, str]
    label: Any
    endpoint: str


def _people(viewer: User) -> _Source:
    rows = visible_people(viewer).with_only_columns(Person.id, Person.full_name)
    return _Source("people", rows, Person.full_name, "people.options_matching")


def _organizations(viewer: User) -> _Source:
    rows = visible_organizations(viewer).with_only_columns(
        Organization.id, Organization.name
    )
    return _Source(
        "organizations", rows, Organization.name, "organizations.options_matching"
    )


def _open_cases(viewer: User) -> _Source:
    rows = (
        visible_cases(viewer)
        .where(Case.status != CaseStatus.CLOSED)
        .with_only_columns(Case.id, Case.title)
    )
    return _Source("open_cases", rows, Case.title, "cases.options_matching")


SOURCES = {"people": _people, "organizations": _organizations, "cases": _open_cases}


def _choices(source: _Source, viewer: User | None = None) -> list[SelectChoice]:
    """All of a source's choices; with ``viewer``, read once per request
    (a page may offer the same kind in several forms)."""
    cache = _request_cache("caseboard.choice_lists") if viewer else {}
    key = (viewer.id if viewer else None, source.kind)
    if key not in cache:
        rows = db.session.execute(source.rows.order_by(func.lower(source.label)))
        cache[key] = [SelectChoice(row[0], row[1]) for row in rows]
    return list(cache[key])


def _request_cache(name: str) -> dict[Any, Any]:
    """Kept in the request's environ, which — unlike ``g`` — a test's
    long-lived app context cannot carry to the next request."""
    return request.environ.setdefault(name, {}) if has_request_context() else {}


def _count(viewer: User, source: _Source) -> int:
    """How many choices, counted only up to one past ``PICKER_ABOVE`` (all
    that is asked is whether there are more): at city scale a full count
    decided every case's visibility on each page with a case field. Counted
    once per request and kind (a meeting's run page has several fields per
    agenda item)."""
    cache = _request_cache("caseboard.choice_counts")
    key = (viewer.id, source.kind)
    if key not in cache:
        cache[key] = db.session.scalar(
            select(func.count()).select_from(
                source.rows.limit(PICKER_ABOVE + 1).subquery()
            )
        )
    return cache[key]


def fill(
    field: Field, viewer: User, kind: str, blank: SelectChoice | None = None
) -> Field:
    """Give a select its choices from ``SOURCES[kind]``: all of them when
    there are few; when there are many, only the value(s) already chosen
    (kept while still visible), and ``data-picker`` so the page's script adds
    a type-ahead search. Either way a submitted id is valid exactly when the
    viewer may see it."""
    source = SOURCES[kind](viewer)
    leading = [blank] if blank is not None else []
    if _count(viewer, source) <= PICKER_ABOVE:
        field.choices = leading + _choices(source, viewer)
        return field
    chosen = field.data if isinstance(field.data, list) else [field.data]
    ids = [value for value in chosen if isinstance(value, int) and value > 0]
    id_column = source.rows.selected_columns[0]
    # Nothing chosen yet (a blank form): nothing to look up.
    rows = (
        db.session.execute(
            source.rows.where(id_column.in_(ids)).order_by(func.lower(source.label))
        ).all()
        if ids
        else []
    )
    field.choices = leading + [SelectChoice(row[0], row[1]) for row in rows]
    field.render_kw = {
        **(field.render_kw or {}),
        "data-picker": url_for(source.endpoint),
    }
    return field


def fill_people(field: Field, viewer: User, blank: SelectChoice | None = None) -> Field:
    return fill(field, viewer, "people", blank)


def label_of(viewer: User, kind: str, value: int | None) -> str:
    """The label of one visible option ("" when not visible or None)."""
    if not value:
        return ""
    source = SOURCES[kind](viewer)
    row = db.session.execute(
        source.rows.where(source.rows.selected_columns[0] == value)
    ).first()
    return row[1] if row else ""


def picker_url(viewer: User, kind: str) -> str | None:
    """The search endpoint when ``kind`` is too many for a plain select (for
    selects written by hand in a template), else None."""
    source = SOURCES[kind](viewer)
    return url_for(source.endpoint) if _count(viewer, source) > PICKER_ABOVE else None


def matching(viewer: User, kind: str, text: str) -> list[tuple[int, str]]:
    """Up to ``PICKER_MATCHES`` visible options whose label contains
    ``text`` — for the pickers' search."""
    text = text.strip()[:100]
    if not text:
        return []
    source = SOURCES[kind](viewer)
    rows = db.session.execute(
        source.rows.where(contains(source.label, text))
        .order_by(func.lower(source.label))
        .limit(PICKER_MATCHES)
    )
    return [(row[0], row[1]) for row in rows]


def people_matching(viewer: User, text: str) -> list[tuple[int, str]]:
    """As ``matching``, each person with their current organization."""
    found = matching(viewer, "people", text)
    places = dict(
        db.session.execute(
            select(Membership.person_id, Organization.name)
            .join(Organization, Organization.id == Membership.organization_id)
            .where(
                Membership.person_id.in_([pid for pid, _ in found]),
                Membership.current_clause(),
            )
            .order_by(Membership.id.desc())
        ).all()
    )
    return [
        (pid, f"{name} · {places[pid]}" if pid in places else name)
        for pid, name in found
    ]


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
    return _choices(_open_cases(viewer))


def organization_choices(viewer: User) -> list[SelectChoice]:
    rows = db.session.execute(
        visible_organizations(viewer)
        .with_only_columns(Organization.id, Organization.name)
        .order_by(func.lower(Organization.name))
    ).all()
    return [SelectChoice(row.id, row.name) for row in rows]


def organization_filter(viewer: User, chosen: int | None) -> dict[str, Any]:
    """The "organization involved" filter: a select, or a type-ahead picker
    holding the chosen organization when there are too many."""
    picker = picker_url(viewer, "organizations")
    if picker is None:
        choices = organization_choices(viewer)
        return {
            "organizations": choices,
            "organization_picker": None,
            "organization_name": "",
        }
    # Not a loader: a stale or made-up id in a filter just matches nothing.
    name = label_of(viewer, "organizations", chosen)
    return {
        "organizations": None,
        "organization_picker": picker,
        "organization_name": name,
    }
