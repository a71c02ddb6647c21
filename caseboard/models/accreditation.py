"""Accreditation: a coalition's voluntary scheme for licensed premises (the
Arlington Restaurant Initiative's "Best Bar None").

A scheme holds standards grouped by theme, each signed off by one agency
(an organization) and lasting ``validity_days``. A business enrols as an
**establishment**; each establishment × standard has a history of steps
(in progress, signed off). Whether a sign-off is current, expiring or
lapsed is derived from its dates on the day asked (``standing``), never
stored, so it cannot go stale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import (
    Base,
    EnumString,
    Versioned,
    created_at,
    parts,
    updated_at,
)
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, intpk, name_str, refers_to

if TYPE_CHECKING:
    from caseboard.models.cases import Case
    from caseboard.models.coalitions import Coalition
    from caseboard.models.organizations import Organization
    from caseboard.models.people import Person
    from caseboard.models.tasks import Task
    from caseboard.models.users import User

DEFAULT_RENEWAL_WINDOW_DAYS = 60


class AccreditationScheme(Versioned, Base):
    """One coalition's scheme. ``case`` is the case its work is tracked on:
    renewal tasks and the "accredited venues" measure go there."""

    __tablename__ = "accreditation_schemes"
    __table_args__ = (
        CheckConstraint("renewal_window_days >= 0", name="window_not_negative"),
    )

    id: Mapped[intpk]
    coalition_id: Mapped[int] = belongs_to("coalitions", unique=True)
    name: Mapped[name_str]
    description: Mapped[str] = mapped_column(Text, default="")
    renewal_window_days: Mapped[int] = mapped_column(
        default=DEFAULT_RENEWAL_WINDOW_DAYS
    )
    case_id: Mapped[int | None] = refers_to("cases")
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    coalition: Mapped[Coalition] = relationship()
    case: Mapped[Case | None] = relationship()
    standards: Mapped[list[AccreditationStandard]] = parts(
        "scheme", "(AccreditationStandard.position, AccreditationStandard.id)"
    )
    establishments: Mapped[list[Establishment]] = parts("scheme", "Establishment.id")

    @property
    def themes(self) -> dict[str, list[AccreditationStandard]]:
        """The standards by theme, themes in the order they first appear."""
        grouped: dict[str, list[AccreditationStandard]] = {}
        for standard in self.standards:
            grouped.setdefault(standard.theme, []).append(standard)
        return grouped


class AccreditationStandard(Versioned, Base):
    __tablename__ = "accreditation_standards"
    __table_args__ = (
        UniqueConstraint("scheme_id", "title", name="uq_accreditation_standards_title"),
        CheckConstraint("validity_days > 0", name="validity_positive"),
    )

    id: Mapped[intpk]
    scheme_id: Mapped[int] = belongs_to("accreditation_schemes", index=True)
    theme: Mapped[str] = mapped_column(String(100))
    title: Mapped[name_str]
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    evidence: Mapped[str] = mapped_column(Text, default="")
    validity_days: Mapped[int] = mapped_column(default=365)
    required: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    scheme: Mapped[AccreditationScheme] = relationship(back_populates="standards")
    agency: Mapped[Organization] = relationship()

    @property
    def name(self) -> str:
        return self.title


class Establishment(Versioned, Base):
    """A business enrolled in a scheme, at its place, with the manager who
    answers for it (renewal tasks go to them)."""

    __tablename__ = "accreditation_establishments"
    __table_args__ = (
        UniqueConstraint(
            "scheme_id", "organization_id", name="uq_accreditation_establishments_org"
        ),
    )

    id: Mapped[intpk]
    scheme_id: Mapped[int] = belongs_to("accreditation_schemes", index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    place: Mapped[str] = mapped_column(String(300), default="")
    manager_id: Mapped[int | None] = refers_to("people")
    enrolled_on: Mapped[date]
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    scheme: Mapped[AccreditationScheme] = relationship(back_populates="establishments")
    organization: Mapped[Organization] = relationship()
    manager: Mapped[Person | None] = relationship()
    steps: Mapped[list[AccreditationStep]] = parts(
        "establishment", "(AccreditationStep.on, AccreditationStep.id)"
    )

    @property
    def name(self) -> str:
        return self.organization.name


class StepStatus(LabelledEnum):
    IN_PROGRESS = "in_progress"
    SIGNED_OFF = "signed_off"


class AccreditationStep(Base):
    """One dated step of an establishment on a standard. A sign-off names
    who signed, for which agency, the evidence seen and the day it stops
    counting (``expires_on``: the sign-off's day plus the standard's
    validity then)."""

    __tablename__ = "accreditation_steps"
    __table_args__ = (
        Index("ix_accreditation_steps_pair", "establishment_id", "standard_id"),
    )

    id: Mapped[intpk]
    establishment_id: Mapped[int] = belongs_to("accreditation_establishments")
    standard_id: Mapped[int] = belongs_to("accreditation_standards", index=True)
    status: Mapped[StepStatus] = mapped_column(EnumString(StepStatus, 20))
    on: Mapped[date]
    by_id: Mapped[int | None] = refers_to("users")
    agency_id: Mapped[int | None] = refers_to("organizations")
    note: Mapped[str] = mapped_column(Text, default="")
    expires_on: Mapped[date | None]
    created_at: Mapped[created_at]

    establishment: Mapped[Establishment] = relationship(back_populates="steps")
    standard: Mapped[AccreditationStandard] = relationship()
    by: Mapped[User | None] = relationship()
    agency: Mapped[Organization | None] = relationship()


class RenewalTask(Base):
    """A task made for a sign-off coming up for renewal, one per sign-off
    and recipient ("agency" or "manager"): the unique pair is what keeps a
    rerun of the renewals from making the task twice."""

    __tablename__ = "accreditation_renewal_tasks"
    __table_args__ = (
        UniqueConstraint("step_id", "recipient", name="uq_accreditation_renewal"),
    )

    id: Mapped[intpk]
    step_id: Mapped[int] = belongs_to("accreditation_steps")
    recipient: Mapped[str] = mapped_column(String(20))
    task_id: Mapped[int | None] = refers_to("tasks")
    created_at: Mapped[created_at]

    task: Mapped[Task | None] = relationship()


# Derived standing ---------------------------------------------------------------


class Standing(LabelledEnum):
    """Where an establishment stands on one standard, on a given day."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SIGNED_OFF = "signed_off"
    EXPIRING = "expiring"
    LAPSED = "lapsed"

    @property
    def is_current(self) -> bool:
        return self in (Standing.SIGNED_OFF, Standing.EXPIRING)


