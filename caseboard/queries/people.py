"""Searching and listing people for a viewer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, exists, func, or_, true
from sqlalchemy.orm import selectinload

from caseboard.models import (
    Membership,
    Organization,
    Person,
    User,
)
from caseboard.permissions import (
    current_organization_ids,
    visible_people,
)
from caseboard.queries.paging import (
    contains,
    id_or_none,
    page_number,
    paginate,
    search_text,
)


@dataclass(frozen=True)
class PersonQuery:
    text: str = ""
    organization_id: int | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> PersonQuery:
        return cls(
            text=search_text(args),
            organization_id=id_or_none(args.get("organization")),
            page=page_number(args),
        )


def _contact_details_visible(viewer: User):
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
    if text := query.text:
        works_as = exists().where(
            Membership.person_id == Person.id,
            Membership.current_clause(),
            or_(
                contains(Membership.title, text),
                Membership.organization.has(contains(Organization.name, text)),
            ),
        )
        statement = statement.where(
            or_(
                contains(Person.full_name, text),
                and_(contains(Person.email, text), _contact_details_visible(viewer)),
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
    return paginate(statement, query.page)
