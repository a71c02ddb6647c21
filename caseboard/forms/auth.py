from flask import current_app
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from caseboard.forms.common import strip


class LoginForm(FlaskForm):
    email = EmailField(
        "Email", filters=[strip], validators=[DataRequired(), Length(max=254)]
    )
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    remember = BooleanField(
        "Keep me signed in on this device",
        description="Until you are away for a while or sign out; "
        "never longer than a working day.",
    )
    acknowledge = BooleanField("I have read this notice")

    def validate_acknowledge(self, field: Field) -> None:
        # Only asked for when the installation shows a sign-in banner.
        if current_app.config.get("SIGN_IN_BANNER") and not field.data:
            raise ValidationError("Confirm that you have read the notice first.")


class SecondFactorForm(FlaskForm):
    code = StringField(
        "Code",
        filters=[strip],
        description="The 6 digits your authenticator app shows now, "
        "or one of your recovery codes.",
        validators=[DataRequired(), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "off"},
    )
