from marshmallow import Schema, fields, validate

from caseboard.api.schemas import Int
from caseboard.api.schemas.base import ID, IdFilter, Recorded, Tracked
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
