from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from caseboard.forms.common import VersionField, ascii_int, choices_of, strip
from caseboard.models import SiteRole
from caseboard.passwords import MAX_LENGTH, MIN_LENGTH

ROLE_CHOICES = choices_of(SiteRole)


class NewUserForm(FlaskForm):
    email = EmailField(
        "Sign-in email",
        filters=[strip],
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    full_name = StringField(
        "Full name", filters=[strip], validators=[Optional(), Length(max=200)]
    )
    organization_id = SelectField(
        "Organization", coerce=ascii_int, validators=[Optional()]
    )
    title = StringField("Title", filters=[strip], validators=[Length(max=200)])
    site_role = SelectField("Role", choices=ROLE_CHOICES, default=SiteRole.MEMBER)
    password = PasswordField(
        "Initial password",
        description=f"{MIN_LENGTH} to {MAX_LENGTH} characters; "
        "give it to them in person.",
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
    )


class EditUserForm(FlaskForm):
    email = EmailField(
        "Sign-in email",
        filters=[strip],
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    site_role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active (may sign in)")
    new_password = PasswordField(
        "New password",
        description="Leave empty to keep the current one. "
        "Setting one signs them out everywhere.",
        validators=[Optional(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
    )
    version = VersionField()
