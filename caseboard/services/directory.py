"""Searching and listing organizations and people for a viewer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, exists, func, or_, select, true
from sqlalchemy.orm import joinedload, selectinload
from wtforms import SelectChoice

from caseboard.extensions import db
from caseboard.models import (
    Membership,
    Organization,
    OrganizationKind,
    OrganizationService,
    Person,
    User,
)
from caseboard.permissions import (
    current_organization_ids,
    visible_organizations,
    visible_people,
)
from caseboard.services.paging import id_or_none
from caseboard.services.paging import like_pattern as _like
from caseboard.services.paging import page_number as _page_number
from caseboard.services.paging import paginate as _paginate

MAX_SEARCH = 100


@dataclass(frozen=True)
class OrganizationQuery:
    text: str = ""
    kind: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> OrganizationQuery:
        kind = args.get("kind", "")
        return cls(
            text=args.get("q", "").strip()[:MAX_SEARCH],
            # An unknown kind in a hand-edited URL shows everything, not an error.
            kind=kind if kind in {k.value for k in OrganizationKind} else "",
            page=_page_number(args),
        )


def organizations_page(viewer: User, query: OrganizationQuery) -> Pagination:
    statement = visible_organizations(viewer)
    if query.text:
        pattern = _like(query.text)
        offers = exists().where(
            OrganizationService.organization_id == Organization.id,
            OrganizationService.name.ilike(pattern, escape="\\"),
        )
        statement = statement.where(
            or_(
                Organization.name.ilike(pattern, escape="\\"),
                Organization.description.ilike(pattern, escape="\\"),
                offers,
            )
        )
    if query.kind:
        statement = statement.where(Organization.kind == query.kind)
    statement = statement.options(selectinload(Organization.services)).order_by(
        func.lower(Organization.name)
    )
    return _paginate(statement, query.page)


def current_member_counts(organization_ids: list[int]) -> dict[int, int]:
    """People currently in each organization, in one query for a whole page."""
    rows = db.session.execute(
        select(Membership.organization_id, func.count(Membership.id))
        .where(Membership.organization_id.in_(organization_ids))
        .where(Membership.current_clause())
        .group_by(Membership.organization_id)
    ).all()
    return dict(rows)


def organization_members(organization: Organization) -> dict[str, list[Membership]]:
    """Current and past members, each list sorted by name."""
    rows = db.session.scalars(
        select(Membership)
        .join(Membership.person)
        .where(Membership.organization_id == organization.id)
        .options(joinedload(Membership.person).joinedload(Person.user))
        .order_by(Person.full_name)
    ).all()
    return {
        "current": [m for m in rows if m.is_current],
        "past": [m for m in rows if not m.is_current],
    }


@dataclass(frozen=True)
class PersonQuery:
    text: str = ""
    organization_id: int | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> PersonQuery:
        organization_id = id_or_none(args.get("organization"))
        return cls(
            text=args.get("q", "").strip()[:MAX_SEARCH],
            organization_id=organization_id,
            page=_page_number(args),
        )


def _contact_details_visible(viewer: User):  # type: ignore[no-untyped-def]
    """SQL for "the viewer may see this person's email", narrowed to the
    person themself and colleagues (coordinators of a person's cases see the
    details on their page, but a search by email does not probe for them)."""
    if viewer.is_admin:
        return true()
    return or_(
        Person.id == viewer.person_id,
        exists().where(
            Membership.person_id == Person.id,
            Membership.current_clause(),
            Membership.organization_id.in_(current_organization_ids(viewer)),
        ),
    )


def people_page(viewer: User, query: PersonQuery) -> Pagination:
    statement = visible_people(viewer)
    if query.text:
        pattern = _like(query.text)
        works_as = exists().where(
            Membership.person_id == Person.id,
            Membership.current_clause(),
            or_(
                Membership.title.ilike(pattern, escape="\\"),
                Membership.organization.has(
                    Organization.name.ilike(pattern, escape="\\")
                ),
            ),
        )
        statement = statement.where(
            or_(
                Person.full_name.ilike(pattern, escape="\\"),
                and_(
                    Person.email.ilike(pattern, escape="\\"),
                    _contact_details_visible(viewer),
                ),
                works_as,
            )
        )
    if query.organization_id:
        statement = statement.where(
            exists().where(
                Membership.person_id == Person.id,
                Membership.organization_id == query.organization_id,
            )
        )
    statement = statement.options(
        selectinload(Person.memberships).joinedload(Membership.organization)
    ).order_by(func.lower(Person.full_name))
    return _paginate(statement, query.page)


def organization_choices(viewer: User) -> list[SelectChoice]:
    rows = db.session.execute(
        visible_organizations(viewer)
        .with_only_columns(Organization.id, Organization.name)
        .order_by(func.lower(Organization.name))
    ).all()
    return [SelectChoice(row.id, row.name) for row in rows]
