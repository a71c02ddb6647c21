from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from caseboard.forms.common import choices_of, strip
from caseboard.models import TokenScope
from caseboard.services.api_tokens import LONGEST_LIFE_DAYS


class NewTokenForm(FlaskForm):
    name = StringField(
        "Name",
        description="What will use it, e.g. “nightly 311 import”.",
        validators=[DataRequired(), Length(max=100)],
        filters=[strip],
    )
    scope = SelectField("Scope", choices=choices_of(TokenScope), default="read")
    expires_days = IntegerField(
        "Expires after (days)",
        description="Empty: never. A token that is no longer needed should be revoked.",
        default=90,
        validators=[Optional(), NumberRange(min=1, max=LONGEST_LIFE_DAYS)],
    )
