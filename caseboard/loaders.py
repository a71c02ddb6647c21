"""Load one object for the current viewer, or stop the request.

Every view fetches by id through here: 404 when the viewer may not know the
object exists (missing or outside their visible set), so ids cannot be probed.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import Select

from caseboard.extensions import db
from caseboard.models import Organization, Person, User
from caseboard.permissions import visible_organizations, visible_people, visible_users


def _one_or_404(query: Select, model: type, object_id: int):  # type: ignore[type-arg]
    found = db.session.scalars(query.where(model.id == object_id)).first()
    if found is None:
        abort(404)
    return found


def load_organization(organization_id: int) -> Organization:
    return _one_or_404(
        visible_organizations(current_user), Organization, organization_id
    )


def load_person(person_id: int) -> Person:
    return _one_or_404(visible_people(current_user), Person, person_id)


def load_user(user_id: int) -> User:
    return _one_or_404(visible_users(current_user), User, user_id)
