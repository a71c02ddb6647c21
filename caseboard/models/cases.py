"""Cases: problems the coalition works on together, through the SARA cycle."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    or_,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.clock import today
from caseboard.models.base import (
    Base,
    EnumString,
    Lifetime,
    Timestamped,
    Versioned,
    created_at,
    parts,
    party_name,
    utcnow,
    via,
)
from caseboard.models.choices import LabelledEnum, Priority
from caseboard.models.columns import belongs_to, intpk, name_str, refers_to

if TYPE_CHECKING:
    from caseboard.models.coalitions import CaseShare, Coalition
    from caseboard.models.organizations import Organization
    from caseboard.models.people import Person
    from caseboard.models.tasks import Task
    from caseboard.models.users import User


class CaseStage(LabelledEnum):
    """The SARA cycle, in order. A case may move forward or back one stage."""

    SCANNING = "scanning"
    ANALYSIS = "analysis"
    RESPONSE = "response"
    ASSESSMENT = "assessment"

    @property
    def next(self) -> CaseStage | None:
        stages = list(CaseStage)
        return stages[self.position + 1] if self.position + 1 < len(stages) else None

    @property
    def previous(self) -> CaseStage | None:
        return list(CaseStage)[self.position - 1] if self.position else None


class CaseStatus(LabelledEnum):
    OPEN = "open"
    ON_HOLD = "on_hold"
    CLOSED = "closed"


class CaseVisibility(LabelledEnum):
    """Who may see a case (besides administrators and its coordinator)."""

    COALITION = "coalition", "Everyone in the coalition"
    PARTICIPANTS = "participants", "Only organizations with a role on the case"
    RESTRICTED = "restricted", "Only the organizations named below"


class CaseAccess(Base):
    """An organization whose users may see a case restricted to named
    organizations (``CaseVisibility.RESTRICTED``)."""

    __tablename__ = "case_access"

    case_id: Mapped[int] = belongs_to("cases", primary_key=True)
    organization_id: Mapped[int] = belongs_to(
        "organizations", primary_key=True, index=True
    )


class RoleKind(LabelledEnum):
    LEAD = "lead"
    PARTNER = "partner"
    PLACE_MANAGER = "place_manager"
    GUARDIAN = "guardian"
    HANDLER = "handler"
    SERVICE_PROVIDER = "service_provider"
    EXPERT = "expert", "Subject-matter expert"
    OBSERVER = "observer"


class ResponseStatus(LabelledEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ABANDONED = "abandoned"


class ProblemType(Base):
    """A kind of problem; administrators add their own to the defaults."""

    __tablename__ = "problem_types"

    id: Mapped[intpk]
    name: Mapped[name_str] = mapped_column(unique=True)
    position: Mapped[int] = mapped_column(default=100)


class Case(Versioned, Timestamped, Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status_stage", "status", "stage"),
        # The case list's default order: its page walks this newest first and
        # stops at the page size instead of sorting every visible case.
        Index("ix_cases_updated", "updated_at", "id"),
        CheckConstraint(
            "closed_on IS NULL OR closed_on >= opened_on", name="closes_after_opening"
        ),
    )

    id: Mapped[intpk]
    title: Mapped[name_str]
    coalition_id: Mapped[int] = mapped_column(
        ForeignKey("coalitions.id", ondelete="RESTRICT"), index=True
    )
    problem_type_id: Mapped[int] = mapped_column(
        ForeignKey("problem_types.id", ondelete="RESTRICT"), index=True
    )
    problem_statement: Mapped[str] = mapped_column(Text, default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[CaseStage] = mapped_column(
        EnumString(CaseStage, 20), default=CaseStage.SCANNING
    )
    status: Mapped[CaseStatus] = mapped_column(
        EnumString(CaseStatus, 20), default=CaseStatus.OPEN
    )
    priority: Mapped[Priority] = mapped_column(
        EnumString(Priority, 20), default=Priority.NORMAL
    )
    visibility: Mapped[CaseVisibility] = mapped_column(
        EnumString(CaseVisibility, 20), default=CaseVisibility.COALITION
    )
    opened_on: Mapped[date] = mapped_column(default=today)
    closed_on: Mapped[date | None]
    # When the analyst means to look at the assessment again (reminded).
    assessment_due_on: Mapped[date | None] = mapped_column(index=True)
    coordinator_id: Mapped[int | None] = refers_to("users", index=True)
    # The problem analysis triangle: each side and who controls it.
    offender: Mapped[str] = mapped_column(Text, default="")
    victim: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(Text, default="")
    handler: Mapped[str] = mapped_column(Text, default="")
    handler_person_id: Mapped[int | None] = refers_to("people")
    handler_organization_id: Mapped[int | None] = refers_to("organizations")
    guardian: Mapped[str] = mapped_column(Text, default="")
    guardian_person_id: Mapped[int | None] = refers_to("people")
    guardian_organization_id: Mapped[int | None] = refers_to("organizations")
    manager: Mapped[str] = mapped_column(Text, default="")
    manager_person_id: Mapped[int | None] = refers_to("people")
    manager_organization_id: Mapped[int | None] = refers_to("organizations")
    # Answers to the SARA prompts (caseboard.sara), keyed by prompt.
    sara_answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    problem_type: Mapped[ProblemType] = relationship()
    coalition: Mapped[Coalition] = relationship()
    shares: Mapped[list[CaseShare]] = relationship(back_populates="case", cascade="all")
    coordinator: Mapped[User | None] = relationship()
    handler_person: Mapped[Person | None] = via(handler_person_id)
    handler_organization: Mapped[Organization | None] = via(handler_organization_id)
    guardian_person: Mapped[Person | None] = via(guardian_person_id)
    guardian_organization: Mapped[Organization | None] = via(guardian_organization_id)
    manager_person: Mapped[Person | None] = via(manager_person_id)
    manager_organization: Mapped[Organization | None] = via(manager_organization_id)
    places: Mapped[list[CasePlace]] = parts("case", "CasePlace.id")
    roles: Mapped[list[CaseRole]] = parts("case", "CaseRole.id")
    stage_changes: Mapped[list[StageChange]] = parts("case", "StageChange.moved_at")
    responses: Mapped[list[CaseResponse]] = parts("case", "CaseResponse.id")
    tasks: Mapped[list[Task]] = parts("case")
    # For RESTRICTED visibility: who may see it. Kept when visibility changes,
    # so switching back to "restricted" restores the same list.
    access: Mapped[list[CaseAccess]] = parts()

    @property
    def access_organization_ids(self) -> list[int]:
        return sorted(access.organization_id for access in self.access)

    @access_organization_ids.setter
    def access_organization_ids(self, organization_ids: list[int]) -> None:
        wanted = set(organization_ids)
        self.access = [a for a in self.access if a.organization_id in wanted]
        kept = {a.organization_id for a in self.access}
        self.access.extend(
            CaseAccess(organization_id=oid) for oid in sorted(wanted - kept)
        )

    @property
    def active_roles(self) -> list[CaseRole]:
        return [role for role in self.roles if role.is_active]

    @property
    def lead_role(self) -> CaseRole | None:
        return next((r for r in self.active_roles if r.role == RoleKind.LEAD), None)

    @property
    def lead_organization(self) -> Organization | None:
        role = self.lead_role
        return role.organization if role else None

    def __repr__(self) -> str:
        return f"<Case {self.id} {self.title}>"


class CasePlace(Base):
    __tablename__ = "case_places"

    id: Mapped[intpk]
    case_id: Mapped[int] = belongs_to("cases", index=True)
    name: Mapped[name_str]
    address: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    beat: Mapped[str] = mapped_column(String(100), default="")

    case: Mapped[Case] = relationship(back_populates="places")


class CaseRole(Lifetime, Base):
    """An organization's or a person's part in a case, over a period.

    Ended, never deleted (``Lifetime``). At most one active lead organization
    per case (a partial unique index holds the rule even against concurrent
    writers).
    """

    __tablename__ = "case_roles"
    __table_args__ = (
        CheckConstraint(
            "organization_id IS NOT NULL OR person_id IS NOT NULL",
            name="has_holder",
        ),
        Index(
            "uq_case_roles_one_active_lead",
            "case_id",
            unique=True,
            sqlite_where=text("role = 'lead' AND ended_on IS NULL"),
            postgresql_where=text("role = 'lead' AND ended_on IS NULL"),
        ),
    )

    id: Mapped[intpk]
    case_id: Mapped[int] = belongs_to("cases", index=True)
    role: Mapped[RoleKind] = mapped_column(EnumString(RoleKind, 30))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True
    )
    started_on: Mapped[date] = mapped_column(default=today)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[created_at]

    case: Mapped[Case] = relationship(back_populates="roles")
    organization: Mapped[Organization | None] = relationship()
    person: Mapped[Person | None] = relationship()

    @property
    def is_active(self) -> bool:
        """The name the pages and queries use for ``is_current``."""
        return bool(self.is_current)

    @classmethod
    def active_clause(cls) -> ColumnElement[bool]:
        return cls.current_clause()

    @property
    def holder_name(self) -> str:
        return party_name(self.person, self.organization)


class StageChange(Base):
    """One move along the SARA cycle: who, when and why."""

    __tablename__ = "stage_changes"

    id: Mapped[intpk]
    case_id: Mapped[int] = belongs_to("cases", index=True)
    from_stage: Mapped[CaseStage | None] = mapped_column(EnumString(CaseStage, 20))
    to_stage: Mapped[CaseStage] = mapped_column(EnumString(CaseStage, 20))
    reason: Mapped[str] = mapped_column(String(500), default="")
    moved_by_id: Mapped[int | None] = refers_to("users")
    moved_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="stage_changes")
    moved_by: Mapped[User | None] = relationship()

    @property
    def is_backward(self) -> bool:
        if self.from_stage is None:
            return False
        return CaseStage(self.to_stage).position < CaseStage(self.from_stage).position


class CaseResponse(Base):
    """A response planned or tried, with the partner that carries it."""

    __tablename__ = "case_responses"

    id: Mapped[intpk]
    case_id: Mapped[int] = belongs_to("cases", index=True)
    description: Mapped[str] = mapped_column(String(500))
    partner_organization_id: Mapped[int | None] = refers_to("organizations")
    status: Mapped[ResponseStatus] = mapped_column(
        EnumString(ResponseStatus, 20), default=ResponseStatus.PLANNED
    )
    created_at: Mapped[created_at]

    case: Mapped[Case] = relationship(back_populates="responses")
    partner_organization: Mapped[Organization | None] = relationship()


def open_case_clause() -> ColumnElement[bool]:
    return or_(Case.status == CaseStatus.OPEN, Case.status == CaseStatus.ON_HOLD)
