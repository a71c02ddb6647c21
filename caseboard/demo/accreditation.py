"""The demo's accreditation scheme (``data/accreditation.toml``): the Water
Street bars at different points — accredited, lapsed, in progress — each
sign-off made by a user of the signing agency when it has one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import (
    AccreditationStandard,
    Case,
    Coalition,
    Membership,
    Organization,
    OrganizationKind,
    Person,
    User,
)
from caseboard.services import accreditation as service
from caseboard.services.coalitions import add_organization
from caseboard.services.organizations import create_organization

from .records import DATA, DemoDataError, Traversable, build, read

EVERY_REQUIRED = "*"


@dataclass(frozen=True)
class SchemeSpec:
    coalition: str
    case: str
    name: str
    description: str = ""
    renewal_window_days: int = 60


@dataclass(frozen=True)
class StandardSpec:
    theme: str
    title: str
    agency: str
    evidence: str = ""
    validity_days: int = 365
    required: bool = True


@dataclass(frozen=True)
class EstablishmentSpec:
    name: str
    place: str = ""
    manager: str | None = None
    description: str | None = None  # a business the city file does not have
    signed: tuple[str, ...] = ()
    signed_days_ago: int = 0
    in_progress: tuple[str, ...] = ()


@dataclass(frozen=True)
class AccreditationSpec:
    scheme: SchemeSpec
    standards: tuple[StandardSpec, ...]
    establishments: tuple[EstablishmentSpec, ...]


def load_spec(root: Traversable = DATA) -> AccreditationSpec:
    name = "accreditation.toml"
    spec = build(AccreditationSpec, read(name, root), name)
    titles = {s.title for s in spec.standards} | {EVERY_REQUIRED}
    for venue in spec.establishments:
        unknown = set(venue.signed) | set(venue.in_progress)
        if unknown - titles:
            raise DemoDataError(
                f"{name}, “{venue.name}”: no standard {sorted(unknown - titles)}"
            )
    return spec


def _one(model, **where):
    found = db.session.scalars(select(model).filter_by(**where)).first()
    if found is None:
        raise DemoDataError(f"accreditation.toml: no {model.__name__} {where}")
    return found


def _business(coalition: Coalition, spec: EstablishmentSpec) -> Organization:
    found = db.session.scalars(
        select(Organization).where(Organization.name == spec.name)
    ).first()
    if found is None:
        found = create_organization(
            None,
            name=spec.name,
            kind=OrganizationKind.BUSINESS,
            description=spec.description or "",
        )
        add_organization(None, coalition, found)
    return found


def _signer(agency_id: int) -> User | None:
    """A user working for the agency, to sign as; None: the system."""
    return db.session.scalars(
        select(User)
        .join(Membership, Membership.person_id == User.person_id)
        .where(Membership.organization_id == agency_id, Membership.current_clause())
        .order_by(User.id)
    ).first()


def _steps(venue, spec: EstablishmentSpec, standards, today: date) -> None:
    by_title = {s.title: s for s in standards}
    signed: list[AccreditationStandard] = []
    for title in spec.signed:
        if title == EVERY_REQUIRED:
            signed += [s for s in standards if s.required]
        else:
            signed.append(by_title[title])
    day = today - timedelta(days=spec.signed_days_ago)
    for standard in signed:
        begun = day - timedelta(days=21)
        service.record_progress(None, venue, standard, note="Paperwork sent", on=begun)
        service.sign_off(
            _signer(standard.agency_id),
            venue,
            standard,
            note=f"Seen: {standard.evidence or 'the evidence'}.",
            on=day,
        )
    for title in spec.in_progress:
        service.record_progress(
            None,
            venue,
            by_title[title],
            note="Visit booked",
            on=today - timedelta(days=7),
        )


def load_accreditation(today: date) -> None:
    """Create the scheme, its standards and establishments. The caller
    commits."""
    spec = load_spec()
    coalition = _one(Coalition, name=spec.scheme.coalition)
    scheme = service.save_scheme(
        None,
        coalition,
        None,
        name=spec.scheme.name,
        description=spec.scheme.description,
        renewal_window_days=spec.scheme.renewal_window_days,
        case=_one(Case, title=spec.scheme.case),
    )
    db.session.flush()
    for s in spec.standards:
        service.add_standard(
            None,
            scheme,
            theme=s.theme,
            title=s.title,
            agency=_one(Organization, name=s.agency),
            evidence=s.evidence,
            validity_days=s.validity_days,
            required=s.required,
        )
    for venue_spec in spec.establishments:
        manager = (
            _one(Person, full_name=venue_spec.manager) if venue_spec.manager else None
        )
        venue = service.enrol(
            None,
            scheme,
            _business(coalition, venue_spec),
            place=venue_spec.place,
            manager=manager,
            enrolled_on=today
            - timedelta(days=max(venue_spec.signed_days_ago, 30) + 30),
        )
        _steps(venue, venue_spec, scheme.standards, today)
