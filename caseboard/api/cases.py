"""Cases: the list with the page's filters, one case with its stage history,
roles, places and responses, opening a case, moving its stage."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user
from flask_smorest import Blueprint

from caseboard.api.conventions import (
    checked_version,
    create_operation,
    list_operation,
    paged,
    read_operation,
    save,
    update_operation,
    with_etag,
)
from caseboard.api.schemas.cases import (
    CaseDetailSchema,
    CaseFilters,
    CaseSchema,
    NewCaseSchema,
    StageChangeSchema,
    StageMove,
)
from caseboard.extensions import db
from caseboard.loaders import load_case, load_organization
from caseboard.models import Case, ProblemType
from caseboard.permissions import can_create_case, can_edit_case, require
from caseboard.queries.cases import CaseQuery, case_page_options, filtered_cases
from caseboard.services import cases

blp = Blueprint("api_cases", __name__, url_prefix="/api/v1/cases", description="Cases")


@list_operation(blp, CaseFilters, CaseSchema)
def list_cases(args: dict[str, Any]):
    """Cases the caller may see in their chosen coalition, by id; filters as
    on the case list (``status`` defaults to active)."""
    statement = filtered_cases(current_user, CaseQuery.from_args(request.args))
    return paged(statement.order_by(None).order_by(Case.id), args)


@create_operation(
    blp,
    NewCaseSchema,
    CaseDetailSchema,
    ("case_id", "getCase", "moveStage", "listMeasures", "getAssessment"),
)
def create_case(data: dict[str, Any]):
    """Open a case in scanning (coordinators and administrators)."""
    require(can_create_case(current_user))
    lead = load_organization(data.pop("lead_organization_id"))
    problem_type = db.get_or_404(ProblemType, data.pop("problem_type_id"))
    case = save(
        lambda: cases.create_case(
            current_user,
            problem_type=problem_type,
            lead_organization=lead,
            coordinator=current_user,
            **data,
        )
    )
    return with_etag(case, 201)


@read_operation(blp, "/<int:case_id>", CaseDetailSchema, etag=True)
def get_case(case_id: int):
    case = load_case(case_id, case_page_options())
    return with_etag(case)


@blp.post("/<int:case_id>/stage")
@update_operation(blp, StageMove, 201, StageChangeSchema)
def move_stage(data: dict[str, Any], case_id: int):
    """Move the case one stage forward or back, saying why; If-Match must
    carry the case's ETag."""
    case = load_case(case_id)
    require(can_edit_case(current_user, case))
    version = checked_version(case)
    change = save(
        lambda: cases.move_stage(current_user, case, expected_version=version, **data)
    )
    return with_etag(case, 201, body=change)
