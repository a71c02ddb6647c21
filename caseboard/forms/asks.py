from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from caseboard.clock import today
from caseboard.forms.cases import optional_id
from caseboard.forms.common import VersionField, choices_of, trimmed
from caseboard.forms.people import not_far_future
from caseboard.models import AskStage


class AskForm(FlaskForm):
    what = trimmed(
        StringField,
        "What the coalition needs",
        300,
        'For example "adopt the closing-time policy".',
        required="Say what the coalition needs from them.",
    )
    person_id = SelectField("Person asked", coerce=optional_id)
    organization_id = SelectField("Organization asked", coerce=optional_id)
    stage = SelectField(
        "Where they stand", choices=choices_of(AskStage), default="precontemplation"
    )
    note = trimmed(TextAreaField, "Note", 500)


class AskStageForm(FlaskForm):
    to_stage = SelectField("Move to", choices=choices_of(AskStage))
    on = DateField("On", default=today, validators=[Optional(), not_far_future])
    note = trimmed(TextAreaField, "What happened", 500)
    version = VersionField()


class AskResponseForm(FlaskForm):
    response_id = SelectField("Delivers the response", coerce=optional_id)


class AskPromptsForm(FlaskForm):
    """One box per stage, a prompt per line; blank: the defaults."""

    version = VersionField()


for _stage in AskStage:
    setattr(
        AskPromptsForm,
        _stage.value,
        trimmed(TextAreaField, _stage.label, 3000, "One next step per line."),
    )
