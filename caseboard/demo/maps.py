"""The demo's assessment areas (``data/areas.toml``), drawn as circles around
the cases' places, so a case's map and its assessment show them."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.maps.geometry import METRES_PER_FOOT
from caseboard.models import Area, Case
from caseboard.services.maps import save_area


def area_specs() -> list[dict[str, Any]]:
    text = files("caseboard.demo").joinpath("data/areas.toml").read_text("utf-8")
    return list(tomllib.loads(text)["area"])


def load_areas() -> None:
    for spec in area_specs():
        case = db.session.scalars(select(Case).where(Case.title == spec["case"])).one()
        place = next(p for p in case.places if p.name == spec["place"])
        save_area(
            None,
            case,
            area=Area(spec["area"]),
            description=spec["description"],
            expected_version=None,
            place=place,
            radius_m=spec["radius_ft"] * METRES_PER_FOOT,
        )
    db.session.flush()
