"""Reads for the accreditation pages: a coalition's scheme, every
establishment's status and gaps (filtered, or as CSV), and the choices of
the scheme editor's forms. A page reads its scheme once and its
establishments with their steps in one more query, however many there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseboard.extensions import db
from caseboard.inputs import parse_id
from caseboard.models import (
    AccreditationScheme,
    AccreditationStandard,
    AccreditationStep,
    Case,
    Coalition,
    CoalitionMembership,
    Establishment,
    Membership,
    Organization,
    OrganizationKind,
    Person,
    User,
)
from caseboard.models.accreditation import (
    Decal,
    EstablishmentStatus,
    establishment_status,
)
from caseboard.permissions import visible_cases
from caseboard.permissions_coalitions import active_member_clause
from caseboard.spreadsheets import write_csv


def scheme_of(coalition: Coalition) -> AccreditationScheme | None:
    """The coalition's scheme with its standards and their agencies."""
    return db.session.scalars(
        select(AccreditationScheme)
        .where(AccreditationScheme.coalition_id == coalition.id)
        .options(
            selectinload(AccreditationScheme.standards).joinedload(
                AccreditationStandard.agency
            ),
            selectinload(AccreditationScheme.case),
        )
    ).first()


def _step_options():
    return selectinload(Establishment.steps).options(
        selectinload(AccreditationStep.by).selectinload(User.person),
        selectinload(AccreditationStep.agency),
    )


def establishment_options() -> tuple:
    """Eager loads for one establishment's page."""
    return (
        selectinload(Establishment.scheme)
        .selectinload(AccreditationScheme.standards)
        .joinedload(AccreditationStandard.agency),
        selectinload(Establishment.scheme).selectinload(AccreditationScheme.coalition),
        selectinload(Establishment.organization),
        selectinload(Establishment.manager),
        _step_options(),
    )


def statuses(scheme: AccreditationScheme, on: date) -> list[EstablishmentStatus]:
    """Every establishment of the scheme with its standing on ``on``."""
    establishments = db.session.scalars(
        select(Establishment)
        .where(Establishment.scheme_id == scheme.id)
        .join(Establishment.organization)
        .order_by(Organization.name)
        .options(
            selectinload(Establishment.organization),
            selectinload(Establishment.manager),
            _step_options(),
        )
    )
    return [establishment_status(e, on) for e in establishments]


@dataclass
class Filters:
    """The list's filters, read from the query string; an unknown value is
    no filter (it never fails)."""

    status: str = ""
    theme: str = ""
    agency_id: int | None = None

    @classmethod
    def read(cls, args) -> Filters:
        status = args.get("status", "")
        return cls(
            status=status if status in {d.value for d in Decal} else "",
            theme=args.get("theme", "")[:100],
            agency_id=parse_id(args.get("agency")),
        )

    def keeps(self, status: EstablishmentStatus) -> bool:
        if self.status and status.decal.value != self.status:
            return False
        missing = [row.standard for row in status.missing]
        if self.theme and not any(s.theme == self.theme for s in missing):
            return False
        return not self.agency_id or any(s.agency_id == self.agency_id for s in missing)


def filtered(rows: list[EstablishmentStatus], filters: Filters):
    return [row for row in rows if filters.keeps(row)]


def counts(rows: list[EstablishmentStatus]) -> dict[Decal, int]:
    found = dict.fromkeys(Decal, 0)
    for row in rows:
        found[row.decal] += 1
    return found


CSV_HEADER = [
    "Establishment",
    "Place",
    "Manager",
    "Status",
    "Missing",
    "Missing agencies",
    "Expires next",
    "Expires on",
]


def as_csv(rows: list[EstablishmentStatus]) -> str:
    """The list as CSV, through ``write_csv`` (a name that could start a
    spreadsheet formula is quoted)."""
    return write_csv(CSV_HEADER, (_csv_row(row) for row in rows))


