from marshmallow import Schema, fields, validate

from caseboard.api.schemas import StrictBoolean, StrictFloat
from caseboard.api.schemas.base import Identified, Versioned
from caseboard.models import Area

AREAS = [a.value for a in Area]


class PointSchema(Identified):
    area = fields.String()
    period_start = fields.Date()
    value = fields.Float()
    note = fields.String()


class MeasureSchema(Versioned):
    case_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    unit = fields.String()
    direction = fields.String()
    period = fields.String()
    harm_weight = fields.Float()
    source = fields.String()
    points = fields.List(fields.Nested(PointSchema))


class AssessmentSchema(Schema):
    """The assessment figures, as the case's assessment page computes them."""

    case = fields.Dict()
    response_start = fields.String(allow_none=True)
    measures = fields.List(fields.Dict())
    harm_weighted = fields.Dict(allow_none=True)
    process = fields.Dict()
    relationships = fields.Dict(allow_none=True)
    verdict = fields.Dict()


class NewPointSchema(Schema):
    measure = fields.String(required=True, validate=validate.Length(min=1, max=200))
    area = fields.String(load_default="target", validate=validate.OneOf(AREAS))
    period = fields.String(
        required=True,
        metadata={"description": "YYYY-MM (a month) or the date a week starts on"},
        validate=validate.Regexp(r"^\d{4}-\d{2}(-\d{2})?$"),
    )
    value = StrictFloat(required=True, allow_nan=False)
    note = fields.String(load_default="", validate=validate.Length(max=500))


class PushSchema(Schema):
    points = fields.List(
        fields.Nested(NewPointSchema),
        required=True,
        validate=validate.Length(min=1, max=5000),
    )
    replace = StrictBoolean(load_default=False)
    dry_run = StrictBoolean(load_default=False)


class RowReportSchema(Schema):
    number = fields.Integer()
    action = fields.String()
    summary = fields.String()
    message = fields.String()


class PushReportSchema(Schema):
    """The CSV import's report: what each point did."""

    summary = fields.String()
    written = fields.Integer()
    skipped = fields.Integer()
    errors = fields.Integer()
    dry_run = fields.Boolean()
    rows = fields.List(fields.Nested(RowReportSchema))
