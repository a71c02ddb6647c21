from flask_wtf import FlaskForm
from wtforms import EmailField, Field, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    Length,
    Optional,
    ValidationError,
)

from caseboard.forms.common import VersionField, choices_of, lines, none_if_blank, strip
from caseboard.models import OrganizationKind

KIND_CHOICES = choices_of(OrganizationKind)


class OrganizationForm(FlaskForm):
    name = StringField(
        "Name", filters=[strip], validators=[DataRequired(), Length(max=200)]
    )
    kind = SelectField("Kind", choices=KIND_CHOICES, validators=[DataRequired()])
    description = TextAreaField(
        "What it does", filters=[strip], validators=[Length(max=5000)]
    )
    services = TextAreaField(
        "Services offered",
        description="One per line, e.g. 'Emergency shelter beds'.",
        validators=[Length(max=5000)],
    )
    website = URLField(
        "Website",
        filters=[none_if_blank],
        validators=[Optional(), URL(require_tld=False), Length(max=300)],
    )
    phone = StringField("Phone", filters=[none_if_blank], validators=[Length(max=50)])
    email = EmailField(
        "Email",
        filters=[none_if_blank],
        validators=[Optional(), Email(), Length(max=254)],
    )
    address = StringField(
        "Address", filters=[none_if_blank], validators=[Length(max=300)]
    )

    def validate_services(self, field: Field) -> None:
        # Each line is one service, kept in a 200-character column (on
        # PostgreSQL a longer one was a 500, found by tests/test_fuzz.py).
        if any(len(line) > 200 for line in lines(field.data)):
            raise ValidationError("Each service is at most 200 characters.")


class EditOrganizationForm(OrganizationForm):
    version = VersionField()
