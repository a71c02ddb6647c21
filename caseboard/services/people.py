from __future__ import annotations

from datetime import date
from typing import Any

from caseboard.extensions import db
from caseboard.models import Membership, Organization, Person, User
from caseboard.services.audit import apply_changes, record, record_update
from caseboard.services.errors import ServiceError, check_version

# The action of every change of membership (the trail's kind of event).
ACCESS_CHANGE = "access_change"


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
        record_update(actor, person, changes, label=person.full_name)
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
    membership = Membership.granted(
        actor,
        person=person,
        organization=organization,
        title=title.strip(),
        started_on=started_on,
        ended_on=ended_on,
    )
    db.session.add(membership)
    _access_change(actor, membership, "joined", {"title": [None, membership.title]})
    return membership


def _access_change(
    actor: User | None,
    membership: Membership,
    change: str,
    changes: dict[str, Any] | None = None,
) -> None:
    """The one event of any change of who belongs to an organization: a
    position opens the organization's restricted cases and notes, so it is
    an access change, and the trail answers "who could read our notes, since
    when, says who". Recorded on the person, so their History shows it."""
    name = membership.organization.name
    # Joining has no organization before, leaving none after; a change of
    # standing names it on both sides.
    before = None if change == "joined" else name
    after = None if change == "left" else name
    record(
        actor,
        ACCESS_CHANGE,
        membership.person,
        {"change": [None, change], "organization": [before, after], **(changes or {})},
        label=membership.person.full_name,
    )


def set_administrator(
    actor: User | None, membership: Membership, administrator: bool
) -> Membership:
    """Make the holder of a current position an administrator of its
    organization (who may then change its members), or stop them being one."""
    if not membership.is_current:
        raise ServiceError("This position has ended.", "membership")
    if membership.is_administrator == administrator:
        return membership
    membership.is_administrator = administrator
    change = "made administrator" if administrator else "no longer administrator"
    _access_change(actor, membership, change)
    db.session.flush()
    return membership


def end_membership(
    actor: User | None, membership: Membership, ended_on: date
) -> Membership:
    """Close a membership; the row stays as job history."""
    if not membership.is_current:
        raise ServiceError("This membership has already ended.", "ended_on")
    if membership.started_on and ended_on < membership.started_on:
        raise ServiceError("The end date is before the start date.", "ended_on")
    membership.end(ended_on, actor)
    _access_change(
        actor, membership, "left", {"ended_on": [None, ended_on.isoformat()]}
    )
    db.session.flush()
    return membership
