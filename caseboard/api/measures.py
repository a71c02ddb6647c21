"""A case's measures with their data points, its assessment figures, and
data points pushed in bulk through the CSV import's own service (the same
checks, idempotence and report: pushing the same points twice writes
nothing the second time)."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import Blueprint

from caseboard.api.conventions import post_operation, read_operation, save
from caseboard.api.problems import stop
from caseboard.api.schemas.measures import (
    AssessmentSchema,
    MeasureSchema,
    PushReportSchema,
    PushSchema,
)
from caseboard.loaders import load_case
from caseboard.permissions import can_edit_case, require
from caseboard.queries.assessment import case_assessment, case_measures
from caseboard.services import measure_imports
from caseboard.services.import_rows import ImportRefused, Preview
from caseboard.spreadsheets import rows_for_import

blp = Blueprint(
    "api_measures",
    __name__,
    url_prefix="/api/v1/cases",
    description="Measures, data points and assessment",
)
COLUMNS = ("case", "measure", "area", "period", "value", "note")


@read_operation(blp, "/<int:case_id>/measures", MeasureSchema(many=True))
def list_measures(case_id: int):
    """The case's measures, success measures first, with every data point."""
    return case_measures(load_case(case_id))


@read_operation(blp, "/<int:case_id>/assessment", AssessmentSchema)
def get_assessment(case_id: int):
    """The figures and verdict of the case's assessment page."""
    return case_assessment(load_case(case_id)).as_json()


def as_csv(case_id: int, points: list[dict[str, Any]]) -> bytes:
    """The points as the CSV import reads them."""
    return rows_for_import(
        COLUMNS,
        ([case_id, *(point[name] for name in COLUMNS[1:])] for point in points),
    )


def report(result: Preview, dry_run: bool) -> dict[str, Any]:
    return {
        "summary": result.summary(),
        "written": 0 if dry_run else len(result.to_create),
        "skipped": len(result.skipped),
        "errors": len(result.errors),
        "dry_run": dry_run,
        "rows": result.rows,
    }


@post_operation(blp, "/<int:case_id>/data-points", PushSchema, 200, PushReportSchema)
def push_points(data: dict[str, Any], case_id: int):
    """Record data points of the case's measures (a measure not there yet is
    made as a count). Points already recorded are skipped; a different value
    is reported and kept unless ``replace``. Every point or none: a point
    with an error answers 422 with the report and writes nothing."""
    case = load_case(case_id)
    require(can_edit_case(current_user, case))
    upload = as_csv(case.id, data["points"])
    replace = data["replace"]
    checked = measure_imports.preview(upload, current_user, replace)
    if not checked.ok:
        stop(
            422,
            ImportRefused(checked).message,
            report=PushReportSchema().dump(report(checked, True)),
        )
    if data["dry_run"]:
        return report(checked, True)
    return report(
        save(lambda: measure_imports.apply(upload, current_user, replace)), False
    )
