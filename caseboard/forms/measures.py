"""Forms of the Assessment tab: a measure, the grid of its data points, the
window and response starts, and the CSV import."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    FloatField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from caseboard.forms.cases import choices_of
from caseboard.forms.common import SmallIntegerField, VersionField, ascii_int, strip
from caseboard.forms.people import not_far_future
from caseboard.inputs import clean_text, parse_float
from caseboard.models import Area, Direction, MeasureKind, Period
from caseboard.services.import_rows import MAX_BYTES
from caseboard.services.measures import MAX_WINDOW_PERIODS, Cell


class MeasureForm(FlaskForm):
    name = StringField(
        "Name",
        filters=[strip],
        validators=[DataRequired(message="A measure needs a name."), Length(max=200)],
        description="For example: assaults within 500 ft of the bars.",
    )
    kind = SelectField("Kind", choices=choices_of(MeasureKind))
    unit = StringField(
        "Unit", filters=[strip], default="incidents", validators=[Length(max=100)]
    )
    direction = SelectField("Better is", choices=choices_of(Direction))
    denominator = StringField(
        "Denominator (optional)",
        filters=[strip],
        validators=[Length(max=200)],
        description="For a rate, e.g. “per 1,000 licensed capacity”.",
    )
    harm_weight = FloatField(
        "Harm weight",
        default=1.0,
        validators=[NumberRange(min=0, max=1_000_000)],
        description="Weighs this measure in the case's harm-weighted total.",
    )
    period = SelectField("Period", choices=choices_of(Period))
    source = StringField("Source", filters=[strip], validators=[Length(max=300)])
    notes = TextAreaField("Notes", filters=[strip], validators=[Length(max=10000)])


class EditMeasureForm(MeasureForm):
    version = VersionField()


class WindowForm(FlaskForm):
    periods = SmallIntegerField(
        "Periods before and after",
        validators=[Optional(), NumberRange(min=1, max=MAX_WINDOW_PERIODS)],
        description="Blank: the longest equal windows the data allow.",
    )
    starts_on = DateField("Add a response start", validators=[Optional()])
    label = StringField(
        "Its label",
        filters=[strip],
        validators=[Length(max=200)],
        description="For a phased response: “Phase 2: accreditation”.",
    )


class AssessmentDueForm(FlaskForm):
    due_on = DateField(
        "Next assessment due",
        validators=[Optional(), not_far_future],
        description="Blank: none planned. Reminded the day before and on the day.",
    )
    version = VersionField()


class MeasureImportForm(FlaskForm):
    file = FileField(
        "CSV file",
        description="Columns case,measure,area,period,value[,note]; at most "
        f"{MAX_BYTES // 2**20} MB.",
        validators=[FileRequired(message="Choose a CSV file.")],
        render_kw={"accept": ".csv,text/csv"},
    )
    replace = SelectField(
        "Where a value differs from the recorded one",
        choices=[
            SelectChoice("keep", "Keep the recorded value"),
            SelectChoice("replace", "Take the file's"),
        ],
        default="keep",
    )


def cell_name(area: str, start: date) -> str:
    return f"v-{area}-{start.isoformat()}"


def version_name(area: str, start: date) -> str:
    return f"ver-{area}-{start.isoformat()}"


def parse_grid(
    formdata: Mapping[str, Any], areas: Sequence[Area], periods: Sequence[date]
) -> tuple[list[Cell], list[str]]:
    """The grid's cells from a posted form, and the problems found (a value
    that is not a number).  A blank cell clears a recorded value."""
    cells: list[Cell] = []
    problems: list[str] = []
    for start in periods:
        for area in areas:
            raw = clean_text(formdata.get(cell_name(area, start), "")).strip()
            raw_version = formdata.get(version_name(area, start), "")
            try:
                version: int | None = ascii_int(raw_version)
            except ValueError:
                version = None
            value = None
            if raw:
                value = parse_float(raw.replace(",", ""), math.nan, -1e12, 1e12)
                if math.isnan(value):
                    problems.append(
                        f"{area.label}, {start.isoformat()}: “{raw[:20]}” is "
                        "not a number"
                    )
                    continue
            cells.append(Cell(area, start, value, version))
    return cells, problems
