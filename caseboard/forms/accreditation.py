"""The accreditation pages' forms: the scheme, a standard, an enrolment and
a step (in progress, or a sign-off with its evidence)."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from caseboard.forms.common import (
    SmallIntegerField,
    VersionField,
    ascii_int,
    none_if_blank,
    trimmed,
)


def _optional_id(value):
    value = none_if_blank(value)
    return None if value is None else ascii_int(value)


class SchemeForm(FlaskForm):
    name = trimmed(StringField, "Name", 200, required="The scheme needs a name.")
    description = trimmed(TextAreaField, "What it is for", 5000)
    renewal_window_days = SmallIntegerField(
        "Renewal window (days)",
        validators=[InputRequired(), NumberRange(min=0, max=3650)],
        default=60,
        description="A sign-off is shown as expiring, and becomes a renewal "
        "task, this many days before it lapses.",
    )
    case_id = SelectField(
        "Case it is tracked on",
        coerce=_optional_id,
        validate_choice=True,
        description="Renewal tasks and the accredited-venues measure go here.",
    )
    version = VersionField()


class NewSchemeForm(SchemeForm):
    version = None  # type: ignore[assignment]  # nothing saved yet to compare


class StandardForm(FlaskForm):
    theme = trimmed(StringField, "Theme", 100, required="Name the theme.")
    title = trimmed(StringField, "Standard", 200, required="Name the standard.")
    agency_id = SelectField("Signed off by", coerce=ascii_int, validate_choice=True)
    evidence = trimmed(TextAreaField, "Evidence needed", 5000)
    validity_days = SmallIntegerField(
        "A sign-off lasts (days)",
        validators=[InputRequired(), NumberRange(min=1, max=3650)],
        default=365,
    )
    required = BooleanField("Required for the decal", default=True)


class EditStandardForm(StandardForm):
    version = VersionField()


class EnrolForm(FlaskForm):
    organization_id = SelectField(
        "Establishment", coerce=ascii_int, validate_choice=True
    )
    place = trimmed(StringField, "Place", 300, "Blank: the business's address.")
    manager_id = SelectField("Manager", coerce=_optional_id, validate_choice=True)


class StepForm(FlaskForm):
    note = trimmed(TextAreaField, "Note (for a sign-off: the evidence seen)", 5000)
    on = DateField("On", validators=[Optional()])
