from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length

from caseboard.forms.common import ascii_int, strip
from caseboard.services.notes import MAX_NOTE


class NoteForm(FlaskForm):
    body = TextAreaField(
        "Note",
        filters=[strip],
        validators=[
            DataRequired(message="A note needs some text."),
            Length(max=MAX_NOTE),
        ],
    )
    restricted_to = SelectMultipleField(
        "Only these organizations may read it (none: everyone who sees this page)",
        coerce=ascii_int,
    )
