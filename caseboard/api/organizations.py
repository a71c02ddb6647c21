"""The directory of organizations, with the services each offers."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user
from flask_smorest import Blueprint

from caseboard.api.conventions import list_operation, paged, read_operation
from caseboard.api.schemas.directory import OrganizationFilters, OrganizationSchema
from caseboard.loaders import load_organization
from caseboard.models import Organization
from caseboard.queries.organizations import OrganizationQuery, filtered_organizations

blp = Blueprint(
    "api_organizations",
    __name__,
    url_prefix="/api/v1/organizations",
    description="Organizations",
)


@list_operation(blp, OrganizationFilters, OrganizationSchema)
def list_organizations(args: dict[str, Any]):
    """Organizations by id; ``q`` searches names, descriptions and services."""
    query = OrganizationQuery.from_args(request.args)
    statement = filtered_organizations(current_user, query)
    return paged(statement.order_by(None).order_by(Organization.id), args)


@read_operation(blp, "/<int:organization_id>", OrganizationSchema)
def get_organization(organization_id: int):
    return load_organization(organization_id)
