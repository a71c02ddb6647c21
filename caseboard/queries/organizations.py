"""Searching and listing organizations for a viewer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from caseboard.extensions import db
from caseboard.models import (
    Membership,
    Organization,
    OrganizationKind,
    OrganizationService,
    Person,
    User,
)
from caseboard.permissions import visible_organizations
from caseboard.queries.paging import (
    chosen,
    contains,
    page_number,
    paginate,
    search_text,
)


@dataclass(frozen=True)
class OrganizationQuery:
    text: str = ""
    kind: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> OrganizationQuery:
        return cls(
            text=search_text(args),
            kind=chosen(args, "kind", OrganizationKind),
            page=page_number(args),
        )


def organizations_page(viewer: User, query: OrganizationQuery) -> Pagination:
    return paginate(filtered_organizations(viewer, query), query.page)


def filtered_organizations(viewer: User, query: OrganizationQuery) -> Select:
    """The directory's statement for ``query``, in its order (the API pages
    the same statement)."""
    statement = visible_organizations(viewer)
    if text := query.text:
        offers = exists().where(
            OrganizationService.organization_id == Organization.id,
            contains(OrganizationService.name, text),
        )
        statement = statement.where(
            or_(
                contains(Organization.name, text),
                contains(Organization.description, text),
                offers,
            )
        )
    if query.kind:
        statement = statement.where(Organization.kind == query.kind)
    return statement.options(selectinload(Organization.services)).order_by(
        func.lower(Organization.name)
    )


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
