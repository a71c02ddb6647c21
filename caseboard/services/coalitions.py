"""Coalitions, their member organizations, named people and case shares.

Every change of who works in a coalition is an access change (it opens the
coalition's cases), audited on the coalition.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from flask import current_app, has_app_context
from sqlalchemy import func, select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    Case,
    CaseShare,
    Coalition,
    CoalitionMembership,
    CoalitionPerson,
    CoalitionStatus,
    Organization,
    Person,
    User,
)
from caseboard.permissions_coalitions import coalition_ids
from caseboard.services.audit import record, record_created
from caseboard.services.errors import ServiceError, required

ACCESS_CHANGE = "coalition access"


def ensure_default_coalition() -> Coalition:
    """The installation's first coalition; made (with every organization an
    active member, as the migration does) when there is none yet."""
    first = db.session.scalars(select(Coalition).order_by(Coalition.id)).first()
    if first is not None:
        return first
    name = "Coalition"
    if has_app_context():
        name = current_app.config.get("DEFAULT_COALITION", name)
    coalition = Coalition(name=name)
    db.session.add(coalition)
    for organization in db.session.scalars(select(Organization)):
        db.session.add(
            CoalitionMembership(coalition=coalition, organization=organization)
        )
    record(None, "create", coalition)
    return coalition


def coalition_of(actor: User | None) -> Coalition:
    """A new coalition meeting's coalition when none is named: the one the
    actor chose in the top bar if they work in it, else the first they work
    in, else the installation's first."""
    if actor is not None:
        mine = coalition_ids(actor)
        if actor.chosen_coalition_id in mine or (
            actor.is_admin and actor.chosen_coalition_id is not None
        ):
            return db.session.get_one(Coalition, actor.chosen_coalition_id)
        if mine:
            return db.session.get_one(Coalition, min(mine))
    return ensure_default_coalition()


def only_coalition() -> Coalition | None:
    """The coalition, when the installation has exactly one."""
    found = db.session.scalars(select(Coalition).limit(2)).all()
    return found[0] if len(found) == 1 else None


def coalition_for_case(lead: Organization | None) -> Coalition:
    """A new case's coalition when none is chosen: the lead organization's
    first active coalition, else the installation's first."""
    if lead is not None:
        for membership in lead.coalition_memberships:
            if membership.is_active:
                return membership.coalition
    return ensure_default_coalition()


def find_coalition(name: str) -> Coalition | None:
    return db.session.scalars(
        select(Coalition).where(func.lower(Coalition.name) == func.lower(name.strip()))
    ).first()


def create_coalition(actor: User | None, *, name: str, **fields: Any) -> Coalition:
    name = required(name, "A coalition needs a name.", "name")
    if find_coalition(name) is not None:
        raise ServiceError("Another coalition already has this name.", "name")
    coalition = Coalition(name=name, **fields)
    return record_created(actor, coalition)


def add_organization(
    actor: User | None,
    coalition: Coalition,
    organization: Organization,
    *,
    status: CoalitionStatus = CoalitionStatus.ACTIVE,
    started_on: date | None = None,
) -> CoalitionMembership:
    """Invite an organization, or make it an active member at once."""
    if any(
        m.coalition_id == coalition.id and m.is_current
        for m in organization.coalition_memberships
    ):
        raise ServiceError(
            f"{organization.name} already belongs to {coalition.name}.",
            "organization",
        )
    membership = CoalitionMembership.granted(
        actor,
        coalition=coalition,
        organization=organization,
        status=status,
        started_on=started_on or today(),
    )
    db.session.add(membership)
    _access_change(actor, coalition, organization.name, CoalitionStatus(status).value)
    return membership


def activate_membership(
    actor: User | None, membership: CoalitionMembership
) -> CoalitionMembership:
    """An invitation accepted: the organization's people now work in it."""
    if membership.status != CoalitionStatus.INVITED or not membership.is_current:
        raise ServiceError("Only a current invitation can be accepted.", "membership")
    membership.status = CoalitionStatus.ACTIVE
    _access_change(actor, membership.coalition, membership.organization.name, "active")
    return membership


