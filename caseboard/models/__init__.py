"""Every model, imported here so Alembic and the app see the whole schema."""

from caseboard.models.accreditation import (
    AccreditationScheme,
    AccreditationStandard,
    AccreditationStep,
    Establishment,
    RenewalTask,
    StepStatus,
)
from caseboard.models.api_tokens import ApiToken, TokenScope
from caseboard.models.asks import ACTING, Ask, AskPrompt, AskStage, AskStageChange
from caseboard.models.audit import AuditEvent
from caseboard.models.base import Base
from caseboard.models.calendar import CalendarFeed
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
from caseboard.models.mail import DigestClaim, Email, EmailStatus
from caseboard.models.maps import CaseArea
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
from caseboard.models.metrics import (
    DataVersion,
    NetworkSnapshot,
    PersonMetric,
    SnapshotStatus,
)
from caseboard.models.network_ties import TieMonth, TieShare
from caseboard.models.notes import Note, NoteOrganization, NoteSubject
from caseboard.models.notifications import Notification, NotificationSettings
from caseboard.models.organizations import (
    Organization,
    OrganizationKind,
    OrganizationService,
)
from caseboard.models.people import Membership, Person
from caseboard.models.rounds import Round, RoundStop, RoundVisit, StopKind
from caseboard.models.submissions import RecordRead, Submission
from caseboard.models.tasks import Comment, Task, TaskStatus
from caseboard.models.ties import PersonTie, TieKind
from caseboard.models.timeline import CaseEvent, EventKind
from caseboard.models.users import SiteRole, User

__all__ = [
    "ACTING",
    "AccreditationScheme",
    "AccreditationStandard",
    "AccreditationStep",
    "AgendaItem",
    "AgendaItemStatus",
    "ApiToken",
    "Area",
    "Ask",
    "AskPrompt",
    "AskStage",
    "AskStageChange",
    "AssessmentWindow",
    "Attendance",
    "AttendanceStatus",
    "AuditEvent",
    "Base",
    "CalendarFeed",
    "Case",
    "CaseAccess",
    "CaseArea",
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
    "DigestClaim",
    "Direction",
    "Email",
    "EmailStatus",
    "Establishment",
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
    "Notification",
    "NotificationSettings",
    "Organization",
    "OrganizationKind",
    "OrganizationService",
    "Period",
    "Person",
    "PersonMetric",
    "PersonTie",
    "Priority",
    "ProblemType",
    "RecordRead",
    "RenewalTask",
    "Repeat",
    "ResponseStart",
    "ResponseStatus",
    "RoleKind",
    "Round",
    "RoundStop",
    "RoundVisit",
    "SiteRole",
    "SnapshotStatus",
    "StageChange",
    "StepStatus",
    "StopKind",
    "Submission",
    "Task",
    "TaskStatus",
    "TieKind",
    "TieMonth",
    "TieShare",
    "TokenScope",
    "User",
]
