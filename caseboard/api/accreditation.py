"""Accreditation: a coalition's scheme with its standards, its enrolled
establishments with their status per standard (the list's filters as on the
page), and one establishment with its steps. The coalition's people read
them (``permissions_accreditation``); another coalition's get 404."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import Blueprint

from caseboard.api.conventions import list_operation, paged_list, read_operation
from caseboard.api.problems import stop
from caseboard.api.schemas.accreditation import (
    EstablishmentDetailSchema,
    EstablishmentFilters,
    EstablishmentSchema,
    SchemeSchema,
)
from caseboard.clock import today
from caseboard.loaders import load_coalition, load_establishment
from caseboard.models.accreditation import EstablishmentStatus, establishment_status
from caseboard.permissions import require
from caseboard.permissions_accreditation import can_view_accreditation
from caseboard.queries import accreditation as queries

blp = Blueprint(
    "api_accreditation", __name__, url_prefix="/api/v1", description="Accreditation"
)
ESTABLISHMENT_FIELDS = (
    *("id", "scheme_id", "organization_id", "place", "manager_id", "enrolled_on"),
    *("version", "created_at", "updated_at"),
)


def establishment_body(status: EstablishmentStatus) -> dict[str, Any]:
    venue = status.establishment
    return {name: getattr(venue, name) for name in ESTABLISHMENT_FIELDS} | {
        "status": status.decal.value,
        "missing": [row.standard.id for row in status.missing],
        "standards": [
            {
                "standard_id": row.standard.id,
                "required": row.standard.required,
                "standing": row.standing.value,
                "expires_on": row.expires_on,
            }
            for row in status.rows
        ],
    }


def scheme_of(coalition_id: int) -> Any:
    coalition = load_coalition(coalition_id)
    require(can_view_accreditation(current_user, coalition))
    return queries.scheme_of(coalition) or stop(
        404, "This coalition has no accreditation scheme."
    )


@read_operation(blp, "/coalitions/<int:coalition_id>/accreditation", SchemeSchema)
def get_scheme(coalition_id: int):
    """The coalition's scheme and its standards, in their order."""
    return scheme_of(coalition_id)


@list_operation(
    blp,
    EstablishmentFilters,
    EstablishmentSchema,
    "/coalitions/<int:coalition_id>/establishments",
)
def list_establishments(args: dict[str, Any], coalition_id: int):
    """Enrolled establishments by id, each with its status today and where it
    stands on every standard."""
    rows = queries.statuses(scheme_of(coalition_id), today())
    filters = queries.Filters(
        status=args.get("status", ""),
        theme=args.get("theme", ""),
        agency_id=args.get("agency"),
    )
    chosen = sorted(queries.filtered(rows, filters), key=lambda r: r.establishment.id)
    return paged_list(chosen, args, establishment_body)


@read_operation(
    blp, "/establishments/<int:establishment_id>", EstablishmentDetailSchema
)
def get_establishment(establishment_id: int):
    """An establishment's status, standings and every step recorded."""
    venue = load_establishment(establishment_id)
    body = establishment_body(establishment_status(venue, today()))
    return body | {"steps": venue.steps}
