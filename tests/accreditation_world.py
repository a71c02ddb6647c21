"""A small accreditation scheme for tests: one coalition's scheme with a
required standard signed off by ``agency`` and an optional one, and one
enrolled business (shared by the accreditation tests and the access
model's world)."""

from __future__ import annotations

from dataclasses import dataclass

from caseboard.extensions import db
from caseboard.models import (
    AccreditationScheme,
    AccreditationStandard,
    Case,
    Coalition,
    Establishment,
    Organization,
    OrganizationKind,
    Person,
)
from caseboard.services import accreditation as service
from caseboard.services.coalitions import add_organization
from caseboard.services.organizations import create_organization


@dataclass
class Accreditation:
    scheme: AccreditationScheme
    standard: AccreditationStandard  # required, signed off by the agency
    optional: AccreditationStandard
    establishment: Establishment


def make_business(coalition: Coalition, name: str) -> Organization:
    business = create_organization(
        None, name=name, kind=OrganizationKind.BUSINESS, address="400 Water Street"
    )
    if not any(m.coalition_id == coalition.id for m in business.coalition_memberships):
        add_organization(None, coalition, business)
    db.session.flush()
    return business


def build_accreditation(
    coalition: Coalition,
    agency: Organization,
    business: Organization,
    *,
    manager: Person | None = None,
    case: Case | None = None,
    validity_days: int = 365,
) -> Accreditation:
    scheme = service.save_scheme(
        None,  # the system
        coalition,
        None,
        name="Best Bar None",
        renewal_window_days=30,
        case=case,
    )
    db.session.flush()
    standard = service.add_standard(
        None,
        scheme,
        theme="Premises",
        title="Fire code and occupancy",
        agency=agency,
        evidence="Inspection report",
        validity_days=validity_days,
        required=True,
    )
    optional = service.add_standard(
        None,
        scheme,
        theme="Staff training",
        title="Bystander intervention",
        agency=agency,
        evidence="Attendance sheet",
        validity_days=validity_days,
        required=False,
    )
    establishment = service.enrol(None, scheme, business, manager=manager)
    db.session.commit()
    return Accreditation(scheme, standard, optional, establishment)


def grow_accreditation(
    coalition: Coalition, agency: Organization, scale: int
) -> Accreditation:
    """A scheme with ``scale`` establishments, each with a history on both
    standards and a manager (for the query-count tests)."""
    from caseboard.services.people import create_person

    first = None
    for n in range(scale):
        business = make_business(coalition, f"Bar {scale}-{n}")
        manager = create_person(
            None, full_name=f"Manager {scale}-{n}", organization=business, title="GM"
        )
        if first is None:
            first = build_accreditation(coalition, agency, business, manager=manager)
            continue
        service.enrol(None, first.scheme, business, manager=manager)
    assert first is not None
    for venue in first.scheme.establishments:
        service.record_progress(None, venue, first.optional, note="Booked")
        service.sign_off(None, venue, first.standard, note="Inspected")
    db.session.commit()
    return first
