from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    CoalitionMembership,
    Organization,
    OrganizationKind,
    OrganizationService,
    User,
)
from caseboard.services.audit import apply_changes, record, record_update
from caseboard.services.coalitions import only_coalition
from caseboard.services.errors import ServiceError, check_version


def find_by_name(name: str) -> Organization | None:
    """Case-insensitive match, so 'harbor city pd' finds 'Harbor City PD'.
    The database lowers both sides: SQLite's lower() folds only ASCII, so
    Python's would miss 'ÉCOLE' against 'École' and let a duplicate reach
    the unique index."""
    return db.session.scalars(
        select(Organization).where(
            func.lower(Organization.name) == func.lower(name.strip())
        )
    ).first()


def _check_name_free(name: str, organization: Organization | None = None) -> None:
    other = find_by_name(name)
    if other is not None and other is not organization:
        raise ServiceError("Another organization already has this name.", "name")


def _set_services(organization: Organization, names: list[str]) -> dict[str, Any]:
    before = [s.name for s in organization.services]
    cleaned = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if before == cleaned:
        return {}
    organization.services = [
        OrganizationService(name=name, position=i) for i, name in enumerate(cleaned)
    ]
    return {"services": [before, cleaned]}


def create_organization(
    actor: User | None,
    *,
    name: str,
    kind: str = OrganizationKind.OTHER,
    services: list[str] | None = None,
    **fields: Any,
) -> Organization:
    name = name.strip()
    _check_name_free(name)
    organization = Organization(name=name, kind=OrganizationKind(kind), **fields)
    db.session.add(organization)
    _set_services(organization, services or [])
    # An installation of one coalition: every organization is its member
    # (said in the one event of the creation).
    coalition = only_coalition()
    changes = {}
    if coalition is not None:
        db.session.add(
            CoalitionMembership.granted(
                actor,
                coalition=coalition,
                organization=organization,
                started_on=today(),
            )
        )
        changes = {"coalition": [None, coalition.name]}
    record(actor, "create", organization, changes)
    return organization


def update_organization(
    actor: User,
    organization: Organization,
    *,
    expected_version: int | None,
    services: list[str] | None = None,
    **fields: Any,
) -> Organization:
    check_version(organization, expected_version)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
        _check_name_free(fields["name"], organization)
    changes = apply_changes(organization, fields)
    if services is not None:
        changes.update(_set_services(organization, services))
    if changes:
        # Touch the row even when only the services changed, so its version
        # moves and a concurrent edit of the services is caught as well.
        record_update(actor, organization, changes)
        db.session.flush()
    return organization
