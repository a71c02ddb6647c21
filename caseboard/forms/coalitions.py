from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from caseboard.forms.common import strip
from caseboard.models import CoalitionStatus


class CoalitionForm(FlaskForm):
    name = StringField(
        "Name", filters=[strip], validators=[DataRequired(), Length(max=200)]
    )
    purpose = TextAreaField("Purpose", filters=[strip], validators=[Length(max=5000)])
    area = StringField("Area", filters=[strip], validators=[Length(max=300)])


class AddMemberForm(FlaskForm):
    organization_id = SelectField("Organization", coerce=int, validate_choice=True)
    status = SelectField(
        "Status",
        choices=[
            SelectChoice(CoalitionStatus.INVITED.value, "Invited"),
            SelectChoice(CoalitionStatus.ACTIVE.value, "Active member"),
        ],
        default=CoalitionStatus.INVITED.value,
    )


class ShareForm(FlaskForm):
    coalition_id = SelectField("Share with", coerce=int, validate_choice=True)
    reason = StringField(
        "Why", filters=[strip], validators=[DataRequired(), Length(max=500)]
    )
    until = DateField("Until", validators=[Optional()])


class NamePersonForm(FlaskForm):
    person_id = SelectField("Person", coerce=int, validate_choice=True)
    coordinator = BooleanField("Coordinator of the coalition")
