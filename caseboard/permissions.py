"""Who may see and change what, in one place.

Each ``can_*`` predicate is pure (user and object in, bool out); its raising
twin ``require`` turns a refusal into 403. Loaders in ``caseboard.loaders``
answer 404 first for what the viewer may not know exists. Templates call the
same predicates (registered as Jinja globals), so a hidden button and a refused
request never disagree.

Organizations and people are shared coalition-wide; the access issue narrows
contact details and adds restricted notes on top of these helpers.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from caseboard.models import Organization, Person, SiteRole, User

EDITOR_ROLES = frozenset({SiteRole.ADMIN, SiteRole.COORDINATOR})


def is_signed_in(user: object) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.active


def current_organization_ids(user: User) -> set[int]:
    return {m.organization_id for m in user.person.current_memberships}


def can_manage_users(user: object) -> bool:
    return is_signed_in(user) and user.is_admin  # type: ignore[union-attr]


def can_create_organization(user: object) -> bool:
    return is_signed_in(user) and user.role in EDITOR_ROLES  # type: ignore[union-attr]


def can_edit_organization(user: object, organization: Organization) -> bool:
    """Administrators and coordinators edit any organization; staff their own."""
    if not is_signed_in(user):
        return False
    if user.role in EDITOR_ROLES:  # type: ignore[union-attr]
        return True
    return user.role == SiteRole.MEMBER and organization.id in current_organization_ids(
        user  # type: ignore[arg-type]
    )


def can_create_person(user: object) -> bool:
    return is_signed_in(user) and user.role != SiteRole.READ_ONLY  # type: ignore[union-attr]


def can_edit_person(user: object, person: Person) -> bool:
    """Editors edit anyone; a member edits themself and colleagues of their
    current organizations (they know when someone changes jobs)."""
    if not is_signed_in(user):
        return False
    if user.role in EDITOR_ROLES:  # type: ignore[union-attr]
        return True
    if user.role == SiteRole.READ_ONLY:  # type: ignore[union-attr]
        return False
    if person.id == user.person_id:  # type: ignore[union-attr]
        return True
    mine = current_organization_ids(user)  # type: ignore[arg-type]
    return any(m.organization_id in mine for m in person.current_memberships)


def require(allowed: bool) -> None:
    """The raising twin of every predicate: 403 when ``allowed`` is false."""
    if not allowed:
        abort(403)


def visible_organizations(user: User) -> Select[tuple[Organization]]:
    return select(Organization)


def visible_people(user: User) -> Select[tuple[Person]]:
    return select(Person)


def visible_users(user: User) -> Select[tuple[User]]:
    if not can_manage_users(user):
        return select(User).where(User.id == user.id)
    return select(User)


TEMPLATE_PREDICATES = {
    name: value for name, value in dict(globals()).items() if name.startswith("can_")
}
