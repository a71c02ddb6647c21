from marshmallow import Schema, fields, validate

from caseboard.api.schemas import Int
from caseboard.models import Priority, TaskStatus


class CommentSchema(Schema):
    id = fields.Integer(dump_only=True)
    body = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    author_id = fields.Integer(dump_only=True, allow_none=True)
    created_at = fields.AwareDateTime(dump_only=True)


class TaskSchema(Schema):
    id = fields.Integer()
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
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    version = fields.Integer()


class TaskDetailSchema(TaskSchema):
    comments = fields.List(fields.Nested(CommentSchema))


class TaskFilters(Schema):
    case = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    status = fields.String(validate=validate.OneOf([s.value for s in TaskStatus]))
    overdue = fields.Boolean()


class TaskStatusChange(Schema):
    status = fields.String(
        required=True, validate=validate.OneOf([s.value for s in TaskStatus])
    )


class NewTaskSchema(Schema):
    case_id = Int(required=True, validate=validate.Range(min=1, max=2**31 - 1))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=10000))
    due_on = fields.Date(load_default=None, allow_none=True)
    priority = fields.String(
        load_default="normal", validate=validate.OneOf([p.value for p in Priority])
    )
