"""Meetings as a viewer may read them: lists, the agenda, suggestions for it,
and each organization's follow-through on action items."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from caseboard.clock import coalition_zone, today
from caseboard.extensions import db
from caseboard.models import (
    AgendaItem,
    Attendance,
    Case,
    CaseStatus,
    Invitation,
    Meeting,
    Membership,
    Organization,
    Person,
    Repeat,
    StageChange,
    Task,
    User,
)
from caseboard.models.base import utcnow
from caseboard.permissions import (
    can_view_case,
    visible_cases,
    visible_meetings,
    visible_tasks,
)
from caseboard.queries.paging import paginate
from caseboard.queries.scope import scope_ids, scoped_meetings
from caseboard.templating import format_date


def next_start(meeting: Meeting, zone: ZoneInfo | None = None) -> datetime | None:
    """When the next meeting of a repeating series starts (UTC).

    Worked out on the coalition's local calendar, so "the second Tuesday at
    10:00" stays that across daylight-saving changes and date lines.
    """
    zone = zone or coalition_zone()
    local = meeting.starts_at.astimezone(zone)
    if meeting.repeats == Repeat.WEEKLY:
        day = local.date() + timedelta(weeks=1)
    elif meeting.repeats == Repeat.MONTHLY:
        day = _same_weekday_next_month(local.date())
    else:
        return None
    return datetime.combine(day, local.time(), tzinfo=zone).astimezone(UTC)


def _same_weekday_next_month(day: date) -> date:
    """The same weekday of the same week of next month (the "second Tuesday"
    partners plan around); a "last" weekday stays the last."""
    week = (day.day - 1) // 7
    is_last = day.day + 7 > calendar.monthrange(day.year, day.month)[1]
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    days = calendar.monthrange(year, month)[1]
    candidates = [
        d for d in range(1, days + 1) if date(year, month, d).weekday() == day.weekday()
    ]
    chosen = candidates[-1] if is_last else candidates[min(week, len(candidates) - 1)]
    return date(year, month, chosen)


def following_meeting(meeting: Meeting) -> Meeting | None:
    return db.session.scalars(
        select(Meeting).where(Meeting.previous_meeting_id == meeting.id)
    ).first()


@dataclass
class AgendaEntry:
    item: AgendaItem
    actions: list[Task]


def agenda_for(viewer: User, meeting: Meeting) -> tuple[list[AgendaEntry], int]:
    """The agenda as the viewer may see it, and how many items are hidden.

    A coalition meeting may discuss a case that only its participants see;
    its item, decisions and action items stay hidden from everyone else, in
    the agenda, the run screen and every form of the minutes.
    """
    entries, hidden = [], 0
    for item in meeting.items:
        if item.case is not None and not can_view_case(viewer, item.case):
            hidden += 1
            continue
        actions = [t for t in item.action_items if can_view_case(viewer, t.case)]
        entries.append(AgendaEntry(item, actions))
    return entries, hidden


@dataclass
class Suggestion:
    key: str
    title: str
    reason: str
    case_id: int | None = None
    task_id: int | None = None


def suggest_agenda(viewer: User, meeting: Meeting) -> list[Suggestion]:
    """Cases with overdue tasks, cases that moved stage or opened since the last
    meeting, tasks due before the next one; within the meeting's case if any,
    and always within its coalition."""
    previous = meeting.previous_meeting
    since = previous.starts_at if previous else meeting.starts_at - timedelta(days=31)
    until = (next_start(meeting) or meeting.starts_at + timedelta(days=31)).date()
    cases = visible_cases(viewer).where(
        Case.status != CaseStatus.CLOSED, Case.coalition_id == meeting.coalition_id
    )
    if meeting.case_id:
        cases = cases.where(Case.id == meeting.case_id)
    case_ids = cases.with_only_columns(Case.id)
    already = {(i.case_id, i.task_id) for i in meeting.items}
    suggestions: list[Suggestion] = []

    overdue = db.session.execute(
        select(Case.id, Case.title, func.count(Task.id))
        .join(Task, Task.case_id == Case.id)
        .where(Case.id.in_(case_ids), Task.overdue_clause())
        .group_by(Case.id, Case.title)
        .order_by(func.count(Task.id).desc())
    )
    for case_id, title, count in overdue:
        suggestions.append(
            Suggestion(
                f"overdue-{case_id}",
                title,
                f"{count} overdue task{'s' if count > 1 else ''}",
                case_id=case_id,
            )
        )
    moved = db.session.execute(
        select(Case.id, Case.title, Case.stage)
        .join(StageChange, StageChange.case_id == Case.id)
        .where(
            Case.id.in_(case_ids),
            StageChange.moved_at > since,
            StageChange.from_stage.is_not(None),
        )
        .group_by(Case.id, Case.title, Case.stage)
    )
    for case_id, title, stage in moved:
        suggestions.append(
            Suggestion(
                f"stage-{case_id}",
                title,
                f"moved to {stage} since the last meeting",
                case_id=case_id,
            )
        )
    new_cases = db.session.execute(
        select(Case.id, Case.title).where(
            Case.id.in_(case_ids), Case.created_at > since
        )
    )
    for case_id, title in new_cases:
        suggestions.append(
            Suggestion(f"new-{case_id}", title, "new case", case_id=case_id)
        )
    due = db.session.execute(
        select(Task.id, Task.title, Task.case_id, Task.due_on)
        .where(Task.case_id.in_(case_ids), Task.unfinished_clause())
        .where(Task.due_on >= today(), Task.due_on <= until)
        .order_by(Task.due_on)
        .limit(30)
    )
    for task_id, title, case_id, due_on in due:
        suggestions.append(
            Suggestion(
                f"task-{task_id}",
                title,
                f"due {format_date(due_on)} before the next meeting",
                case_id=case_id,
                task_id=task_id,
            )
        )
    seen: set[tuple[int | None, int | None]] = set(already)
    unique = []
    for suggestion in suggestions:
        key = (suggestion.case_id, suggestion.task_id)
        if key not in seen:
            seen.add(key)
            unique.append(suggestion)
    return unique


def follow_through(
    viewer: User,
    organization_ids: list[int] | None = None,
    meetings: int = 6,
    coalition_ids: set[int] | None = None,
) -> dict[int, tuple[int, int]]:
    """Per organization: (action items done by their due date, action items
    due so far), over the action items of the last ``meetings`` meetings held
    that the viewer may see.

    An action item counts for its responsible organization, or else for the
    organization its assignee attended the meeting for. Only action items on
    cases the viewer may see are counted: even a count tells an outsider that
    a hidden case has work going on (issue 12, finding 6). ``coalition_ids``:
    only those coalitions' meetings (None: every one the viewer sees).
    """
    # visible_meetings checks each meeting's case by a correlated EXISTS, so
    # this walk by time stops after ``meetings`` of them instead of first
    # deciding every case's visibility (large bench database: ~50 → ~5 ms).
    held = visible_meetings(viewer)
    if coalition_ids is not None:
        held = held.where(Meeting.coalition_id.in_(coalition_ids))
    recent = (
        held.with_only_columns(Meeting.id)
        .where(Meeting.starts_at <= utcnow())
        .order_by(Meeting.starts_at.desc())
        .limit(meetings)
    )
    # The few meetings first; the visibility of each of their action items'
    # cases is then checked per row (visible_tasks joins the case) rather
    # than by listing every case the viewer may see.
    meeting_ids = list(db.session.scalars(recent))
    if not meeting_ids:
        return {}
    rows = db.session.execute(
        visible_tasks(viewer)
        .with_only_columns(Task, Attendance.organization_id)
        .join(AgendaItem, Task.agenda_item_id == AgendaItem.id)
        .outerjoin(
            Attendance,
            (Attendance.meeting_id == AgendaItem.meeting_id)
            & (Attendance.person_id == Task.assignee_id),
        )
        .where(AgendaItem.meeting_id.in_(meeting_ids))
    )
    totals: dict[int, list[int]] = {}
    now = today()
    for task, attended_for in rows:
        organization_id = task.organization_id or attended_for
        if organization_id is None:
            continue
        if organization_ids is not None and organization_id not in organization_ids:
            continue
        # Only what was due by now can have been done on time.
        if task.due_on is not None and task.due_on >= now and not task.is_done:
            continue
        counts = totals.setdefault(organization_id, [0, 0])
        counts[1] += 1
        counts[0] += task.done_on_time
    return {org: (done, total) for org, (done, total) in totals.items()}


def meeting_page_options() -> tuple[Any, ...]:
    return (
        joinedload(Meeting.case),
        selectinload(Meeting.invitations)
        .joinedload(Invitation.person)
        .selectinload(Person.memberships)
        .joinedload(Membership.organization),
        selectinload(Meeting.attendance).options(
            joinedload(Attendance.person), joinedload(Attendance.organization)
        ),
        selectinload(Meeting.items).options(
            joinedload(AgendaItem.case).selectinload(Case.roles),
            joinedload(AgendaItem.task),
            joinedload(AgendaItem.presenter),
            selectinload(AgendaItem.decisions),
            selectinload(AgendaItem.action_items).options(
                joinedload(Task.assignee),
                joinedload(Task.organization),
                joinedload(Task.case).selectinload(Case.roles),
            ),
        ),
    )


def follow_through_table(
    viewer: User, limit: int = 10
) -> list[tuple[int, str, int, int]]:
    """(organization id, name, done on time, total), weakest first, over the
    meetings of the coalitions the viewer's pages are scoped to."""
    figures = follow_through(viewer, coalition_ids=scope_ids(viewer))
    if not figures:
        return []
    names = dict(
        db.session.execute(
            select(Organization.id, Organization.name).where(
                Organization.id.in_(list(figures))
            )
        ).all()
    )
    rows = [
        (org, names.get(org, ""), done, total) for org, (done, total) in figures.items()
    ]
    rows.sort(key=lambda row: (row[2] / row[3], row[1]))
    return rows[:limit]


def upcoming_meetings(viewer: User, limit: int = 3) -> list[Meeting]:
    return list(
        db.session.scalars(
            scoped_meetings(viewer)
            .where(Meeting.starts_at >= utcnow())
            .options(joinedload(Meeting.case))
            .order_by(Meeting.starts_at)
            .limit(limit)
        )
    )


def meetings_list(viewer: User, page: int) -> tuple[list[Meeting], Pagination]:
    """The next 20 meetings, and past ones a page at a time, newest first."""
    now = utcnow()
    base = scoped_meetings(viewer).options(joinedload(Meeting.case))
    upcoming = db.session.scalars(
        base.where(Meeting.starts_at >= now).order_by(Meeting.starts_at).limit(20)
    ).all()
    past = paginate(
        base.where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc()), page
    )
    return list(upcoming), past


def invited_meetings(user: User) -> Select[Meeting]:
    """The meetings ``user`` is invited to and may see, soonest first (the
    calendar feed and the digest narrow it by date)."""
    return (
        visible_meetings(user)
        .join(Invitation, Invitation.meeting_id == Meeting.id)
        .where(Invitation.person_id == user.person_id)
        .order_by(Meeting.starts_at)
    )
