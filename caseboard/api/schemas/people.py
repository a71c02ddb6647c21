"""People (contact details only under the pages' rule) and coalitions."""

from marshmallow import Schema, fields, validate

from caseboard.api.schemas.base import ContactDetails, Tracked, Versioned


class PositionSchema(Schema):
    organization_id = fields.Integer()
    title = fields.String()


class PersonSchema(Tracked):
    full_name = fields.String()
    positions = fields.List(fields.Nested(PositionSchema))


class PersonDetailSchema(PersonSchema, ContactDetails):
    contact_details_shown = fields.Boolean()


class PersonFilters(Schema):
    q = fields.String(validate=validate.Length(max=100))


class CoalitionMemberSchema(Schema):
    organization_id = fields.Integer()
    status = fields.String()
    started_on = fields.Date(allow_none=True)


class CoalitionSchema(Versioned):
    name = fields.String()
    purpose = fields.String()
    area = fields.String()
    time_zone = fields.String(allow_none=True)
    memberships = fields.List(fields.Nested(CoalitionMemberSchema))
