from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Optional, ValidationError

from caseboard.clock import today
from caseboard.forms.people import not_far_future


class HandoverForm(FlaskForm):
    """Turn a what-if into handover tasks, all due on one date."""

    due_on = DateField("Due", validators=[Optional(), not_far_future])

    def validate_due_on(self, field: DateField) -> None:
        if field.data and field.data < today():
            raise ValidationError("Handover tasks cannot be due in the past.")
