"""Every model, imported here so Alembic and the app see the whole schema."""

from caseboard.models.audit import AuditEvent
from caseboard.models.base import Base
from caseboard.models.organizations import (
    Organization,
    OrganizationKind,
    OrganizationService,
)
from caseboard.models.people import Membership, Person
from caseboard.models.users import SiteRole, User

__all__ = [
    "AuditEvent",
    "Base",
    "Membership",
    "Organization",
    "OrganizationKind",
    "OrganizationService",
    "Person",
    "SiteRole",
    "User",
]
