"""Importing measure data points from CSV: ``case,measure,area,period,value[,note]``.

The same two steps as every import (``services.imports``): a preview that
writes nothing, then ``apply`` for every row or none.  ``case`` is a case id
or its exact title; ``period`` is ``YYYY-MM`` (a month) or the ISO date a
week starts on; a measure name the case does not have yet creates a count
measure.  Re-importing the same file changes nothing.  A different value for
a point already recorded is reported, and replaced only when ``replace`` is
asked for.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.inputs import parse_float
from caseboard.models import (
    Area,
    Case,
    Measure,
    MeasureKind,
    MeasurePoint,
    Period,
    User,
)
from caseboard.permissions import can_edit_case, visible_cases
from caseboard.services.audit import record_created, record_import
from caseboard.services.import_rows import (
    Action,
    ImportRefused,
    Preview,
    Row,
    RowResult,
    quote,
    read_rows,
)

KIND = "measures"
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
WEEK = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "control_buffer", "control buffer" and "Control-Buffer" all name one area.
AREAS = {area.value.replace("_", " "): area for area in Area}


@dataclass
class MeasurePreview(Preview):
    replace: bool = False
    differing: list[RowResult] = field(default_factory=list)

    def summary(self) -> str:
        replaced = sum(1 for row in self.to_create if row.values.get("point_id"))
        new = len(self.to_create) - replaced
        text = (
            f"{len(self.rows)} rows: {new} new points, {replaced} replaced, "
            f"{len(self.skipped)} already there, {len(self.errors)} with errors."
        )
        kept = len(self.differing) if not self.replace else 0
        if kept:
            text += (
                f" {kept} differ from the recorded value and are kept as recorded"
                " (import again with replace to take the file's values)."
            )
        return text


def parse_period(raw: str) -> tuple[date, Period] | None:
    if match := MONTH.match(raw):
        year, month = int(match[1]), int(match[2])
        return (date(year, month, 1), Period.MONTH) if 1 <= month <= 12 else None
    if WEEK.match(raw):
        try:
            return date.fromisoformat(raw), Period.WEEK
        except ValueError:
            return None
    return None


class _Known:
    """Cases the importer may edit, their measures and points: loaded once."""

    def __init__(self, actor: User | None) -> None:
        query = select(Case) if actor is None else visible_cases(actor)
        cases = [
            c
            for c in db.session.scalars(query)
            if actor is None or can_edit_case(actor, c)
        ]
        self.by_id = {str(c.id): c for c in cases}
        self.by_title: dict[str, list[Case]] = {}
        for case in cases:
            self.by_title.setdefault(case.title, []).append(case)
        ids = [c.id for c in cases]
        measures = db.session.scalars(select(Measure).where(Measure.case_id.in_(ids)))
        self.measures = {(m.case_id, m.name): m for m in measures}
        points = db.session.scalars(
            select(MeasurePoint).join(Measure).where(Measure.case_id.in_(ids))
        )
        self.points = {(p.measure_id, p.area, p.period_start): p for p in points}

    def case(self, raw: str) -> Case | str:
        if raw in self.by_id:
            return self.by_id[raw]
        found = self.by_title.get(raw, [])
        if len(found) == 1:
            return found[0]
        if found:
            return f"{quote(raw)} names {len(found)} cases; use the case id"
        return f"no case you may edit is called or numbered {quote(raw)}"


def _parse(row: Row, known: _Known) -> dict[str, Any] | None:
    case = known.case(row.text("case", 200, required=True))
    if isinstance(case, str):
        row.fail("case", case)
    name = row.text("measure", 200, required=True)
    area = AREAS.get(re.sub(r"[\s_-]+", " ", row.get("area").strip().lower()))
    if area is None:
        row.fail("area", f"{quote(row.get('area'))} is not one of {', '.join(Area)}")
    period = parse_period(row.get("period"))
    if period is None:
        row.fail("period", f"{quote(row.get('period'))} is not YYYY-MM or YYYY-MM-DD")
    value = parse_float(row.get("value").replace(",", ""), math.nan, -1e12, 1e12)
    if math.isnan(value):
        row.fail("value", f"{quote(row.get('value'))} is not a number")
    note = row.text("note", 500)
    if row.errors or isinstance(case, str) or period is None:
        return None
    measure = known.measures.get((case.id, name))
    if measure is not None and measure.period != period[1]:
        row.fail("period", f"{name} is measured by {measure.period}")
        return None
    return {
        "case_id": case.id,
        "measure": name,
        "measure_id": measure.id if measure else None,
        "period_kind": period[1],
        "area": area,
        "period_start": period[0],
        "value": value,
        "note": note,
    }


def _result(
    row: Row,
    values: dict[str, Any] | None,
    known: _Known,
    seen: dict,
    replace: bool,
    preview: MeasurePreview,
) -> RowResult:
    summary = " · ".join(
        row.get(c) for c in ("case", "measure", "area", "period", "value")
    )
    if values is None:
        return RowResult(row.number, Action.ERROR, summary, "; ".join(row.errors))
    cell = (
        values["case_id"],
        values["measure"],
        values["area"],
        values["period_start"],
    )
    if cell in seen:
        if seen[cell] == values["value"]:
            return RowResult(row.number, Action.SKIP, summary, "repeated in the file")
        return RowResult(
            row.number,
            Action.ERROR,
            summary,
            "the same point appears earlier in the file with another value",
        )
    seen[cell] = values["value"]
    point = None
    if values["measure_id"] is not None:
        point = known.points.get(
            (values["measure_id"], values["area"], values["period_start"])
        )
    if point is None:
        return RowResult(row.number, Action.CREATE, summary, values=values)
    if point.value == values["value"]:
        return RowResult(row.number, Action.SKIP, summary, "already recorded")
    message = f"recorded {point.value:g}, the file has {values['value']:g}"
    result = RowResult(row.number, Action.SKIP, summary, message + "; kept")
    if replace:
        result = RowResult(
            row.number,
            Action.CREATE,
            summary,
            message + "; replaced",
            values={**values, "point_id": point.id},
        )
    preview.differing.append(result)
    return result


def preview(data: bytes, actor: User | None, replace: bool = False) -> MeasurePreview:
    """What importing ``data`` would do, row by row; writes nothing."""
    rows, ignored = read_rows(KIND, data)
    known = _Known(actor)
    result = MeasurePreview(KIND, [], ignored, replace=replace)
    seen: dict = {}
    for row in rows:
        values = _parse(row, known) if not row.unreadable else None
        result.rows.append(_result(row, values, known, seen, replace, result))
    return result


def apply(data: bytes, actor: User | None, replace: bool = False) -> MeasurePreview:
    """Write every new (or, with ``replace``, changed) point, or none."""
    result = preview(data, actor, replace)
    if not result.ok:
        raise ImportRefused(result)
    created: dict[tuple[int, str], Measure] = {}
    for row in result.to_create:
        values = row.values
        if values.get("point_id"):
            db.session.get_one(MeasurePoint, values["point_id"]).value = values["value"]
            continue
        measure_id = values["measure_id"]
        if measure_id is None:
            key = (values["case_id"], values["measure"])
            if key not in created:
                created[key] = _new_measure(actor, values)
            measure_id = created[key].id
        db.session.add(
            MeasurePoint(
                measure_id=measure_id,
                area=values["area"],
                period_start=values["period_start"],
                value=values["value"],
                note=values["note"],
            )
        )
    counts = {
        "kind": KIND,
        "written": len(result.to_create),
        "skipped": len(result.skipped),
        "measures_created": len(created),
    }
    record_import(actor, data, counts, "Import of measure data")
    return result


def _new_measure(actor: User | None, values: dict[str, Any]) -> Measure:
    measure = Measure(
        case_id=values["case_id"],
        name=values["measure"],
        kind=MeasureKind.COUNT,
        period=values["period_kind"],
    )
    return record_created(actor, measure, {"name": [None, measure.name]})
