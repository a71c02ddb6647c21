"""The periodic reminders: tasks due tomorrow and overdue, round stops gone
overdue, ties going cold, decisions to review and assessments due (these two
the day before and on the day, a key for each).

Run by ``caseboard notifications remind`` and on the worker's schedule. Each
reminder carries a ``once_key`` that a unique index keeps to one row per
user: running the check twice a day, or on two workers at once, tells nobody
twice. A task's key names the day (told daily); a stop's names the visit its
overdue period counts from, and a tie's the last contact before it cooled,
so each is told once per overdue period or cooling, and again only after a
visit or a contact started a new one. Accreditation's "sign-off expiring" is
one more ``REMINDERS`` entry at merge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    AgendaItem,
    Case,
    CaseRole,
    CaseStatus,
    Decision,
    Meeting,
    Notification,
    Person,
    RoleKind,
    Round,
    RoundStop,
    Task,
    TaskStatus,
    User,
)
from caseboard.network.ties import ties
from caseboard.permissions import can_view_case, is_on_case, visible_meetings
from caseboard.queries.rounds import last_visits
from caseboard.services.mail import mail_after_commit
from caseboard.services.notification_settings import channel
from caseboard.services.notifications import (
    task_owners,
    users_of_organization,
    users_of_people,
)
from caseboard.templating import format_date
from caseboard.unit_of_work import unit_of_work


@dataclass
class Reminder:
    kind: str
    user_id: int
    text: str
    once_key: str
    case_id: int | None = None
    task_id: int | None = None
    person_id: int | None = None
    stop_id: int | None = None
    meeting_id: int | None = None

    def row(self) -> Notification:
        return Notification(
            user_id=self.user_id,
            kind=self.kind,
            text=self.text[:500],
            once_key=self.once_key[:120],
            case_id=self.case_id,
            task_id=self.task_id,
            person_id=self.person_id,
            stop_id=self.stop_id,
            meeting_id=self.meeting_id,
        )


def _tasks_due(day: date) -> Iterator[Reminder]:
    tomorrow = day + timedelta(days=1)
    due = db.session.scalars(
        select(Task)
        .options(joinedload(Task.case))
        .where(Task.status != TaskStatus.DONE, Task.due_on.is_not(None))
        .where(Task.due_on <= tomorrow)
        .order_by(Task.id)
    )
    for task in due:
        assert task.due_on is not None  # the query asks for a due date
        if task.due_on == tomorrow:
            kind, line = "task_due", "is due tomorrow"
        elif task.due_on < day:
            kind, line = "task_overdue", f"was due {format_date(task.due_on)}"
        else:
            continue
        key = f"{kind}:task:{task.id}:{day.isoformat()}"
        for user_id in task_owners(task):
            text = f"Your task “{task.title}” {line}."
            yield Reminder(kind, user_id, text, key, task.case_id, task.id)


def round_keepers(round_: Round) -> set[int]:
    """The users a round is for: its officer, and its team's staff."""
    keepers = users_of_organization(round_.team_id)
    if round_.officer_id is not None and round_.officer and round_.officer.active:
        keepers.add(round_.officer_id)
    return keepers


def _stops_overdue(day: date) -> Iterator[Reminder]:
    stops = list(
        db.session.scalars(
            select(RoundStop)
            .options(joinedload(RoundStop.round), joinedload(RoundStop.person))
            .options(joinedload(RoundStop.organization))
            .order_by(RoundStop.id)
        )
    )
    last = last_visits([s.id for s in stops], day)
    for stop in stops:
        since = last.get(stop.id) or stop.added_on
        days = (day - since).days
        if days <= stop.max_days:
            continue
        seen = (
            f"last visited {format_date(since)}" if stop.id in last else "never visited"
        )
        text = (
            f"{stop.label} ({stop.place}) on your round “{stop.round.name}” is "
            f"overdue: {seen} {format_date(since)}, {days} days ago (at most "
            f"{stop.max_days})."
        )
        key = f"stop_overdue:stop:{stop.id}:{since.isoformat()}"
        for user_id in round_keepers(stop.round):
            yield Reminder("stop_overdue", user_id, text, key, stop_id=stop.id)


def _ties_going_cold(day: date) -> Iterator[Reminder]:
    """A user's own ties whose last contact is more than ``ACTIVE_DAYS`` old
    (and at most ``COOLING_DAYS``): the network pages' "cooling", no longer a
    working tie. Ties long cold are not news."""
    users = db.session.scalars(
        select(User).where(User.active, User.person_id.is_not(None)).order_by(User.id)
    )
    for user in users:
        assert user.person_id is not None  # the query asks for one
        cooling = {}
        for tie in ties(
            [user.person_id], as_of=day, touching=True, viewer=user
        ).values():
            if tie.last_contact is not None and tie.state(day) == "cooling":
                cooling[tie.other(user.person_id)] = tie.last_contact
        if not cooling:
            continue
        names = dict(
            db.session.execute(
                select(Person.id, Person.full_name).where(Person.id.in_(cooling))
            ).all()
        )
        for other, last_contact in sorted(cooling.items()):
            quiet = (day - last_contact).days
            case = shared_case(user, other)
            why = f"; the {case.title} case is in {case.stage.label}" if case else ""
            text = (
                f"You have not been in touch with {names[other]} for {quiet} days"
                f"{why} (last contact {format_date(last_contact)})."
            )
            key = f"tie_cold:person:{other}:{last_contact.isoformat()}"
            case_id = case.id if case else None
            yield Reminder("tie_cold", user.id, text, key, case_id, person_id=other)


