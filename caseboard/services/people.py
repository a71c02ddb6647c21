from __future__ import annotations

from datetime import date
from typing import Any

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import Membership, Organization, Person, User
from caseboard.models.base import utcnow
from caseboard.services.audit import apply_changes, record
from caseboard.services.errors import ServiceError, check_version


def create_person(
    actor: User | None,
    *,
    full_name: str,
    organization: Organization | None = None,
    title: str = "",
    started_on: date | None = None,
    **fields: Any,
) -> Person:
    person = Person(full_name=full_name.strip(), **fields)
    db.session.add(person)
    record(actor, "create", person, label=person.full_name)
    if organization is not None:
        add_membership(actor, person, organization, title=title, started_on=started_on)
    return person


def update_person(
    actor: User, person: Person, *, expected_version: int | None, **fields: Any
) -> Person:
    check_version(person, expected_version)
    if "full_name" in fields:
        fields["full_name"] = fields["full_name"].strip()
    changes = apply_changes(person, fields)
    if changes:
        person.updated_at = utcnow()
        record(actor, "update", person, changes, label=person.full_name)
        db.session.flush()
    return person


def add_membership(
    actor: User | None,
    person: Person,
    organization: Organization,
    *,
    title: str = "",
    started_on: date | None = None,
    ended_on: date | None = None,
) -> Membership:
    if started_on and ended_on and ended_on < started_on:
        raise ServiceError("The end date is before the start date.", "ended_on")
    membership = Membership(
        person=person,
        organization=organization,
        title=title.strip(),
        started_on=started_on,
        ended_on=ended_on,
    )
    db.session.add(membership)
    record(
        actor,
        "add_membership",
        person,
        {"organization": [None, organization.name], "title": [None, membership.title]},
        label=person.full_name,
    )
    return membership


def end_membership(actor: User, membership: Membership, ended_on: date) -> Membership:
    """Close a membership; the row stays as job history."""
    if membership.ended_on is not None and membership.ended_on <= today():
        raise ServiceError("This membership has already ended.", "ended_on")
    if membership.started_on and ended_on < membership.started_on:
        raise ServiceError("The end date is before the start date.", "ended_on")
    membership.ended_on = ended_on
    record(
        actor,
        "end_membership",
        membership.person,
        {
            "organization": [membership.organization.name, None],
            "ended_on": [None, ended_on.isoformat()],
        },
        label=membership.person.full_name,
    )
    db.session.flush()
    return membership
