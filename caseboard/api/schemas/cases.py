from marshmallow import Schema, fields, validate

from caseboard.api.schemas import Int
from caseboard.api.schemas.base import (
    ID,
    Identified,
    IdFilter,
    InCoalition,
    Located,
    Recorded,
    Tracked,
)
from caseboard.models import CaseStage, CaseStatus, CaseVisibility, Priority

STAGES = [s.value for s in CaseStage]


class StageChangeSchema(Schema):
    from_stage = fields.String(allow_none=True)
    to_stage = fields.String()
    reason = fields.String()
    moved_by_id = fields.Integer(allow_none=True)
    moved_at = fields.AwareDateTime()


class RoleSchema(Identified):
    role = fields.String()
    organization_id = fields.Integer(allow_none=True)
    person_id = fields.Integer(allow_none=True)
    started_on = fields.Date()
    ended_on = fields.Date(allow_none=True)
    note = fields.String()


class PlaceSchema(Identified, Located):
    name = fields.String()
    address = fields.String()
    beat = fields.String()


class ResponseSchema(Recorded):
    description = fields.String()
    partner_organization_id = fields.Integer(allow_none=True)
    status = fields.String()


class CaseSchema(Tracked, InCoalition):
    title = fields.String()
    problem_type_id = fields.Integer()
    stage = fields.String(validate=validate.OneOf(STAGES))
    status = fields.String()
    priority = fields.String()
    visibility = fields.String()
    opened_on = fields.Date()
    closed_on = fields.Date(allow_none=True)
    coordinator_id = fields.Integer(allow_none=True)


class CaseDetailSchema(CaseSchema):
    problem_statement = fields.String()
    goals = fields.String()
    stage_changes = fields.List(fields.Nested(StageChangeSchema))
    roles = fields.List(fields.Nested(RoleSchema))
    places = fields.List(fields.Nested(PlaceSchema))
    responses = fields.List(fields.Nested(ResponseSchema))


class CaseFilters(Schema):
    """The case list's filters, as on the page."""

    q = fields.String(validate=validate.Length(max=100))
    stage = fields.String(validate=validate.OneOf(STAGES))
    type = IdFilter()
    status = fields.String(
        validate=validate.OneOf(["active", "all", *(s.value for s in CaseStatus)])
    )
    organization = IdFilter()
    coordinator = IdFilter()
    overdue = fields.Boolean()


class NewCaseSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    problem_type_id = Int(required=True, validate=ID)
    lead_organization_id = Int(required=True, validate=ID)
    problem_statement = fields.String(
        load_default="", validate=validate.Length(max=10000)
    )
    priority = fields.String(
        load_default="normal", validate=validate.OneOf([p.value for p in Priority])
    )
    visibility = fields.String(
        load_default="coalition",
        validate=validate.OneOf(
            [CaseVisibility.COALITION, CaseVisibility.PARTICIPANTS]
        ),
    )
    place_name = fields.String(load_default="", validate=validate.Length(max=200))


class StageMove(Schema):
    to_stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))