def end_coalition_membership(
    actor: User | None, membership: CoalitionMembership, ended_on: date | None = None
) -> CoalitionMembership:
    """The organization leaves; the row stays as the membership history."""
    if not membership.is_current:
        raise ServiceError("This membership has already ended.", "ended_on")
    ended_on = ended_on or today()
    if membership.started_on and ended_on < membership.started_on:
        raise ServiceError("The end date is before the start date.", "ended_on")
    membership.status = CoalitionStatus.LEFT
    return _leaves(actor, membership, ended_on, membership.organization.name)


def name_person(
    actor: User | None,
    coalition: Coalition,
    person: Person,
    *,
    coordinator: bool = False,
) -> CoalitionPerson:
    """Name a person in the coalition by name: a coordinator, or someone
    with no member organization."""
    if any(n.person_id == person.id and n.is_current for n in coalition.people):
        raise ServiceError(
            f"{person.full_name} is already named in {coalition.name}; "
            "end that first to name them otherwise.",
            "person_id",
        )
    naming = CoalitionPerson.granted(
        actor,
        coalition=coalition,
        person=person,
        is_coordinator=coordinator,
        started_on=today(),
    )
    db.session.add(naming)
    change = "coordinator" if coordinator else "named"
    _access_change(actor, coalition, person.full_name, change)
    return naming


def end_naming(actor: User | None, naming: CoalitionPerson) -> CoalitionPerson:
    if not naming.is_current:
        raise ServiceError("This has already ended.", "ended_on")
    return _leaves(actor, naming, today(), naming.person.full_name)


def share_case(
    actor: User | None,
    case: Case,
    coalition: Coalition,
    *,
    reason: str,
    until: date | None = None,
    starts_on: date | None = None,
) -> CaseShare:
    """Show a case to another coalition's people for a period, with a reason."""
    reason = required(reason, "Say why the case is shared.", "reason")
    if coalition.id == case.coalition_id:
        raise ServiceError("The case already belongs to this coalition.", "coalition")
    starts_on = starts_on or today()
    if until is not None and until <= starts_on:
        raise ServiceError("The share must end after it starts.", "until")
    share = CaseShare.granted(
        actor,
        case=case,
        coalition=coalition,
        reason=reason,
        starts_on=starts_on,
        ended_on=until,
    )
    db.session.add(share)
    db.session.flush()
    record(
        actor,
        "share",
        case,
        {
            "coalition": [None, coalition.name],
            "reason": [None, reason],
            "until": [None, until.isoformat() if until else None],
        },
        label=case.title,
    )
    return share


def end_share(actor: User | None, share: CaseShare) -> CaseShare:
    if not share.is_current:
        raise ServiceError("This share has already ended.", "share")
    share.end(max(today(), share.starts_on), actor)
    record(
        actor,
        "unshare",
        share.case,
        {"coalition": [share.coalition.name, None]},
        label=share.case.title,
    )
    db.session.flush()
    return share


def choose_coalition(user: User, coalition: Coalition | None) -> None:
    """Remember the coalition the user's pages are scoped to (None: all)."""
    user.chosen_coalition = coalition
    db.session.flush()


_Leaving = TypeVar("_Leaving", CoalitionMembership, CoalitionPerson)


def _leaves(actor: User | None, row: _Leaving, on: date, who: str) -> _Leaving:
    """An organization or a named person leaves the coalition on ``on``."""
    row.end(on, actor)
    _access_change(actor, row.coalition, who, "left")
    return row


def _access_change(
    actor: User | None, coalition: Coalition, who: str, change: str
) -> None:
    db.session.flush()
    record(
        actor,
        ACCESS_CHANGE,
        coalition,
        {"member": [None, who], "change": [None, change]},
        label=coalition.name,
    )
