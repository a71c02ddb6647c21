from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from caseboard.forms.common import strip
from caseboard.passwords import MAX_LENGTH, MIN_LENGTH

CURRENT = {"autocomplete": "current-password"}


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(), Length(max=1024)],
        render_kw=CURRENT,
    )
    new_password = PasswordField(
        "New password",
        description=f"{MIN_LENGTH} to {MAX_LENGTH} characters. A few unrelated "
        "words are easy to remember and hard to guess. Signs you out everywhere "
        "else.",
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "New password again",
        validators=[
            DataRequired(),
            EqualTo("new_password", message="The two new passwords differ."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ConfirmPasswordForm(FlaskForm):
    """A sensitive change asks for the password again."""

    password = PasswordField(
        "Your password",
        validators=[DataRequired(), Length(max=1024)],
        render_kw=CURRENT,
    )


class SetUpSecondFactorForm(ConfirmPasswordForm):
    password = PasswordField(
        "Current password",
        description="Needed to turn on or move the second factor.",
        validators=[DataRequired(), Length(max=1024)],
        render_kw=CURRENT,
    )
    code = StringField(
        "Code from the app",
        filters=[strip],
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
