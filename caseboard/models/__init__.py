"""Every model, imported here so Alembic and the app see the whole schema."""

from caseboard.models.api_tokens import ApiToken, TokenScope
from caseboard.models.audit import AuditEvent
from caseboard.models.base import Base
from caseboard.models.cases import (
    Case,
    CaseAccess,
    CasePlace,
    CaseResponse,
    CaseRole,
    CaseStage,
    CaseStatus,
    CaseVisibility,
    ProblemType,
    ResponseStatus,
    RoleKind,
    StageChange,
)
from caseboard.models.choices import Priority
from caseboard.models.coalitions import (
    CaseShare,
    Coalition,
    CoalitionMembership,
    CoalitionPerson,
    CoalitionStatus,
)
from caseboard.models.contacts import (
    Interaction,
    InteractionKind,
    InteractionParticipant,
)
from caseboard.models.measures import (
    Area,
    AssessmentWindow,
    Direction,
    Measure,
    MeasureKind,
    MeasurePoint,
    Period,
    ResponseStart,
)
from caseboard.models.meetings import (
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    AttendanceStatus,
    Decision,
    Invitation,
    Meeting,
    Repeat,
)
from caseboard.models.metrics import DataVersion, NetworkSnapshot, SnapshotStatus
from caseboard.models.network_ties import TieMonth, TieShare
from caseboard.models.notes import Note, NoteOrganization, NoteSubject
from caseboard.models.organizations import (
    Organization,
    OrganizationKind,
    OrganizationService,
)
from caseboard.models.people import Membership, Person
from caseboard.models.submissions import RecordRead, Submission
from caseboard.models.tasks import Comment, Task, TaskStatus
from caseboard.models.ties import PersonTie, TieKind
from caseboard.models.timeline import CaseEvent, EventKind
from caseboard.models.users import SiteRole, User

__all__ = [
    "AgendaItem",
    "AgendaItemStatus",
    "ApiToken",
    "Area",
    "AssessmentWindow",
    "Attendance",
    "AttendanceStatus",
    "AuditEvent",
    "Base",
    "Case",
    "CaseAccess",
    "CaseEvent",
    "CasePlace",
    "CaseResponse",
    "CaseRole",
    "CaseShare",
    "CaseStage",
    "CaseStatus",
    "CaseVisibility",
    "Coalition",
    "CoalitionMembership",
    "CoalitionPerson",
    "CoalitionStatus",
    "Comment",
    "DataVersion",
    "Decision",
    "Direction",
    "EventKind",
    "Interaction",
    "InteractionKind",
    "InteractionParticipant",
    "Invitation",
    "Measure",
    "MeasureKind",
    "MeasurePoint",
    "Meeting",
    "Membership",
    "NetworkSnapshot",
    "Note",
    "NoteOrganization",
    "NoteSubject",
    "Organization",
    "OrganizationKind",
    "OrganizationService",
    "Period",
    "Person",
    "PersonTie",
    "Priority",
    "ProblemType",
    "RecordRead",
    "Repeat",
    "ResponseStart",
    "ResponseStatus",
    "RoleKind",
    "SiteRole",
    "SnapshotStatus",
    "StageChange",
    "Submission",
    "Task",
    "TaskStatus",
    "TieKind",
    "TieMonth",
    "TieShare",
    "TokenScope",
    "User",
]