def shared_case(user: User, other: int) -> Case | None:
    """An open case ``other`` is part of in person and ``user`` is on (or
    coordinates), that ``user`` may see now; the one changed last."""
    roles = select(CaseRole.case_id).where(
        CaseRole.person_id == other, CaseRole.active_clause()
    )
    cases = db.session.scalars(
        select(Case)
        .where(Case.status != CaseStatus.CLOSED)
        .where(
            or_(
                Case.id.in_(roles),
                Case.handler_person_id == other,
                Case.guardian_person_id == other,
                Case.manager_person_id == other,
            )
        )
        .order_by(Case.updated_at.desc(), Case.id)
    )
    for case in cases:
        on_it = case.coordinator_id == user.id or is_on_case(user, case)
        if on_it and can_view_case(user, case):
            return case
    return None


def _decisions_to_review(day: date) -> Iterator[Reminder]:
    """A decision's review date: told the day before and on the day, once
    each, to whoever may see the meeting (and its case) at sending."""
    tomorrow = day + timedelta(days=1)
    decisions = db.session.scalars(
        select(Decision)
        .options(joinedload(Decision.item).joinedload(AgendaItem.meeting))
        .where(Decision.review_on.in_([day, tomorrow]))
        .order_by(Decision.id)
    )
    for decision in decisions:
        item, when = (
            decision.item,
            "tomorrow" if decision.review_on == tomorrow else "today",
        )
        meeting, case = item.meeting, item.case or item.meeting.case
        text = (
            f"A decision of “{meeting.title}” is due for review {when} "
            f"({format_date(decision.review_on)}): {decision.text}"
        )
        key = f"decision_review:decision:{decision.id}:{decision.review_on}:{when}"
        for user_id in sorted(decision_reviewers(item)):
            if _may_see_meeting(user_id, meeting, case):
                yield Reminder(
                    "decision_review",
                    user_id,
                    text,
                    key,
                    case.id if case else None,
                    meeting_id=meeting.id,
                )


def decision_reviewers(item: AgendaItem) -> set[int]:
    """The meeting's coordinators (who scheduled it, the case's coordinator)
    and the owners of the item's action items."""
    meeting = item.meeting
    case = item.case or meeting.case
    users = {meeting.created_by_id}
    if case is not None:
        users.add(case.coordinator_id)
    for task in item.action_items:
        users |= task_owners(task)
    return {u for u in users if u is not None}


def _may_see_meeting(user_id: int, meeting: Meeting, case: Case | None) -> bool:
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return False
    if case is not None and not can_view_case(user, case):
        return False
    seen = visible_meetings(user).where(Meeting.id == meeting.id)
    return db.session.scalar(seen.with_only_columns(Meeting.id)) is not None


def _assessments_due(day: date) -> Iterator[Reminder]:
    """A case's next assessment: told the day before and on the day, once
    each, to its keepers who may see the case at sending."""
    tomorrow = day + timedelta(days=1)
    cases = db.session.scalars(
        select(Case)
        .where(Case.status != CaseStatus.CLOSED)
        .where(Case.assessment_due_on.in_([day, tomorrow]))
        .order_by(Case.id)
    )
    for case in cases:
        due = case.assessment_due_on
        when = "tomorrow" if due == tomorrow else "today"
        text = (
            f"The assessment of {case.title} is due {when} ({format_date(due)}): "
            f"is the response working?"
        )
        key = f"assessment_due:case:{case.id}:{due}:{when}"
        for user_id in sorted(assessment_keepers(case)):
            user = db.session.get(User, user_id)
            if user is not None and user.active and can_view_case(user, case):
                yield Reminder("assessment_due", user_id, text, key, case.id)


def assessment_keepers(case: Case) -> set[int]:
    """Who assesses a case: its coordinator, the lead organization's staff
    and whoever holds the lead role or is the case's expert in person."""
    keepers = set() if case.coordinator_id is None else {case.coordinator_id}
    lead = case.lead_role
    if lead is not None and lead.organization_id is not None:
        keepers |= users_of_organization(lead.organization_id)
    analysts = [
        role.person_id
        for role in case.active_roles
        if role.role in (RoleKind.LEAD, RoleKind.EXPERT)
    ]
    return keepers | users_of_people(analysts)


REMINDERS: tuple[Callable[[date], Iterator[Reminder]], ...] = (
    _tasks_due,
    _decisions_to_review,
    _assessments_due,
    _stops_overdue,
    _ties_going_cold,
)


def send_reminders(day: date | None = None) -> int:
    """Add the day's reminders not given yet; how many were added. Commits."""
    day = day or today()
    added: list[Notification] = []
    for reminders in REMINDERS:
        for reminder in reminders(day):
            kind, user_id = reminder.kind, reminder.user_id
            if channel(user_id, kind) == "off" or _given(user_id, reminder.once_key):
                continue
            row = reminder.row()
            try:
                with db.session.begin_nested():
                    db.session.add(row)
                added.append(row)
            except IntegrityError:  # another worker gave it a moment ago
                continue
    mail_after_commit([r for r in added if channel(r.user_id, r.kind) == "email"])
    unit_of_work().commit()
    return len(added)


def _given(user_id: int, key: str) -> bool:
    found = db.session.scalar(
        select(Notification.id).where(
            Notification.user_id == user_id, Notification.once_key == key
        )
    )
    return found is not None