def _csv_row(row: EstablishmentStatus) -> list[str]:
    venue = row.establishment
    missing = [r.standard for r in row.missing]
    following = row.expires_next
    expiry = following.expires_on if following else None
    return [
        venue.organization.name,
        venue.place,
        venue.manager.full_name if venue.manager else "",
        row.decal.label,
        "; ".join(s.title for s in missing),
        "; ".join(sorted({s.agency.name for s in missing})),
        following.standard.title if following else "",
        expiry.isoformat() if expiry else "",
    ]


# Choices of the editor's forms --------------------------------------------------


def _members(coalition: Coalition):
    return (
        select(Organization)
        .join(CoalitionMembership)
        .where(active_member_clause(coalition.id))
        .order_by(Organization.name)
    )


def agency_choices(coalition: Coalition) -> list[tuple[int, str]]:
    members = _members(coalition).where(Organization.kind != OrganizationKind.BUSINESS)
    return [(o.id, o.name) for o in db.session.scalars(members)]


def business_choices(
    coalition: Coalition, scheme: AccreditationScheme
) -> list[tuple[int, str]]:
    enrolled = {e.organization_id for e in scheme.establishments}
    businesses = _members(coalition).where(
        Organization.kind == OrganizationKind.BUSINESS
    )
    return [
        (o.id, o.name) for o in db.session.scalars(businesses) if o.id not in enrolled
    ]


def manager_choices(coalition: Coalition) -> list[tuple[int, str]]:
    """People working at a business of the coalition, with their business."""
    rows = db.session.execute(
        select(Person.id, Person.full_name, Organization.name)
        .join(Membership, Membership.person_id == Person.id)
        .join(Organization, Organization.id == Membership.organization_id)
        .join(
            CoalitionMembership, CoalitionMembership.organization_id == Organization.id
        )
        .where(
            Membership.current_clause(),
            Organization.kind == OrganizationKind.BUSINESS,
            active_member_clause(coalition.id),
        )
        .order_by(Organization.name, Person.full_name)
    )
    return [(pid, f"{name} — {org}") for pid, name, org in rows]


def case_choices(viewer: User, coalition: Coalition) -> list[tuple[int, str]]:
    cases = visible_cases(viewer).where(Case.coalition_id == coalition.id)
    return [(c.id, c.title) for c in db.session.scalars(cases.order_by(Case.title))]


def person_by_id(person_id: int | None) -> Person | None:
    return db.session.get(Person, person_id) if person_id else None


def organization_by_id(organization_id: int | None) -> Organization | None:
    return db.session.get(Organization, organization_id) if organization_id else None


def case_by_id(case_id: int | None) -> Case | None:
    return db.session.get(Case, case_id) if case_id else None


# The assessment's process evaluation ---------------------------------------------


@dataclass
class Progress:
    """How far a case's accreditation scheme has got: establishments
    accredited of enrolled, and required sign-offs current of needed."""

    scheme: str
    enrolled: int
    accredited: int
    signed_off: int
    required: int

    def as_json(self) -> dict[str, object]:
        return {
            "scheme": self.scheme,
            "establishments_enrolled": self.enrolled,
            "establishments_accredited": self.accredited,
            "required_sign_offs_current": self.signed_off,
            "required_sign_offs": self.required,
        }


def progress_of_case(case_id: int, on: date) -> Progress | None:
    """The progress of the scheme tracked on this case (None: no scheme)."""
    scheme = db.session.scalars(
        select(AccreditationScheme)
        .where(AccreditationScheme.case_id == case_id)
        .options(selectinload(AccreditationScheme.standards))
    ).first()
    if scheme is None:
        return None
    rows = statuses(scheme, on)
    return Progress(
        scheme=scheme.name,
        enrolled=len(rows),
        accredited=sum(r.decal is Decal.ACCREDITED for r in rows),
        signed_off=sum(len(r.required) - len(r.missing) for r in rows),
        required=sum(len(r.required) for r in rows),
    )
