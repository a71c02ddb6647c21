from __future__ import annotations

from datetime import timedelta

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    ValidationError,
)

from caseboard.clock import today
from caseboard.forms.common import (
    DateRequired,
    VersionField,
    ascii_int,
    none_if_blank,
    strip,
)

# Dates further out than this are almost always a typo (2205 for 2025).
FAR_FUTURE = timedelta(days=366 * 5)


def not_far_future(form: FlaskForm, field: DateField) -> None:
    if field.data and field.data > today() + FAR_FUTURE:
        raise ValidationError("That date is more than five years away.")


def not_far_past(form: FlaskForm, field: DateField) -> None:
    if field.data and field.data < today() - FAR_FUTURE:
        raise ValidationError("That date is more than five years ago.")


class PersonForm(FlaskForm):
    full_name = StringField(
        "Full name", filters=[strip], validators=[DataRequired(), Length(max=200)]
    )
    email = EmailField(
        "Email",
        filters=[none_if_blank],
        validators=[Optional(), Email(), Length(max=254)],
    )
    phone = StringField("Phone", filters=[none_if_blank], validators=[Length(max=50)])
    address = StringField(
        "Address", filters=[none_if_blank], validators=[Length(max=300)]
    )
    notes = TextAreaField("Notes", filters=[strip], validators=[Length(max=5000)])


class NewPersonForm(PersonForm):
    """A new person usually arrives with their current job."""

    organization_id = SelectField(
        "Organization", coerce=ascii_int, validators=[Optional()], validate_choice=True
    )
    title = StringField("Title", filters=[strip], validators=[Length(max=200)])
    started_on = DateField("Since", validators=[Optional(), not_far_future])


class EditPersonForm(PersonForm):
    version = VersionField()


class MembershipForm(FlaskForm):
    organization_id = SelectField("Organization", coerce=ascii_int)
    title = StringField("Title", filters=[strip], validators=[Length(max=200)])
    started_on = DateField("Started", validators=[Optional(), not_far_future])
    ended_on = DateField(
        "Ended",
        description="Leave empty while they still hold this position.",
        validators=[Optional(), not_far_future],
    )

    def validate_ended_on(self, field: DateField) -> None:
        if field.data and self.started_on.data and field.data < self.started_on.data:
            raise ValidationError("The end date is before the start date.")


class EndMembershipForm(FlaskForm):
    ended_on = DateField(
        "Ended on", default=today, validators=[DateRequired(), not_far_future]
    )
