from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FloatField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    NumberRange,
    Optional,
    ValidationError,
)

from caseboard.clock import today
from caseboard.forms.common import (
    DateRequired,
    VersionField,
    ascii_int,
    choices_of,
    trimmed,
)
from caseboard.forms.people import not_far_future
from caseboard.models import (
    CaseStatus,
    CaseVisibility,
    Priority,
    ResponseStatus,
    RoleKind,
)
from caseboard.queries.paging import MAX_ID


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


def _controller(who: str, of_what: str, description: str) -> tuple[Any, Any, Any]:
    """One controller of the triangle: who it is in words, and the person
    and the organization it may name."""
    return (
        trimmed(StringField, f"{who} {of_what}", 1000, description),
        SelectField(f"{who}: person", coerce=optional_id),
        SelectField(f"{who}: organization", coerce=optional_id),
    )


class TriangleMixin:
    """The problem analysis triangle: three sides and their controllers."""

    offender = trimmed(
        TextAreaField, "Offenders", 5000, "Who causes the harm, and how."
    )
    victim = trimmed(TextAreaField, "Targets / victims", 5000)
    place = trimmed(
        TextAreaField, "Place", 5000, "What about the place lets it happen."
    )
    handler, handler_person_id, handler_organization_id = _controller(
        "Handler",
        "(of offenders)",
        "Someone offenders listen to: family, coach, probation officer, "
        "violence interrupter.",
    )
    guardian, guardian_person_id, guardian_organization_id = _controller(
        "Guardian",
        "(of targets)",
        "Who protects the targets: staff, neighbours, police.",
    )
    manager, manager_person_id, manager_organization_id = _controller(
        "Manager",
        "(of the place)",
        "Who is responsible for the place: owner, landlord, housing manager, parks.",
    )


class CaseFieldsMixin:
    title = trimmed(StringField, "Title", 200, required=True)
    problem_type_id = SelectField("Problem type", coerce=int)
    problem_statement = trimmed(TextAreaField, "Problem statement", 10000)
    goals = trimmed(TextAreaField, "Goals", 5000)
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
        "Opened on", default=today, validators=[DateRequired(), not_in_future]
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
    place_name = trimmed(
        StringField, "Place name", 200, "e.g. “Water Street, 100–400 block”."
    )
    place_address = trimmed(StringField, "Address", 300)
    latitude = FloatField("Latitude", validators=[Optional(), NumberRange(-90, 90)])
    longitude = FloatField("Longitude", validators=[Optional(), NumberRange(-180, 180)])
    beat = trimmed(StringField, "Beat / area", 100)


class EditCaseForm(CaseFieldsMixin, TriangleMixin, FlaskForm):
    status = SelectField("Status", choices=choices_of(CaseStatus))
    closed_on = DateField("Closed on", validators=[Optional(), not_in_future])
    version = VersionField()


class MoveStageForm(FlaskForm):
    to_stage = HiddenField(validators=[DataRequired()])
    reason = trimmed(StringField, "Why", 500, required="Say in a few words why.")
    version = VersionField()


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=choices_of(RoleKind), default=RoleKind.PARTNER)
    organization_id = SelectField("Organization", coerce=optional_id)
    person_id = SelectField("Person", coerce=optional_id)
    started_on = DateField(
        "Since", default=today, validators=[DateRequired(), not_far_future]
    )
    note = trimmed(StringField, "Note", 500)

    def validate_person_id(self, field: SelectField) -> None:
        if not field.data and not self.organization_id.data:
            raise ValidationError("Choose an organization or a person.")


class EndRoleForm(FlaskForm):
    ended_on = DateField(
        "Ended on", default=today, validators=[DateRequired(), not_far_future]
    )


class PlaceForm(FlaskForm):
    name = trimmed(StringField, "Place name", 200, required=True)
    address = trimmed(StringField, "Address", 300)
    latitude = FloatField("Latitude", validators=[Optional(), NumberRange(-90, 90)])
    longitude = FloatField("Longitude", validators=[Optional(), NumberRange(-180, 180)])
    beat = trimmed(StringField, "Beat / area", 100)


class ResponseForm(FlaskForm):
    description = trimmed(StringField, "Response", 500, required=True)
    partner_organization_id = SelectField("Carried by", coerce=optional_id)
    status = SelectField(
        "Status", choices=choices_of(ResponseStatus), default=ResponseStatus.PLANNED
    )


class ResponseStatusForm(FlaskForm):
    status = SelectField("Status", choices=choices_of(ResponseStatus))


class CommentForm(FlaskForm):
    body = trimmed(TextAreaField, "Comment", 5000, required="Write something first.")


class ProblemTypeForm(FlaskForm):
    name = trimmed(StringField, "New problem type", 200, required=True)
