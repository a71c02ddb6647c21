from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange

from caseboard.forms.cases import optional_id
from caseboard.forms.common import SmallIntegerField, ascii_int, trimmed

YEARS = NumberRange(min=1, max=3650, message="Between 1 and 3650 days.")


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


class VisitForm(FlaskForm):
    note = trimmed(TextAreaField, "Note (optional)", 2000)
    open_note = BooleanField("Everyone in the coalition may read the note")
