from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from caseboard.clock import today
from caseboard.forms.cases import optional_id
from caseboard.forms.common import ascii_int, choices_of, strip
from caseboard.forms.people import not_far_future
from caseboard.models import InteractionKind, TieKind


class ContactForm(FlaskForm):
    occurred_on = DateField("When", default=today, validators=[InputRequired()])
    kind = SelectField(
        "What", choices=choices_of(InteractionKind), default=InteractionKind.CALL
    )
    people = SelectMultipleField(
        "Who",
        coerce=ascii_int,
        validators=[DataRequired(message="Choose who took part.")],
        description="You and the people you were in touch with.",
    )
    case_id = SelectField("About the case", coerce=optional_id)
    notes = TextAreaField("Notes", filters=[strip], validators=[Length(max=2000)])


class TieForm(FlaskForm):
    other_id = SelectField("With", coerce=ascii_int)
    kind = SelectField(
        "Relationship", choices=choices_of(TieKind), default=TieKind.WORKS_WITH
    )
    since = DateField("Since", validators=[Optional(), not_far_future])
    notes = StringField("Notes", filters=[strip], validators=[Length(max=500)])
