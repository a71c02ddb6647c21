from marshmallow import Schema, fields, validate

from caseboard.api.schemas import Int, StrictBoolean
from caseboard.api.schemas.base import (
    ID,
    Identified,
    IdFilter,
    InCoalition,
    Recorded,
    Tracked,
)
from caseboard.models import AttendanceStatus


class DecisionSchema(Recorded):
    text = fields.String()


class AgendaItemSchema(Identified):
    position = fields.Integer()
    title = fields.String()
    case_id = fields.Integer(allow_none=True)
    status = fields.String()
    notes = fields.String()
    decisions = fields.List(fields.Nested(DecisionSchema))
    action_item_ids = fields.List(fields.Integer())


class AttendanceSchema(Schema):
    person_id = fields.Integer()
    organization_id = fields.Integer(allow_none=True)
    status = fields.String()
    walk_in = fields.Boolean()
    recorded_at = fields.AwareDateTime()


class MeetingSchema(Tracked, InCoalition):
    title = fields.String()
    case_id = fields.Integer(allow_none=True)
    starts_at = fields.AwareDateTime()
    duration_minutes = fields.Integer()
    location = fields.String()
    minutes_published_at = fields.AwareDateTime(allow_none=True)


class MeetingDetailSchema(MeetingSchema):
    minutes = fields.String(attribute="notes")
    agenda = fields.List(fields.Nested(AgendaItemSchema))
    hidden_items = fields.Integer()
    attendance = fields.List(fields.Nested(AttendanceSchema))


class MeetingFilters(Schema):
    case = IdFilter()


class AttendanceChange(Schema):
    person_id = Int(required=True, validate=ID)
    status = fields.String(
        required=True, validate=validate.OneOf([s.value for s in AttendanceStatus])
    )
    walk_in = StrictBoolean(load_default=False)