def last_sign_off(history: Sequence[AccreditationStep]) -> AccreditationStep | None:
    signed = [s for s in history if s.status == StepStatus.SIGNED_OFF]
    return signed[-1] if signed else None


def standing(
    history: Sequence[AccreditationStep], on: date, window_days: int
) -> Standing:
    """The standing on day ``on`` of one standard's steps (in date order).
    The last sign-off counts up to the day before its ``expires_on``, and is
    expiring once that day is within ``window_days``; work in progress on a
    renewal does not void it. Past it: lapsed, unless work has begun again
    since (in progress)."""
    signed = last_sign_off(history)
    if signed is not None and signed.expires_on and on < signed.expires_on:
        opens = signed.expires_on - timedelta(days=window_days)
        return Standing.EXPIRING if on >= opens else Standing.SIGNED_OFF
    if history and history[-1].status == StepStatus.IN_PROGRESS:
        return Standing.IN_PROGRESS
    return Standing.LAPSED if signed is not None else Standing.NOT_STARTED


class Decal(LabelledEnum):
    """An establishment's status as a whole."""

    ACCREDITED = "accredited"
    LAPSED = "lapsed"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"


@dataclass
class StandardRow:
    standard: AccreditationStandard
    standing: Standing
    history: list[AccreditationStep]

    @property
    def latest(self) -> AccreditationStep | None:
        return self.history[-1] if self.history else None

    @property
    def sign_off(self) -> AccreditationStep | None:
        """The last sign-off, current or not."""
        return last_sign_off(self.history)

    @property
    def expires_on(self) -> date | None:
        signed = self.sign_off
        return signed.expires_on if signed else None


@dataclass
class EstablishmentStatus:
    establishment: Establishment
    rows: list[StandardRow]

    @property
    def required(self) -> list[StandardRow]:
        return [r for r in self.rows if r.standard.required]

    @property
    def missing(self) -> list[StandardRow]:
        """Required standards not signed off and current."""
        return [r for r in self.required if not r.standing.is_current]

    @property
    def decal(self) -> Decal:
        if self.required and not self.missing:
            return Decal.ACCREDITED
        if any(r.standing is Standing.LAPSED for r in self.required):
            return Decal.LAPSED
        if any(r.latest is not None for r in self.rows):
            return Decal.IN_PROGRESS
        return Decal.NOT_STARTED

    @property
    def expires_next(self) -> StandardRow | None:
        current = [r for r in self.rows if r.standing.is_current]
        return min(current, key=_expiry, default=None)


def _expiry(row: StandardRow) -> date:
    return row.expires_on or date.max


def establishment_status(establishment: Establishment, on: date) -> EstablishmentStatus:
    """Every standard of the scheme with the establishment's standing on
    day ``on`` (its steps and the scheme's standards already loaded)."""
    scheme = establishment.scheme
    by_standard: dict[int, list[AccreditationStep]] = {}
    for step in establishment.steps:
        by_standard.setdefault(step.standard_id, []).append(step)
    rows = []
    for standard in scheme.standards:
        history = by_standard.get(standard.id, [])
        window = scheme.renewal_window_days
        rows.append(StandardRow(standard, standing(history, on, window), history))
    return EstablishmentStatus(establishment, rows)
