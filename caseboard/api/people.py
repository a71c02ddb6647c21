"""People the caller may see, with their current positions; a person's
phone, email and address only where the pages show them
(``can_see_contact_details``), and coalitions with their members."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload

from caseboard.api.conventions import list_operation, paged, read_operation
from caseboard.api.schemas.people import (
    CoalitionSchema,
    PersonDetailSchema,
    PersonFilters,
    PersonSchema,
)
from caseboard.extensions import db
from caseboard.loaders import load_coalition, load_person
from caseboard.models import Coalition, Person
from caseboard.permissions import can_see_contact_details, visible_people
from caseboard.permissions_coalitions import visible_coalitions
from caseboard.queries.paging import contains

blp = Blueprint("api_people", __name__, url_prefix="/api/v1", description="People")
PERSON_FIELDS = ("id", "full_name", "version", "created_at", "updated_at")


def person_body(person: Person) -> dict[str, Any]:
    return {
        **{name: getattr(person, name) for name in PERSON_FIELDS},
        "positions": person.current_memberships,
    }


@list_operation(blp, PersonFilters, PersonSchema, "/people")
def list_people(args: dict[str, Any]):
    """People by id (no contact details in the list); ``q`` searches names."""
    statement = visible_people(current_user).options(selectinload(Person.memberships))
    if args.get("q"):
        statement = statement.where(contains(Person.full_name, args["q"]))
    return paged(statement.order_by(Person.id), args, person_body)


@read_operation(blp, "/people/<int:person_id>", PersonDetailSchema)
def get_person(person_id: int):
    """A person; phone, email and address only to their colleagues, a
    coordinator of a case they hold a role on, themselves and administrators."""
    person = load_person(person_id)
    shown = can_see_contact_details(current_user, person)
    return person_body(person) | {
        "contact_details_shown": shown,
        "email": person.email if shown else None,
        "phone": person.phone if shown else None,
        "address": person.address if shown else None,
    }


@read_operation(blp, "/coalitions", CoalitionSchema(many=True))
def list_coalitions():
    """The coalitions the caller works in (all, for administrators)."""
    statement = visible_coalitions(current_user).options(
        selectinload(Coalition.memberships)
    )
    return list(db.session.scalars(statement))


@read_operation(blp, "/coalitions/<int:coalition_id>", CoalitionSchema)
def get_coalition(coalition_id: int):
    return load_coalition(coalition_id, (selectinload(Coalition.memberships),))
