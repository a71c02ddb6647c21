from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from caseboard.clock import today
from caseboard.forms.cases import optional_id
from caseboard.forms.common import (
    SmallIntegerField,
    VersionField,
    ascii_int,
    choices_of,
    strip,
    trimmed,
)
from caseboard.forms.people import not_far_future, not_far_past
from caseboard.models import AttendanceStatus, Repeat


class MeetingForm(FlaskForm):
    title = StringField(
        "Title",
        filters=[strip],
        validators=[DataRequired(), Length(max=200)],
        default="Monthly partner meeting",
    )
    case_id = SelectField(
        "For", coerce=optional_id, description="The whole coalition, or one case."
    )
    # InputRequired, not DataRequired: a typo gets "not a valid time", not
    # "required".
    day = DateField("Date", validators=[InputRequired(), not_far_future, not_far_past])
    time = TimeField("Starts at", validators=[InputRequired()])
    duration_minutes = SmallIntegerField(
        "Minutes", default=60, validators=[InputRequired(), NumberRange(5, 600)]
    )
    location = StringField("Place", filters=[strip], validators=[Length(max=300)])
    video_link = URLField(
        "Video link",
        filters=[strip],
        validators=[Optional(), URL(require_tld=False), Length(max=500)],
    )
    repeats = SelectField("Repeats", choices=choices_of(Repeat), default=Repeat.MONTHLY)
    invitees = SelectMultipleField(
        "Invited", coerce=ascii_int, description="Hold Ctrl (or ⌘) to choose several."
    )


class EditMeetingForm(MeetingForm):
    version = VersionField()


class AgendaItemForm(FlaskForm):
    title = StringField(
        "Item", filters=[strip], validators=[DataRequired(), Length(max=200)]
    )
    case_id = SelectField("Case", coerce=optional_id)
    presenter_id = SelectField("Presenter", coerce=optional_id)
    minutes = SmallIntegerField("Minutes", validators=[Optional(), NumberRange(1, 240)])


class NotesForm(FlaskForm):
    notes = TextAreaField("Notes", validators=[Length(max=20000)])
    version = VersionField()


class DecisionForm(FlaskForm):
    text = trimmed(
        TextAreaField, "Decision", 2000, required="Write the decision first."
    )
    review_on = DateField("Review on", validators=[Optional(), not_far_future])


class ActionItemForm(FlaskForm):
    title = trimmed(StringField, "Action", 200, required="Say what is to be done.")
    assignee_id = SelectField("Owner", coerce=optional_id)
    organization_id = SelectField("Organization", coerce=optional_id)
    due_on = DateField("Due", validators=[Optional(), not_far_future])
    case_id = SelectField("Case", coerce=optional_id)

    def validate_due_on(self, field: DateField) -> None:
        if field.data and field.data < today():
            raise ValidationError("An action item cannot be due in the past.")


class AttendanceForm(FlaskForm):
    # Any visible person may walk in; the view loads them through the guard.
    person_id = SelectField(
        "Person",
        coerce=optional_id,
        validate_choice=False,
        validators=[DataRequired(message="Choose who came.")],
    )
    status = SelectField("", choices=choices_of(AttendanceStatus))
    walk_in = BooleanField("Walk-in")
