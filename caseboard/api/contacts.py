"""Contacts logged between people: the log as the caller may know it (a
contact about a case they may not see is not there; notes are withheld as
``queries.contacts`` says), one contact, and logging one."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import Blueprint

from caseboard.api.conventions import (
    create_operation,
    list_operation,
    paged,
    read_operation,
    save,
)
from caseboard.api.schemas.directory import (
    ContactFilters,
    ContactSchema,
    NewContactSchema,
)
from caseboard.loaders import load_case, load_contact, load_person
from caseboard.models import Interaction
from caseboard.permissions import can_log_contact, require
from caseboard.queries.contacts import filtered_contacts, notes_shown
from caseboard.services.contacts import log_interaction

blp = Blueprint(
    "api_contacts", __name__, url_prefix="/api/v1/contacts", description="Contacts"
)


CONTACT_FIELDS = ("id", "occurred_on", "kind", "case_id", "recorded_by_id")


def contact_body(contact: Interaction) -> dict[str, Any]:
    shown = notes_shown(current_user, contact)
    return {
        **{name: getattr(contact, name) for name in (*CONTACT_FIELDS, "created_at")},
        "notes": contact.notes if shown else None,
        "notes_withheld": not shown,
        "people": sorted(p.person_id for p in contact.participants),
    }


@list_operation(blp, ContactFilters, ContactSchema)
def list_contacts(args: dict[str, Any]):
    """Contacts the caller may know, newest first; filters as named."""
    filters = {name: args[name] for name in ContactFilters().fields if name in args}
    statement = filtered_contacts(current_user, **filters)
    return paged(statement, args, contact_body)


@read_operation(blp, "/<int:contact_id>", ContactSchema)
def get_contact(contact_id: int):
    return contact_body(load_contact(contact_id))


@create_operation(
    blp, NewContactSchema, ContactSchema, ("contact_id", "getContact"), etag=False
)
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
    return contact_body(contact), 201
