"""GeoJSON (RFC 7946) of places and areas: what the map pages draw and the
exports hold. Positions are ``[longitude, latitude]``; every feature names
its legend entry (``legend``), whose colour the page's legend carries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caseboard.maps.geometry import METRES_PER_FOOT, acres
from caseboard.models import Case, CaseArea, CasePlace


def collection(features: Iterable[dict[str, Any]], name: str) -> dict[str, Any]:
    return {"type": "FeatureCollection", "name": name, "features": list(features)}


def place_feature(place: CasePlace, case: Case, legend: str) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": f"place-{place.id}",
        "geometry": {
            "type": "Point",
            "coordinates": [place.longitude, place.latitude],
        },
        "properties": {
            "kind": "place",
            "name": place.name,
            "address": place.address,
            "case_id": case.id,
            "case": case.title,
            "stage": case.stage.label,
            "legend": legend,
        },
    }


def area_feature(row: CaseArea) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": f"area-{row.id}",
        "geometry": row.geometry,
        "properties": {
            "kind": "area",
            "name": f"{row.area.label} area",
            "area": row.area.value,
            "description": area_sentence(row),
            "case_id": row.case_id,
            "square_metres": row.square_metres,
            "acres": round(acres(row.square_metres), 2),
            "legend": row.area.value,
        },
    }


def located(places: Iterable[CasePlace]) -> list[CasePlace]:
    """The places with both coordinates (the others have no spot to draw)."""
    return [p for p in places if p.latitude is not None and p.longitude is not None]


def radius_words(metres: float) -> str:
    feet = metres / METRES_PER_FOOT
    return f"{feet:,.0f} ft ({metres:,.0f} m)"


def area_sentence(row: CaseArea) -> str:
    """How the assessment names the area: the analyst's words, then how it
    was drawn and its size."""
    if row.radius_m is not None and row.place is not None:
        how = f"{radius_words(row.radius_m)} around {row.place.name}"
        if len(row.geometry.get("coordinates", [])) > 1:
            how += ", the target left out"
    else:
        how = "a polygon drawn on the map"
    size = (
        f"{acres(row.square_metres):,.1f} acres ({row.square_metres / 10_000:,.2f} ha)"
    )
    words = f"{row.description}: " if row.description else ""
    return f"{words}{how}; {size}"
