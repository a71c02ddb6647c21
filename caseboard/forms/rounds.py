from __future__ import annotations

import math

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from caseboard.forms.cases import optional_id
from caseboard.forms.common import SmallIntegerField, VersionField, ascii_int, trimmed

YEARS = NumberRange(min=1, max=3650, message="Between 1 and 3650 days.")
POSITION_HELP = (
    "Decimal degrees (WGS 84), e.g. 41.6285 and -70.9050; leave both empty "
    "to keep the stop off the map."
)


def finite(form: FlaskForm, field: FloatField) -> None:
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError("Give a number of degrees.")


class RoundForm(FlaskForm):
    name = trimmed(StringField, "Name", 200, required=True)
    beat = trimmed(StringField, "Beat", 100, required=True)
    coalition_id = SelectField("Coalition", coerce=ascii_int)
    officer_id = SelectField("Officer", coerce=optional_id)
    team_id = SelectField(
        "Team",
        coerce=optional_id,
        description="An organization whose staff share the round.",
    )


class EditRoundForm(FlaskForm):
    """A round's keeper, name and beat (its coalition stays)."""

    name = RoundForm.name
    beat = RoundForm.beat
    officer_id = RoundForm.officer_id
    team_id = RoundForm.team_id
    version = VersionField()


class StopForm(FlaskForm):
    place = trimmed(
        StringField,
        "Where",
        200,
        "The building or address the stop's visits group under.",
        required=True,
    )
    organization_id = SelectField("Business", coerce=optional_id)
    person_id = SelectField("Person", coerce=optional_id)
    ideal_days = SmallIntegerField(
        "Ideal interval (days)", default=30, validators=[InputRequired(), YEARS]
    )
    max_days = SmallIntegerField(
        "Maximum interval (days)", default=60, validators=[InputRequired(), YEARS]
    )
    latitude = FloatField(
        "Latitude",
        description=POSITION_HELP,
        validators=[
            Optional(),
            finite,
            NumberRange(-90, 90, "A latitude is between -90 and 90."),
        ],
    )
    longitude = FloatField(
        "Longitude",
        validators=[
            Optional(),
            finite,
            NumberRange(-180, 180, "A longitude is between -180 and 180."),
        ],
    )

    def validate_latitude(self, field: FloatField) -> None:
        both_or_neither(self)

    def validate_longitude(self, field: FloatField) -> None:
        both_or_neither(self)


def both_or_neither(form: StopForm) -> None:
    """Run for whichever coordinate was given (an empty one skips its own)."""
    if (form.latitude.data is None) != (form.longitude.data is None):
        raise ValidationError("Give both the latitude and the longitude, or neither.")


class EditStopForm(StopForm):
    version = VersionField()


class EndStopForm(FlaskForm):
    version = VersionField()


class VisitForm(FlaskForm):
    note = trimmed(TextAreaField, "Note (optional)", 2000)
    open_note = BooleanField("Everyone in the coalition may read the note")
