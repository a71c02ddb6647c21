"""Defining a coalition's accreditation scheme, enrolling establishments and
recording their steps on each standard. Services flush and audit; the
caller commits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    AccreditationScheme,
    AccreditationStandard,
    AccreditationStep,
    Case,
    Coalition,
    CoalitionMembership,
    Establishment,
    Organization,
    OrganizationKind,
    Person,
    StepStatus,
    User,
)
from caseboard.permissions_coalitions import active_member_clause
from caseboard.services.audit import (
    apply_changes,
    record,
    record_created,
    record_update,
)
from caseboard.services.errors import ServiceError, check_version, required


def _member_ids(coalition_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(CoalitionMembership.organization_id).where(
                active_member_clause(coalition_id)
            )
        )
    )


def _check_case(coalition: Coalition, case: Case | None) -> None:
    if case is not None and case.coalition_id != coalition.id:
        raise ServiceError("That case belongs to another coalition.", "case_id")


def _check_window(days: int | None) -> int:
    if days is None or days < 0 or days > 3650:
        raise ServiceError(
            "The renewal window is a number of days from 0 to 3650.",
            "renewal_window_days",
        )
    return days


def save_scheme(
    actor: User | None,
    coalition: Coalition,
    scheme: AccreditationScheme | None,
    *,
    expected_version: int | None = None,
    name: str,
    description: str = "",
    renewal_window_days: int | None,
    case: Case | None = None,
) -> AccreditationScheme:
    """Create the coalition's scheme, or update it (``expected_version``
    is the version the user saw: a later save is a conflict)."""
    _check_case(coalition, case)
    fields: dict[str, Any] = {
        "name": required(name, "The scheme needs a name.", "name"),
        "description": description.strip(),
        "renewal_window_days": _check_window(renewal_window_days),
        "case_id": case.id if case else None,
    }
    if scheme is None:
        scheme = AccreditationScheme(coalition_id=coalition.id, **fields)
        return record_created(actor, scheme)
    check_version(scheme, expected_version)
    changes = apply_changes(scheme, fields)
    if changes:
        record_update(actor, scheme, changes)
    return scheme


def _standard_fields(scheme: AccreditationScheme, fields: dict[str, Any]):
    agency: Organization | None = fields.pop("agency")
    if agency is None or agency.id not in _member_ids(scheme.coalition_id):
        raise ServiceError(
            "The signing agency must be a member of the coalition.", "agency_id"
        )
    validity = fields.get("validity_days")
    if validity is None or not 1 <= validity <= 3650:
        raise ServiceError("A sign-off lasts from 1 to 3650 days.", "validity_days")
    return {
        **fields,
        "agency_id": agency.id,
        "theme": required(fields["theme"], "Name the standard's theme.", "theme"),
        "title": required(fields["title"], "The standard needs a title.", "title"),
        "evidence": fields.get("evidence", "").strip(),
    }


def _check_title(scheme: AccreditationScheme, title: str, own_id: int | None) -> None:
    taken = any(
        s.title.casefold() == title.casefold() and s.id != own_id
        for s in scheme.standards
    )
    if taken:
        raise ServiceError("The scheme already has a standard by that title.", "title")


def add_standard(
    actor: User | None, scheme: AccreditationScheme, **fields: Any
) -> AccreditationStandard:
    values = _standard_fields(scheme, fields)
    _check_title(scheme, values["title"], None)
    position = max((s.position for s in scheme.standards), default=0) + 1
    standard = AccreditationStandard(position=position, **values)
    scheme.standards.append(standard)
    return record_created(actor, standard)


def update_standard(
    actor: User | None,
    standard: AccreditationStandard,
    *,
    expected_version: int | None,
    **fields: Any,
) -> AccreditationStandard:
    check_version(standard, expected_version)
    values = _standard_fields(standard.scheme, fields)
    _check_title(standard.scheme, values["title"], standard.id)
    changes = apply_changes(standard, values)
    if changes:
        record_update(actor, standard, changes)
    return standard


def enrol(
    actor: User | None,
    scheme: AccreditationScheme,
    organization: Organization | None,
    *,
    place: str = "",
    manager: Person | None = None,
    enrolled_on: date | None = None,
) -> Establishment:
    """Enrol a business of the coalition; its manager, when named, works
    there."""
    if organization is None or organization.kind != OrganizationKind.BUSINESS:
        raise ServiceError("Only a business can enrol.", "organization_id")
    if organization.id not in _member_ids(scheme.coalition_id):
        raise ServiceError(
            "The business must be a member of the coalition.", "organization_id"
        )
    if any(e.organization_id == organization.id for e in scheme.establishments):
        raise ServiceError(
            f"{organization.name} is already enrolled.", "organization_id"
        )
    if manager is not None and organization.id not in {
        m.organization_id for m in manager.current_memberships
    }:
        raise ServiceError(
            f"{manager.full_name} does not work at {organization.name}.", "manager_id"
        )
    establishment = Establishment(
        organization=organization,
        place=(place.strip() or organization.address or ""),
        manager=manager,
        enrolled_on=enrolled_on or today(),
    )
    scheme.establishments.append(establishment)
    record(actor, "enrol", establishment, label=organization.name)
    return establishment


def _check_day(on: date | None) -> date:
    if on is None:
        return today()
    if on > today():
        raise ServiceError("A step cannot be dated in the future.", "on")
    if on < today() - timedelta(days=3650):
        raise ServiceError("That date is too far in the past.", "on")
    return on


def _add_step(
    actor: User | None,
    establishment: Establishment,
    standard: AccreditationStandard,
    **fields: Any,
) -> AccreditationStep:
    if standard.scheme_id != establishment.scheme_id:
        raise ServiceError("That standard belongs to another scheme.")
    step = AccreditationStep(
        standard=standard, by_id=actor.id if actor else None, **fields
    )
    establishment.steps.append(step)
    db.session.flush()
    record(
        actor,
        f"accreditation {step.status.value}",
        establishment,
        {"standard": standard.title, "on": step.on, "note": step.note},
        label=establishment.organization.name,
    )
    return step


def record_progress(
    actor: User | None,
    establishment: Establishment,
    standard: AccreditationStandard,
    *,
    note: str = "",
    on: date | None = None,
) -> AccreditationStep:
    return _add_step(
        actor,
        establishment,
        standard,
        status=StepStatus.IN_PROGRESS,
        on=_check_day(on),
        note=note.strip(),
    )


def sign_off(
    actor: User | None,
    establishment: Establishment,
    standard: AccreditationStandard,
    *,
    note: str,
    on: date | None = None,
) -> AccreditationStep:
    """The signing agency's sign-off, with the evidence seen; it lasts the
    standard's validity from ``on``. (Who may sign is decided by
    ``can_sign_off``; the CLI and the demo sign as the system.)"""
    day = _check_day(on)
    return _add_step(
        actor,
        establishment,
        standard,
        status=StepStatus.SIGNED_OFF,
        on=day,
        note=required(note, "Say what evidence was seen.", "note"),
        agency_id=standard.agency_id,
        expires_on=day + timedelta(days=standard.validity_days),
    )
