from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from caseboard.services.import_rows import KINDS, MAX_BYTES, MAX_ROWS


class ImportForm(FlaskForm):
    kind = SelectField(
        "What the file holds",
        choices=[SelectChoice(kind, kind.capitalize()) for kind in KINDS],
        validators=[DataRequired()],
    )
    file = FileField(
        "CSV file",
        description=f"UTF-8, with a header row; at most {MAX_BYTES // 2**20} MB "
        f"and {MAX_ROWS:,} rows.",
        validators=[FileRequired(message="Choose a CSV file.")],
        render_kw={"accept": ".csv,text/csv"},
    )


class ConfirmImportForm(FlaskForm):
    """The upload is held on the server; the form names it by its token."""

    token = HiddenField(validators=[DataRequired()])
