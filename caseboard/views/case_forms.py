"""Glue between the case forms and the case services, shared by the views."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_wtf import FlaskForm

from caseboard.forms import choices as options
from caseboard.loaders import load_case
from caseboard.models import Case, User
from caseboard.permissions import can_edit_case, require
from caseboard.services.cases import EDITABLE_FIELDS

# Each triangle controller: its text field and the person/organization links.
TRIANGLE_LINKS = {
    "handler": ("handler_person", "handler_organization"),
    "guardian": ("guardian_person", "guardian_organization"),
    "manager": ("manager_person", "manager_organization"),
}


def editable_case(case_id: int, eager: Any = ()) -> Case:
    """A case the viewer may edit (404 when hidden from them, then 403);
    ``eager`` are the loads the page needs."""
    case = load_case(case_id, eager)
    require(can_edit_case(current_user, case))
    return case


def fill_case_choices(
    form: FlaskForm, viewer: User, case: Case | None = None
) -> FlaskForm:
    form.problem_type_id.choices = options.problem_type_choices()
    coordinator = case.coordinator if case is not None else None
    form.coordinator_id.choices = options.keeping(
        [options.NONE, *options.coordinator_choices()],
        coordinator.id if coordinator else None,
        coordinator.person.full_name if coordinator else None,
    )
    for side in TRIANGLE_LINKS:
        options.fill_people(form[f"{side}_person_id"], viewer, options.NONE)
        options.fill(
            form[f"{side}_organization_id"], viewer, "organizations", options.NONE
        )
    options.fill(form.access_organization_ids, viewer, "organizations")
    if "coalition_id" in form:  # a new case: one of the coalitions one works in
        form.coalition_id.choices = options.coalition_choices(viewer)
        if not form.is_submitted():
            form.coalition_id.data = viewer.chosen_coalition_id
    return form


def case_values(
    form: FlaskForm, exclude: set[str] | frozenset[str] = frozenset()
) -> dict[str, Any]:
    return {
        name: form[name].data
        for name in EDITABLE_FIELDS
        if name in form and name not in exclude
    }


def saved_case_values(case: Case) -> dict[str, Any]:
    return {name: getattr(case, name) for name in EDITABLE_FIELDS}
