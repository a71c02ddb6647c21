from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from caseboard.clock import today
from caseboard.forms.cases import optional_id
from caseboard.forms.common import VersionField, choices_of, strip, trimmed
from caseboard.forms.people import not_far_future
from caseboard.models import Priority, TaskStatus


class TaskForm(FlaskForm):
    title = trimmed(StringField, "Title", 200, required="A task needs a title.")
    description = TextAreaField(
        "Description", filters=[strip], validators=[Length(max=10000)]
    )
    assignee_id = SelectField("Assigned to", coerce=optional_id)
    organization_id = SelectField("Responsible organization", coerce=optional_id)
    due_on = DateField("Due", validators=[Optional(), not_far_future])
    priority = SelectField(
        "Priority", choices=choices_of(Priority), default=Priority.NORMAL
    )
    response_id = SelectField("Part of the response", coerce=optional_id)


class NewTaskForm(TaskForm):
    def validate_due_on(self, field: DateField) -> None:
        # Also checked by the service; here so it shows with the other errors.
        if field.data and field.data < today():
            raise ValidationError("A new task cannot be due in the past.")


class EditTaskForm(TaskForm):
    status = SelectField("Status", choices=choices_of(TaskStatus))
    version = VersionField()


class TaskStatusForm(FlaskForm):
    """The inline status change on boards and lists."""

    status = SelectField("Status", choices=choices_of(TaskStatus))
    version = VersionField()
