from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from caseboard.api.schemas import Int
from caseboard.api.schemas.base import ID, IdFilter, Recorded, Tracked
from caseboard.clock import today
from caseboard.forms.people import FAR_FUTURE
from caseboard.models import Priority, TaskStatus


class CommentSchema(Recorded):
    body = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    author_id = fields.Integer(dump_only=True, allow_none=True)


class TaskSchema(Tracked):
    case_id = fields.Integer()
    title = fields.String()
    description = fields.String()
    status = fields.String(validate=validate.OneOf([s.value for s in TaskStatus]))
    priority = fields.String()
    due_on = fields.Date(allow_none=True)
    assignee_id = fields.Integer(allow_none=True)
    organization_id = fields.Integer(allow_none=True)
    response_id = fields.Integer(allow_none=True)
    completed_at = fields.AwareDateTime(allow_none=True)


class TaskDetailSchema(TaskSchema):
    comments = fields.List(fields.Nested(CommentSchema))


class TaskFilters(Schema):
    case = IdFilter()
    status = fields.String(validate=validate.OneOf([s.value for s in TaskStatus]))
    overdue = fields.Boolean()


class TaskStatusChange(Schema):
    status = fields.String(
        required=True, validate=validate.OneOf([s.value for s in TaskStatus])
    )


class NewTaskSchema(Schema):
    case_id = Int(required=True, validate=ID)
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=10000))
    due_on = fields.Date(load_default=None, allow_none=True)
    priority = fields.String(
        load_default="normal", validate=validate.OneOf([p.value for p in Priority])
    )


def not_far_future(day: date | None) -> None:
    """As the task form: no due date more than five years away."""
    if day is not None and day > today() + FAR_FUTURE:
        raise ValidationError("That date is more than five years away.")


class TaskChange(Schema):
    """The fields of the task form a client may change; what is left out
    stays as it is. ``null`` clears a due date or an owner."""

    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=10000))
    due_on = fields.Date(allow_none=True, validate=not_far_future)
    assignee_id = Int(
        allow_none=True,
        validate=ID,
        metadata={"description": "The person it is assigned to"},
    )
    organization_id = Int(
        allow_none=True,
        validate=ID,
        metadata={"description": "The organization responsible"},
    )

    @validates_schema
    def something(self, data: dict, **kwargs: object) -> None:
        if not data:
            raise ValidationError("Send at least one field to change.")
