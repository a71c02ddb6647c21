"""Ties and a scope's network metrics."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from caseboard.api.schemas.base import IdFilter

SCOPES = ("person", "case", "organization", "coalition")


class ScopeArgs(Schema):
    """One of a person (their own ties), a case (its role holders), an
    organization (touching its staff) or a coalition (its people); none:
    everything the caller may see."""

    person = IdFilter()
    case = IdFilter()
    organization = IdFilter()
    coalition = IdFilter()

    @validates_schema
    def one_scope(self, data: dict, **kwargs: object) -> None:
        named = [name for name in SCOPES if name in data]
        if len(named) > 1:
            message = f"Name one scope, not {' and '.join(named)}."
            raise ValidationError({name: [message] for name in named})


class TieFilters(ScopeArgs):
    min_strength = fields.Float(
        load_default=0.0,
        allow_nan=False,
        validate=validate.Range(min=0.0, max=1.0),
        metadata={"description": "Leave out ties weaker than this (0 to 1)."},
    )


class TieSchema(Schema):
    person_a_id = fields.Integer(attribute="a")
    person_b_id = fields.Integer(attribute="b")
    strength = fields.Float(
        metadata={"description": "Today: 1 − exp(−Σ decayed contact weights)."}
    )
    state = fields.String(validate=validate.OneOf(["active", "cooling", "cold"]))
    last_contact = fields.Date(allow_none=True)
    contacts = fields.Integer()
    declared = fields.List(fields.String())


class PersonMetricsSchema(Schema):
    person_id = fields.Integer()
    name = fields.String()
    degree = fields.Float()
    betweenness = fields.Float()
    closeness = fields.Float()
    eigenvector = fields.Float(allow_none=True)
    community = fields.Integer(allow_none=True)
    constraint = fields.Float(allow_none=True)
    effective_size = fields.Float(allow_none=True)


class NetworkMetricsSchema(Schema):
    """The stored result: when it was computed and how old it is; ``fresh``
    false while a newer one is being computed."""

    status = fields.String()
    fresh = fields.Boolean()
    computed_at = fields.AwareDateTime()
    age_seconds = fields.Integer()
    people = fields.List(fields.Nested(PersonMetricsSchema))
    articulation_points = fields.List(fields.Integer())
    bridges = fields.List(fields.List(fields.Integer()))
    ties = fields.Integer()


class ComputingSchema(Schema):
    """Nothing stored yet: the computation is queued (or running); ask the
    ``Location`` again after ``Retry-After`` seconds."""

    status = fields.String()
    requested_at = fields.AwareDateTime(allow_none=True)
