"""Load one object for the current viewer, or stop the request.

Every view fetches by id through here: 404 when the viewer may not know the
object exists (missing or outside their visible set), so ids cannot be probed.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, select

from caseboard.database import start_writing
from caseboard.extensions import db
from caseboard.models import Case, Meeting, Organization, Person, Task, User
from caseboard.permissions import (
    is_signed_in,
    visible_cases,
    visible_meetings,
    visible_organizations,
    visible_people,
    visible_tasks,
    visible_users,
)
from caseboard.services.audit import record


def _one_or_404(query: Select, model: type, object_id: int, options=()):  # type: ignore[type-arg,no-untyped-def]
    statement = query.where(model.id == object_id).options(*options)
    found = db.session.scalars(statement).first()
    if found is None:
        _audit_hidden(model, object_id)
        abort(404)
    return found


def _audit_hidden(model: type, object_id: int) -> None:
    """An id that exists but is hidden from the viewer: record the attempt
    (a cross-agency probe), then answer 404 like a missing one. Nothing else
    the request did is committed: the session is rolled back first."""
    exists = db.session.scalar(select(model.id).where(model.id == object_id))  # type: ignore[attr-defined]
    if exists is None:
        return
    db.session.rollback()
    start_writing(db.session)
    record(
        current_user if is_signed_in(current_user) else None,
        "access_denied",
        None,
        {"id": [None, object_id]},
        label=f"{model.__name__} {object_id} (hidden from this user)",
        object_type=model.__tablename__,  # type: ignore[attr-defined]
    )
    db.session.commit()


def load_organization(organization_id: int) -> Organization:
    return _one_or_404(
        visible_organizations(current_user), Organization, organization_id
    )


def load_person(person_id: int) -> Person:
    return _one_or_404(visible_people(current_user), Person, person_id)


def load_user(user_id: int) -> User:
    return _one_or_404(visible_users(current_user), User, user_id)


def load_case(case_id: int, options=()) -> Case:  # type: ignore[no-untyped-def]
    """The case, if the viewer may know it; ``options`` are eager loads."""
    return _one_or_404(visible_cases(current_user), Case, case_id, options)


def load_task(task_id: int, options=()) -> Task:  # type: ignore[no-untyped-def]
    return _one_or_404(visible_tasks(current_user), Task, task_id, options)


def load_meeting(meeting_id: int, options=()) -> Meeting:  # type: ignore[no-untyped-def]
    return _one_or_404(visible_meetings(current_user), Meeting, meeting_id, options)


def load_optional(loader, object_id: int | None):  # type: ignore[no-untyped-def]
    """``loader(object_id)`` when a form named an object, else None (a blank
    choice). The loader's 404 still guards ids the viewer may not see."""
    return loader(object_id) if object_id else None


def load_child(items: list, child_id: int):  # type: ignore[type-arg,no-untyped-def]
    """A role, place or response of an already-loaded case, or 404. An id
    that exists under another parent is audited like any hidden object (the
    model is read from the items; an empty list has nothing to compare)."""
    found = next((item for item in items if item.id == child_id), None)
    if found is None:
        if items:
            _audit_hidden(type(items[0]), child_id)
        abort(404)
    return found
