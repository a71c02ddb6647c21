"""Contacts logged between people, about a case or not, as on the pages."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import Blueprint

from caseboard.api.conventions import COMMON_ERRORS, documented, save
from caseboard.api.schemas.directory import ContactSchema, NewContactSchema
from caseboard.loaders import load_case, load_person
from caseboard.permissions import can_log_contact, require
from caseboard.services.contacts import log_interaction

blp = Blueprint(
    "api_contacts", __name__, url_prefix="/api/v1/contacts", description="Contacts"
)


CONTACT_FIELDS = ("id", "occurred_on", "kind", "case_id", "notes", "created_at")


@blp.post("")
@blp.arguments(NewContactSchema)
@blp.response(201, ContactSchema)
@documented(blp, *COMMON_ERRORS)
def log_contact(data: dict[str, Any]):
    """Log a contact among two or more people the caller may see, on a case
    the caller may see (or none); read-only users may not."""
    require(can_log_contact(current_user))
    people = [load_person(person_id) for person_id in data.pop("people")]
    case_id = data.pop("case_id")
    case = load_case(case_id) if case_id else None
    contact = save(
        lambda: log_interaction(current_user, people=people, case=case, **data)
    )
    return {
        **{name: getattr(contact, name) for name in CONTACT_FIELDS},
        "people": [person.id for person in people],
    }, 201
