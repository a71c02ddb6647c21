"""Hot spots: the viewer's places weighted by a measure, summed into grid
cells, so the coalition sees where problems concentrate.

Only cases the viewer may see are counted (the caller passes them), and a
cell shows a cell's centre, never a place's own position. A cell backed by
fewer than ``SMALL_COUNT`` cases shows neither its count nor its weight, only
that it holds a few: a hot-spot map is printed and shown at coalition
meetings, and one case's figures should not be read off a spot there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from caseboard.maps.features import collection

CELL_M = 200.0  # a city block or two
SMALL_COUNT = 3  # cells with fewer cases are shown without figures
METRES_PER_DEGREE = 111_320.0


@dataclass
class Cell:
    row: int
    column: int
    case_ids: set[int] = field(default_factory=set)
    weight: float = 0.0

    @property
    def suppressed(self) -> bool:
        return len(self.case_ids) < SMALL_COUNT

    @property
    def centre(self) -> tuple[float, float]:
        """(longitude, latitude) of the cell's middle."""
        step = CELL_M / METRES_PER_DEGREE
        latitude = (self.row + 0.5) * step
        return ((self.column + 0.5) * _lon_step(self.row), round(latitude, 6))


def _lon_step(row: int) -> float:
    step = CELL_M / METRES_PER_DEGREE
    latitude = (row + 0.5) * step
    return step / max(math.cos(math.radians(latitude)), 0.01)


def cells(
    places: Iterable[tuple[int, float, float]], weights: dict[int, float]
) -> list[Cell]:
    """Sum each case's weight over the cells of its places (split evenly
    between its places). ``places``: (case id, latitude, longitude)."""
    spots = list(places)
    per_case: dict[int, int] = {}
    for case_id, _, _ in spots:
        per_case[case_id] = per_case.get(case_id, 0) + 1
    found: dict[tuple[int, int], Cell] = {}
    for case_id, latitude, longitude in spots:
        if case_id not in weights:
            continue
        row = math.floor(latitude / (CELL_M / METRES_PER_DEGREE))
        column = math.floor(longitude / _lon_step(row))
        cell = found.setdefault((row, column), Cell(row, column))
        cell.case_ids.add(case_id)
        cell.weight += weights[case_id] / per_case[case_id]
    return sorted(found.values(), key=lambda c: (-c.weight, c.row, c.column))


def cell_collection(found: list[Cell], name: str) -> dict[str, Any]:
    heaviest = max((c.weight for c in found if not c.suppressed), default=0.0)
    return collection((_feature(cell, heaviest) for cell in found), name)


def _feature(cell: Cell, heaviest: float) -> dict[str, Any]:
    longitude, latitude = cell.centre
    properties: dict[str, Any] = {
        "kind": "hotspot",
        "legend": "few" if cell.suppressed else "hotspot",
    }
    if cell.suppressed:
        properties["name"] = f"Fewer than {SMALL_COUNT} cases"
    else:
        properties |= {
            "name": f"{len(cell.case_ids)} cases, weight {cell.weight:,.1f}",
            "cases": len(cell.case_ids),
            "weight": round(cell.weight, 2),
            "share": round(cell.weight / heaviest, 3) if heaviest else 0.0,
        }
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [round(longitude, 6), latitude],
        },
        "properties": properties,
    }
