"""Load one object for the current viewer, or stop the request.

Every view fetches by id through here: 404 when the viewer may not know the
object exists (missing or outside their visible set), so ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort
from flask_login import current_user
from sqlalchemy import Select
from werkzeug.exceptions import NotFound

from caseboard.extensions import db
from caseboard.models import (
    AccreditationStandard,
    Ask,
    Case,
    Coalition,
    Establishment,
    Interaction,
    Measure,
    Meeting,
    Organization,
    Person,
    Round,
    RoundStop,
    Task,
    User,
)
from caseboard.permissions import (
    visible_cases,
    visible_meetings,
    visible_organizations,
    visible_people,
    visible_tasks,
    visible_users,
)
from caseboard.permissions_accreditation import (
    visible_establishments,
    visible_standards,
)
from caseboard.permissions_coalitions import visible_coalitions
from caseboard.permissions_rounds import visible_rounds
from caseboard.queries.accreditation import establishment_options
from caseboard.queries.contacts import visible_contacts


class HiddenObject(NotFound):
    """A 404 for an id the viewer asked for and may not see. It carries what
    was probed, so the 404 handler can audit a probe of an id that exists
    (``caseboard.errors``): a loader only reads."""

    def __init__(self, model: type[Any], object_id: int) -> None:
        super().__init__()
        self.model = model
        self.object_id = object_id


def _one_or_404(query: Select, model: type[Any], object_id: int, options=()):
    statement = query.where(model.id == object_id).options(*options)
    found = db.session.scalars(statement).first()
    if found is None:
        raise HiddenObject(model, object_id)
    return found


def _on_visible_cases(model: type[Any]) -> Select:
    """The rows of ``model`` (by its ``case_id``) on cases the viewer may know."""
    visible = visible_cases(current_user).with_only_columns(Case.id)
    return db.select(model).where(model.case_id.in_(visible.scalar_subquery()))


def load_organization(organization_id: int) -> Organization:
    return _one_or_404(
        visible_organizations(current_user), Organization, organization_id
    )


def load_coalition(coalition_id: int, options=()) -> Coalition:
    return _one_or_404(
        visible_coalitions(current_user), Coalition, coalition_id, options
    )


def load_person(person_id: int, options=()) -> Person:
    """The person, if the viewer may see them; ``options`` are eager loads."""
    return _one_or_404(visible_people(current_user), Person, person_id, options)


def load_user(user_id: int) -> User:
    return _one_or_404(visible_users(current_user), User, user_id)


def load_case(case_id: int, options=()) -> Case:
    """The case, if the viewer may know it; ``options`` are eager loads."""
    return _one_or_404(visible_cases(current_user), Case, case_id, options)


def load_measure(measure_id: int) -> Measure:
    """A measure of a case the viewer may know (its data come with it)."""
    return _one_or_404(_on_visible_cases(Measure), Measure, measure_id)


def load_establishment(establishment_id: int) -> Establishment:
    """An establishment enrolled in a scheme of one of the viewer's
    coalitions, with what its page shows (its scheme's standards, its steps)."""
    query = visible_establishments(current_user)
    return _one_or_404(query, Establishment, establishment_id, establishment_options())


def load_standard(standard_id: int) -> AccreditationStandard:
    query = visible_standards(current_user)
    return _one_or_404(query, AccreditationStandard, standard_id)


def load_task(task_id: int, options=()) -> Task:
    return _one_or_404(visible_tasks(current_user), Task, task_id, options)


def load_meeting(meeting_id: int, options=()) -> Meeting:
    return _one_or_404(visible_meetings(current_user), Meeting, meeting_id, options)


def load_ask(ask_id: int, options=()) -> Ask:
    """An ask on a case the viewer may know; ``options`` are eager loads."""
    return _one_or_404(_on_visible_cases(Ask), Ask, ask_id, options)


def load_round(round_id: int) -> Round:
    return _one_or_404(visible_rounds(current_user), Round, round_id)


def load_stop(stop_id: int, options=()) -> RoundStop:
    """A stop of a round the viewer may see."""
    rounds = visible_rounds(current_user).with_only_columns(Round.id)
    query = db.select(RoundStop).where(RoundStop.round_id.in_(rounds.scalar_subquery()))
    return _one_or_404(query, RoundStop, stop_id, options)


def load_optional(loader, object_id: int | None):
    """``loader(object_id)`` when a form named an object, else None (a blank
    choice). The loader's 404 still guards ids the viewer may not see."""
    return loader(object_id) if object_id else None


def load_picked(form: Any, **loaders: Callable[[int], Any]) -> dict[str, Any]:
    """The objects a form's pickers name (field ``<name>_id``), each through
    its loader's guard, in order; None for a blank choice."""
    return {
        name: load_optional(loader, form[f"{name}_id"].data)
        for name, loader in loaders.items()
    }


def load_child(items: list, child_id: int):
    """A role, place or response of an already-loaded case, or 404. An id
    that exists under another parent is audited like any hidden object (the
    model is read from the items; an empty list has nothing to compare)."""
    found = next((item for item in items if item.id == child_id), None)
    if found is None:
        if items:
            raise HiddenObject(type(items[0]), child_id)
        abort(404)
    return found


def load_contact(contact_id: int) -> Interaction:
    """A contact about no case, or about a case the viewer may know."""
    return _one_or_404(visible_contacts(current_user), Interaction, contact_id)
