"""Drawing a case's assessment areas: a circle of a given radius around one
of its places (a ring when it is the buffer around a drawn target) or a
polygon drawn on the map. One area of each kind per case; drawing it again
replaces it, version-checked.

Like every service: the acting user, a flush, the audit trail, no commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.maps.geometry import (
    BadGeometry,
    drawn_polygon,
    polygon_area_m2,
    ring_around,
)
from caseboard.models import Area, Case, CaseArea, CasePlace, User
from caseboard.services.audit import record
from caseboard.services.errors import ServiceError, check_version

MAX_RADIUS_M = 10_000.0  # beyond a few miles an area is no longer a place


def case_area(case: Case, area: Area) -> CaseArea | None:
    return db.session.scalar(
        select(CaseArea).where(CaseArea.case_id == case.id, CaseArea.area == area)
    )


def circle_geometry(case: Case, area: Area, place: CasePlace, radius_m: float) -> dict:
    if place.latitude is None or place.longitude is None:
        raise ServiceError(
            f"“{place.name}” has no latitude and longitude: add them to the "
            "place first, or draw a polygon.",
            "place_id",
        )
    if not 0 < radius_m <= MAX_RADIUS_M:
        raise ServiceError(
            f"A radius is more than 0 and at most {MAX_RADIUS_M:,.0f} m "
            "(about 6 miles).",
            "radius",
        )
    target = case_area(case, Area.TARGET) if area is Area.BUFFER else None
    inner = target.geometry if target is not None else None
    return ring_around([place.longitude, place.latitude], radius_m, inner)


def save_area(
    actor: User | None,
    case: Case,
    *,
    area: Area,
    description: str,
    expected_version: int | None,
    place: CasePlace | None = None,
    radius_m: float | None = None,
    polygon: Any = None,
) -> CaseArea:
    """Store the area of kind ``area``: a circle when ``place`` is given,
    else the drawn ``polygon``. ``expected_version`` is the version of the
    area the user saw (None: they saw none)."""
    if place is not None and radius_m is not None:
        geometry = circle_geometry(case, area, place, radius_m)
    else:
        try:
            geometry = drawn_polygon(polygon)
        except BadGeometry as error:
            raise ServiceError(str(error), "geometry") from error
        place, radius_m = None, None
    existing = case_area(case, area)
    if existing is not None:
        check_version(existing, expected_version)
    fields = {
        "description": description.strip(),
        "place_id": place.id if place is not None else None,
        "radius_m": radius_m,
        "geometry": geometry,
        "square_metres": round(polygon_area_m2(geometry), 1),
    }
    row = existing or CaseArea(case_id=case.id, area=area)
    for name, value in fields.items():
        setattr(row, name, value)
    db.session.add(row)
    db.session.flush()
    summary = {k: v for k, v in fields.items() if k != "geometry"}
    record(
        actor,
        "update" if existing is not None else "create",
        row,
        {k: [None, v] for k, v in summary.items()},
        label=f"{area.label} area of {case.title}",
    )
    return row


def remove_area(actor: User, row: CaseArea) -> None:
    record(actor, "delete", row, label=f"{row.area.label} area of {row.case.title}")
    db.session.delete(row)
    db.session.flush()
