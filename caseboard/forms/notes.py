from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, TextAreaField

from caseboard.forms.common import ascii_int, trimmed
from caseboard.services.notes import MAX_NOTE


class NoteForm(FlaskForm):
    body = trimmed(TextAreaField, "Note", MAX_NOTE, required="A note needs some text.")
    restricted_to = SelectMultipleField(
        "Only these organizations may read it (none: everyone who sees this page)",
        coerce=ascii_int,
    )
