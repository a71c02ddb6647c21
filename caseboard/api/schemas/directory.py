"""Organizations with their services, and contacts logged between people."""

from marshmallow import Schema, fields, validate

from caseboard.api.schemas import Int
from caseboard.api.schemas.base import (
    ID,
    ContactDetails,
    Identified,
    IdFilter,
    Recorded,
    Tracked,
)
from caseboard.models import InteractionKind, OrganizationKind

KINDS = [k.value for k in InteractionKind]


class ServiceSchema(Identified):
    name = fields.String()


class OrganizationSchema(Tracked, ContactDetails):
    name = fields.String()
    kind = fields.String()
    description = fields.String()
    website = fields.String(allow_none=True)
    services = fields.List(fields.Nested(ServiceSchema))


class OrganizationFilters(Schema):
    q = fields.String(validate=validate.Length(max=100))
    kind = fields.String(validate=validate.OneOf([k.value for k in OrganizationKind]))


class NewContactSchema(Schema):
    occurred_on = fields.Date(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    people = fields.List(
        Int(validate=ID), required=True, validate=validate.Length(2, 50)
    )
    case_id = Int(load_default=None, allow_none=True, validate=ID)
    notes = fields.String(load_default="", validate=validate.Length(max=5000))


class ContactSchema(Recorded):
    occurred_on = fields.Date()
    kind = fields.String()
    case_id = fields.Integer(allow_none=True)
    notes = fields.String(
        allow_none=True,
        metadata={
            "description": "Withheld (null) from whoever neither took part, "
            "logged it, nor may see its case."
        },
    )
    notes_withheld = fields.Boolean()
    recorded_by_id = fields.Integer(allow_none=True)
    people = fields.List(fields.Integer())


class ContactFilters(Schema):
    """The contact log's filters: who took part (a person, or anyone now at
    an organization), the case, the kind and the days."""

    person = IdFilter()
    organization = IdFilter()
    case = IdFilter()
    kind = fields.String(validate=validate.OneOf(KINDS))
    since = fields.Date(metadata={"description": "On or after this day"})
    until = fields.Date(metadata={"description": "On or before this day"})
