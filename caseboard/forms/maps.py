"""The form that draws an assessment area: a circle of a given radius
around a place (no JavaScript needed) or a polygon drawn on the map."""

from __future__ import annotations

import json
import math
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, ValidationError

from caseboard.forms.common import ascii_int, choices_of, strip
from caseboard.inputs import parse_float
from caseboard.maps.geometry import METRES_PER_FOOT
from caseboard.models import Area

UNITS = {"ft": METRES_PER_FOOT, "m": 1.0}


class AreaForm(FlaskForm):
    area = SelectField("Area", choices=choices_of(Area), default=Area.TARGET.value)
    shape = SelectField(
        "Shape",
        choices=[
            SelectChoice("circle", "A circle around a place"),
            SelectChoice("polygon", "A polygon drawn on the map"),
        ],
        default="circle",
    )
    place_id = SelectField(
        "Around the place", coerce=ascii_int, choices=[], validate_choice=False
    )
    radius = StringField(
        "Radius",
        filters=[strip],
        default="500",
        description="For example 500 ft, the usual buffer around a place.",
    )
    unit = SelectField(
        "Unit",
        choices=[SelectChoice("ft", "feet"), SelectChoice("m", "metres")],
        default="ft",
    )
    description = StringField(
        "Description",
        filters=[strip],
        validators=[Length(max=300)],
        description="What the area is, as the assessment will name it.",
    )
    # The drawn polygon, as GeoJSON, written by static/js/map.js.
    geometry = HiddenField("Polygon", validators=[Length(max=100_000)])

    def validate_place_id(self, field: Any) -> None:
        if self.shape.data != "circle":
            return
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(
                "Choose one of the case's places with a latitude and longitude "
                "(add them on the case page), or draw a polygon."
            )

    def validate_radius(self, field: Any) -> None:
        if self.shape.data != "circle":
            return
        if parse_float(field.data, -1.0, -math.inf, math.inf) <= 0:
            raise ValidationError("The radius is a number more than 0, like 500.")

    def validate_geometry(self, field: Any) -> None:
        if self.shape.data != "polygon":
            return
        if not field.data:
            raise ValidationError(
                "Draw the polygon on the map first (it needs JavaScript); "
                "without it, choose a circle around a place."
            )
        try:
            json.loads(field.data)
        except ValueError:
            raise ValidationError("The drawn polygon could not be read.") from None

    @property
    def radius_m(self) -> float:
        return parse_float(self.radius.data, 0.0, 0.0, math.inf) * UNITS.get(
            self.unit.data, 1.0
        )

    @property
    def polygon(self) -> Any:
        return json.loads(self.geometry.data) if self.geometry.data else None
