from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FloatField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from caseboard.clock import today
from caseboard.forms.common import VersionField, ascii_int, strip
from caseboard.forms.people import not_far_future
from caseboard.models import (
    CaseStatus,
    CaseVisibility,
    Priority,
    ResponseStatus,
    RoleKind,
)
from caseboard.queries.paging import MAX_ID


def choices_of(enum) -> list[SelectChoice]:
    return [SelectChoice(member.value, member.label) for member in enum]


def optional_id(value: object) -> int | None:
    """Coerce a select's value to an id; the blank choice means none, and a
    number no id can be is refused (ValueError: "not a valid choice")."""
    if value in (None, "", "0", 0, "None"):
        return None
    number = ascii_int(value)
    if not 0 < number <= MAX_ID:
        raise ValueError("not an id")
    return number


def not_in_future(form: FlaskForm, field: DateField) -> None:
    if field.data and field.data > today():
        raise ValidationError("That date is in the future.")


class TriangleMixin:
    """The problem analysis triangle: three sides and their controllers."""

    offender = TextAreaField(
        "Offenders",
        filters=[strip],
        validators=[Length(max=5000)],
        description="Who causes the harm, and how.",
    )
    victim = TextAreaField(
        "Targets / victims", filters=[strip], validators=[Length(max=5000)]
    )
    place = TextAreaField(
        "Place",
        filters=[strip],
        validators=[Length(max=5000)],
        description="What about the place lets it happen.",
    )
    handler = StringField(
        "Handler (of offenders)",
        filters=[strip],
        validators=[Length(max=1000)],
        description="Someone offenders listen to: family, coach, "
        "probation officer, violence interrupter.",
    )
    handler_person_id = SelectField(
        "Handler: person", coerce=optional_id, validate_choice=True
    )
    handler_organization_id = SelectField("Handler: organization", coerce=optional_id)
    guardian = StringField(
        "Guardian (of targets)",
        filters=[strip],
        validators=[Length(max=1000)],
        description="Who protects the targets: staff, neighbours, police.",
    )
    guardian_person_id = SelectField("Guardian: person", coerce=optional_id)
    guardian_organization_id = SelectField("Guardian: organization", coerce=optional_id)
    manager = StringField(
        "Manager (of the place)",
        filters=[strip],
        validators=[Length(max=1000)],
        description="Who is responsible for the place: owner, "
        "landlord, housing manager, parks.",
    )
    manager_person_id = SelectField("Manager: person", coerce=optional_id)
    manager_organization_id = SelectField("Manager: organization", coerce=optional_id)


class CaseFieldsMixin:
    title = StringField(
        "Title", filters=[strip], validators=[DataRequired(), Length(max=200)]
    )
    problem_type_id = SelectField("Problem type", coerce=int)
    problem_statement = TextAreaField(
        "Problem statement", filters=[strip], validators=[Length(max=10000)]
    )
    goals = TextAreaField("Goals", filters=[strip], validators=[Length(max=5000)])
    priority = SelectField(
        "Priority", choices=choices_of(Priority), default=Priority.NORMAL
    )
    visibility = SelectField(
        "Who may see it",
        choices=choices_of(CaseVisibility),
        default=CaseVisibility.COALITION,
    )
    access_organization_ids = SelectMultipleField(
        "Organizations that may see it (when only named organizations may)",
        coerce=int,
        validate_choice=True,
    )
    opened_on = DateField(
        "Opened on", default=today, validators=[DataRequired(), not_in_future]
    )
    coordinator_id = SelectField("Coordinator", coerce=optional_id)


class NewCaseForm(CaseFieldsMixin, TriangleMixin, FlaskForm):
    coalition_id = SelectField(
        "Coalition",
        coerce=optional_id,
        validate_choice=True,
        description="Who works on it: its people see it when it is open to "
        "everyone in the coalition.",
    )
    lead_organization_id = SelectField("Lead organization", coerce=int)
    place_name = StringField(
        "Place name",
        filters=[strip],
        validators=[Length(max=200)],
        description="e.g. “Water Street, 100–400 block”.",
    )
    place_address = StringField(
        "Address", filters=[strip], validators=[Length(max=300)]
    )
    latitude = FloatField("Latitude", validators=[Optional(), NumberRange(-90, 90)])
    longitude = FloatField("Longitude", validators=[Optional(), NumberRange(-180, 180)])
    beat = StringField("Beat / area", filters=[strip], validators=[Length(max=100)])


class EditCaseForm(CaseFieldsMixin, TriangleMixin, FlaskForm):
    status = SelectField("Status", choices=choices_of(CaseStatus))
    closed_on = DateField("Closed on", validators=[Optional(), not_in_future])
    version = VersionField()


class MoveStageForm(FlaskForm):
    to_stage = HiddenField(validators=[DataRequired()])
    reason = StringField(
        "Why",
        filters=[strip],
        validators=[DataRequired(message="Say in a few words why."), Length(max=500)],
    )
    version = VersionField()


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=choices_of(RoleKind), default=RoleKind.PARTNER)
    organization_id = SelectField("Organization", coerce=optional_id)
    person_id = SelectField("Person", coerce=optional_id)
    started_on = DateField(
        "Since", default=today, validators=[DataRequired(), not_far_future]
    )
    note = StringField("Note", filters=[strip], validators=[Length(max=500)])

    def validate_person_id(self, field: SelectField) -> None:
        if not field.data and not self.organization_id.data:
            raise ValidationError("Choose an organization or a person.")


class EndRoleForm(FlaskForm):
    ended_on = DateField(
        "Ended on", default=today, validators=[DataRequired(), not_far_future]
    )


class PlaceForm(FlaskForm):
    name = StringField(
        "Place name", filters=[strip], validators=[DataRequired(), Length(max=200)]
    )
    address = StringField("Address", filters=[strip], validators=[Length(max=300)])
    latitude = FloatField("Latitude", validators=[Optional(), NumberRange(-90, 90)])
    longitude = FloatField("Longitude", validators=[Optional(), NumberRange(-180, 180)])
    beat = StringField("Beat / area", filters=[strip], validators=[Length(max=100)])


class ResponseForm(FlaskForm):
    description = StringField(
        "Response", filters=[strip], validators=[DataRequired(), Length(max=500)]
    )
    partner_organization_id = SelectField("Carried by", coerce=optional_id)
    status = SelectField(
        "Status", choices=choices_of(ResponseStatus), default=ResponseStatus.PLANNED
    )


class ResponseStatusForm(FlaskForm):
    status = SelectField("Status", choices=choices_of(ResponseStatus))


class CommentForm(FlaskForm):
    body = TextAreaField(
        "Comment",
        filters=[strip],
        validators=[DataRequired(message="Write something first."), Length(max=5000)],
    )


class ProblemTypeForm(FlaskForm):
    name = StringField(
        "New problem type",
        filters=[strip],
        validators=[DataRequired(), Length(max=200)],
    )
