"""Measures, their data points, response starts and the assessment window.

Like every service: the acting user, a flush, the audit trail, no commit.
Edits are version-checked: a measure by its own version, each grid cell by
the version of its data point.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    Area,
    AssessmentWindow,
    Case,
    Measure,
    MeasurePoint,
    ResponseStart,
    User,
)
from caseboard.services.audit import apply_changes, record, record_created
from caseboard.services.errors import (
    ConflictError,
    ServiceError,
    check_version,
    required,
)

MAX_WINDOW_PERIODS = 520


def _check_name(case: Case, name: str, measure: Measure | None = None) -> str:
    name = required(name, "A measure needs a name.", "name")
    clash = db.session.scalar(
        select(Measure.id).where(Measure.case_id == case.id, Measure.name == name)
    )
    if clash is not None and (measure is None or clash != measure.id):
        raise ServiceError(f"This case already has a measure “{name}”.", "name")
    return name


def _check_weight(fields: dict[str, Any]) -> None:
    weight = fields.get("harm_weight")
    if weight is not None and weight < 0:
        raise ServiceError("A harm weight cannot be negative.", "harm_weight")


def create_measure(actor: User | None, case: Case, **fields: Any) -> Measure:
    fields["name"] = _check_name(case, fields.get("name", ""))
    _check_weight(fields)
    measure = Measure(case_id=case.id, **fields)
    return record_created(actor, measure, {k: [None, v] for k, v in fields.items()})


def update_measure(
    actor: User, measure: Measure, *, expected_version: int | None, **fields: Any
) -> Measure:
    check_version(measure, expected_version)
    if "name" in fields:
        fields["name"] = _check_name(measure.case, fields["name"], measure)
    _check_weight(fields)
    changes = apply_changes(measure, fields)
    if changes:
        record(actor, "update", measure, changes)
        db.session.flush()
    return measure


@dataclass(frozen=True)
class Cell:
    """One grid cell as submitted: ``value`` None clears it; ``version`` is
    the point's version the user saw (None for a cell that was empty)."""

    area: Area
    period_start: date
    value: float | None
    version: int | None
    note: str | None = None


def _points(measure: Measure) -> dict[tuple[Area, date], MeasurePoint]:
    return {(point.area, point.period_start): point for point in measure.points}


def save_grid(actor: User, measure: Measure, cells: Iterable[Cell]) -> int:
    """Write the cells that changed; returns how many.  A cell whose point
    was saved (or filled, or cleared) by someone else since the user loaded
    the grid raises ``ConflictError`` and nothing is written."""
    points = _points(measure)
    changed: dict[str, list[Any]] = {}
    for cell in cells:
        point = points.get((cell.area, cell.period_start))
        key = f"{cell.area}/{cell.period_start.isoformat()}"
        if point is None:
            if cell.version is not None:
                raise ConflictError(measure)  # the user saw a point now gone
            if cell.value is not None:
                measure.points.append(
                    MeasurePoint(
                        area=cell.area,
                        period_start=cell.period_start,
                        value=cell.value,
                        note=cell.note or "",
                    )
                )
                changed[key] = [None, cell.value]
            continue
        if cell.version != point.version:
            raise ConflictError(measure)
        if cell.value is None:
            db.session.delete(point)
            measure.points.remove(point)
            changed[key] = [point.value, None]
        elif cell.value != point.value or (
            cell.note is not None and cell.note != point.note
        ):
            changed[key] = [point.value, cell.value]
            point.value = cell.value
            if cell.note is not None:
                point.note = cell.note
    if changed:
        record(actor, "update_points", measure, changed)
        db.session.flush()
    return len(changed)


def add_response_start(
    actor: User | None, case: Case, starts_on: date, label: str = ""
) -> ResponseStart:
    start = ResponseStart(case_id=case.id, starts_on=starts_on, label=label.strip())
    db.session.add(start)
    db.session.flush()
    record(
        actor,
        "create",
        start,
        {"starts_on": [None, starts_on], "label": [None, start.label]},
        label=f"{case.title}: response start {starts_on.isoformat()}",
    )
    return start


def remove_response_start(actor: User, start: ResponseStart) -> None:
    record(actor, "delete", start, {"starts_on": [start.starts_on, None]})
    db.session.delete(start)
    db.session.flush()


def set_window(
    actor: User | None,
    case: Case,
    periods: int | None,
    *,
    expected_version: int | None = None,
) -> AssessmentWindow | None:
    """The analyst's window length in periods; None goes back to the
    longest equal windows the data allow."""
    window = db.session.get(AssessmentWindow, case.id)
    if periods is not None and not 0 < periods <= MAX_WINDOW_PERIODS:
        raise ServiceError(
            f"Choose between 1 and {MAX_WINDOW_PERIODS} periods.", "periods"
        )
    if window is not None and expected_version is not None:
        check_version(window, expected_version)
    before = window.periods if window else None
    if periods is None:
        if window is not None:
            db.session.delete(window)
    elif window is None:
        window = AssessmentWindow(case_id=case.id, periods=periods)
        db.session.add(window)
    else:
        window.periods = periods
    if before != periods:
        record(
            actor,
            "update",
            case,
            {"assessment_periods": [before, periods]},
            label=case.title,
        )
    db.session.flush()
    return window if periods is not None else None


def set_assessment_due(
    actor: User, case: Case, due_on: date | None, expected_version: int | None
) -> None:
    """The day the next assessment is due (None: none planned); not in the
    past, and refused as a conflict from a stale page."""
    check_version(case, expected_version)
    if due_on is not None and due_on < today():
        raise ServiceError("That day has passed; pick a later one.", "due_on")
    before = case.assessment_due_on
    if before == due_on:
        return
    case.assessment_due_on = due_on
    record(
        actor,
        "set_assessment_due",
        case,
        {"assessment_due_on": [before, due_on]},
        label=case.title,
    )
    db.session.flush()
