"""Visit rounds: their stops, when each is due, and the visits made."""

from marshmallow import fields, validate

from caseboard.api.schemas.base import Identified, InCoalition, Located, Recorded

STATES = ["ok", "due", "overdue"]


class RoundSchema(Recorded, InCoalition):
    name = fields.String()
    beat = fields.String()
    officer_id = fields.Integer(allow_none=True)
    team_id = fields.Integer(allow_none=True)


class StopSchema(Identified, Located):
    round_id = fields.Integer()
    kind = fields.String()
    place = fields.String()
    organization_id = fields.Integer(allow_none=True)
    person_id = fields.Integer(allow_none=True)
    ideal_days = fields.Integer()
    max_days = fields.Integer()
    added_on = fields.Date()
    last_visit = fields.Date(allow_none=True)
    days = fields.Integer(metadata={"description": "Since the last visit (or added)"})
    state = fields.String(validate=validate.OneOf(STATES))
    due = fields.Boolean()
    overdue = fields.Boolean()
    flags = fields.List(fields.String())


class RoundDetailSchema(RoundSchema):
    stops = fields.List(
        fields.Nested(StopSchema), metadata={"description": "Most urgent first"}
    )


class VisitSchema(Recorded):
    stop_id = fields.Integer()
    visited_on = fields.Date()
    visited_by_id = fields.Integer(allow_none=True)
    interaction_id = fields.Integer(allow_none=True)
