"""What the maps show, scoped to the viewer: a case's places and areas, a
coalition's open cases by stage, and the hot spots of the viewer's cases.

The caller scopes the case (a loader checked it) and the coalition (likewise);
every case read here beyond that one goes through ``visible_cases``, so a
place of a case the viewer may not see is never in a map, a hot spot or an
export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from caseboard.extensions import db
from caseboard.maps.features import area_feature, collection, located, place_feature
from caseboard.maps.hotspots import Cell, cell_collection, cells
from caseboard.models import (
    Area,
    Case,
    CaseArea,
    CasePlace,
    CaseStage,
    CaseStatus,
    Coalition,
    Measure,
    MeasurePoint,
    User,
)
from caseboard.permissions import visible_cases
from caseboard.queries.scope import scoped_cases

AREA_ORDER = {area: index for index, area in enumerate(Area)}


def case_areas(case: Case) -> list[CaseArea]:
    rows = db.session.scalars(
        select(CaseArea)
        .where(CaseArea.case_id == case.id)
        .options(selectinload(CaseArea.place))
    ).all()
    return sorted(rows, key=lambda row: AREA_ORDER[row.area])


def case_map(case: Case) -> dict[str, Any]:
    """The case's located places and its areas."""
    features = [area_feature(row) for row in case_areas(case)]
    features += [place_feature(p, case, "place") for p in located(case.places)]
    return collection(features, f"Case {case.id}: {case.title}")


def open_cases(viewer: User, coalition: Coalition) -> list[Case]:
    """The coalition's open cases the viewer may see, with their places."""
    return list(
        db.session.scalars(
            visible_cases(viewer)
            .where(Case.coalition_id == coalition.id, Case.status == CaseStatus.OPEN)
            .options(selectinload(Case.places))
            .order_by(Case.stage, Case.title)
        ).all()
    )


def coalition_map(viewer: User, coalition: Coalition) -> dict[str, Any]:
    """Every open case the viewer may see, its places coloured by stage,
    with the areas drawn for them."""
    cases = open_cases(viewer, coalition)
    areas = db.session.scalars(
        select(CaseArea)
        .where(CaseArea.case_id.in_([case.id for case in cases]))
        .options(selectinload(CaseArea.place))
    ).all()
    features = [area_feature(row) for row in areas]
    features += [
        place_feature(place, case, case.stage.value)
        for case in cases
        for place in located(case.places)
    ]
    return collection(features, f"{coalition.name}: open cases")


def stage_counts(cases: list[Case]) -> list[tuple[CaseStage, int]]:
    return [(stage, sum(1 for c in cases if c.stage is stage)) for stage in CaseStage]


@dataclass
class HotSpots:
    measure: str  # "" : each case weighs 1
    start: date
    end: date
    cells: list[Cell]

    def as_geojson(self) -> dict[str, Any]:
        what = self.measure or "cases"
        return cell_collection(
            self.cells, f"Hot spots: {what}, {self.start} to {self.end}"
        )


def measure_names(viewer: User) -> list[str]:
    """The names of the measures of the viewer's cases (chosen coalition)."""
    cases = scoped_cases(viewer).with_only_columns(Case.id).scalar_subquery()
    return list(
        db.session.scalars(
            select(Measure.name)
            .where(Measure.case_id.in_(cases))
            .distinct()
            .order_by(Measure.name)
        )
    )


def hot_spots(viewer: User, measure: str, start: date, end: date) -> HotSpots:
    """The viewer's cases (in the coalition they chose) weighted by the
    target-area values of ``measure`` from ``start`` to ``end``; without a
    measure, each case open in the window weighs 1."""
    cases = scoped_cases(viewer).with_only_columns(Case.id)
    if measure:
        rows = db.session.execute(
            select(Measure.case_id, func.sum(MeasurePoint.value))
            .join(MeasurePoint, MeasurePoint.measure_id == Measure.id)
            .where(
                Measure.case_id.in_(cases.scalar_subquery()),
                Measure.name == measure,
                MeasurePoint.area == Area.TARGET,
                MeasurePoint.period_start.between(start, end),
            )
            .group_by(Measure.case_id)
        ).all()
        weights = {case_id: float(total) for case_id, total in rows if total}
    else:
        open_in_window = cases.where(Case.opened_on <= end)
        weights = {case_id: 1.0 for case_id in db.session.scalars(open_in_window)}
    places = db.session.execute(
        select(CasePlace.case_id, CasePlace.latitude, CasePlace.longitude).where(
            CasePlace.case_id.in_(list(weights)),
            CasePlace.latitude.is_not(None),
            CasePlace.longitude.is_not(None),
        )
    ).all()
    spots = [
        (case_id, lat, lon)
        for case_id, lat, lon in places
        if lat is not None and lon is not None
    ]
    return HotSpots(measure, start, end, cells(spots, weights))
