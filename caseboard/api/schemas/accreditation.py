"""A coalition's accreditation scheme, its establishments and where each
stands on every standard."""

from marshmallow import Schema, fields, validate

from caseboard.api.schemas.base import Identified, IdFilter, InCoalition, Tracked
from caseboard.models.accreditation import Decal, Standing

DECALS = [d.value for d in Decal]


class StandardSchema(Tracked):
    theme = fields.String()
    title = fields.String()
    agency_id = fields.Integer(metadata={"description": "Who signs it off"})
    evidence = fields.String()
    validity_days = fields.Integer()
    required = fields.Boolean()
    position = fields.Integer()


class SchemeSchema(Tracked, InCoalition):
    name = fields.String()
    description = fields.String()
    renewal_window_days = fields.Integer()
    case_id = fields.Integer(allow_none=True)
    standards = fields.List(fields.Nested(StandardSchema))


class StepSchema(Identified):
    status = fields.String()
    on = fields.Date()
    by_id = fields.Integer(allow_none=True)
    agency_id = fields.Integer(allow_none=True)
    note = fields.String()
    expires_on = fields.Date(allow_none=True)


class StandingSchema(Schema):
    """Where the establishment stands on one standard today."""

    standard_id = fields.Integer()
    required = fields.Boolean()
    standing = fields.String(validate=validate.OneOf([s.value for s in Standing]))
    expires_on = fields.Date(allow_none=True)


class EstablishmentSchema(Tracked):
    scheme_id = fields.Integer()
    organization_id = fields.Integer()
    place = fields.String()
    manager_id = fields.Integer(allow_none=True)
    enrolled_on = fields.Date()
    status = fields.String(validate=validate.OneOf(DECALS))
    missing = fields.List(
        fields.Integer(), metadata={"description": "Required standards not current"}
    )
    standards = fields.List(fields.Nested(StandingSchema))


class EstablishmentDetailSchema(EstablishmentSchema):
    steps = fields.List(fields.Nested(StepSchema))


class EstablishmentFilters(Schema):
    """The establishments list's filters, as on the page: the status, and a
    theme or a signing agency among the missing standards."""

    status = fields.String(validate=validate.OneOf(DECALS))
    theme = fields.String(validate=validate.Length(max=100))
    agency = IdFilter()
