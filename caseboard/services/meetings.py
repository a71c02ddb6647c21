"""Scheduling and running partner meetings; minutes; follow-through."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from caseboard.clock import coalition_zone, today
from caseboard.extensions import db
from caseboard.models import (
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    AttendanceStatus,
    Case,
    Decision,
    EventKind,
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
from caseboard.permissions import can_view_case, visible_cases, visible_meetings
from caseboard.services.audit import apply_changes, record
from caseboard.services.errors import ServiceError, check_version
from caseboard.services.paging import paginate
from caseboard.services.tasks import create_task
from caseboard.services.timeline import record_event

MEETING_FIELDS = (
    "title", "starts_at", "duration_minutes", "location", "video_link", "repeats",
)  # fmt: skip


def _set_invitations(meeting: Meeting, people: list[Person]) -> None:
    wanted = {person.id for person in people}
    meeting.invitations = [i for i in meeting.invitations if i.person_id in wanted]
    have = {i.person_id for i in meeting.invitations}
    for person in people:
        if person.id not in have:
            meeting.invitations.append(Invitation(person=person))
            have.add(person.id)


def schedule_meeting(
    actor: User | None,
    *,
    title: str,
    starts_at: datetime,
    case: Case | None = None,
    invitees: list[Person] = (),  # type: ignore[assignment]
    previous: Meeting | None = None,
    **fields: Any,
) -> Meeting:
    title = title.strip()
    if not title:
        raise ServiceError("A meeting needs a title.", "title")
    meeting = Meeting(
        title=title,
        starts_at=starts_at,
        case=case,
        previous_meeting=previous,
        created_by_id=actor.id if actor else None,
        **fields,
    )
    db.session.add(meeting)
    _set_invitations(meeting, list(invitees))
    db.session.flush()
    record(actor, "create", meeting, label=meeting.title)
    if case is not None:
        record_event(
            actor, case, EventKind.MEETING, f"Scheduled the meeting “{meeting.title}”"
        )
    return meeting


def update_meeting(
    actor: User,
    meeting: Meeting,
    *,
    expected_version: int | None,
    invitees: list[Person] | None = None,
    **fields: Any,
) -> Meeting:
    check_version(meeting, expected_version)
    changes = apply_changes(
        meeting, {k: v for k, v in fields.items() if k in MEETING_FIELDS}
    )
    if invitees is not None:
        before = sorted(i.person_id for i in meeting.invitations)
        _set_invitations(meeting, invitees)
        after = sorted(p.id for p in invitees)
        if before != after:
            changes["invitees"] = [before, after]
    if changes:
        meeting.updated_at = utcnow()
        record(actor, "update", meeting, changes, label=meeting.title)
        db.session.flush()
    return meeting


# The agenda ------------------------------------------------------------------


def add_agenda_item(
    actor: User,
    meeting: Meeting,
    *,
    title: str,
    case: Case | None = None,
    task: Task | None = None,
    presenter: Person | None = None,
    minutes: int | None = None,
    carried_from: AgendaItem | None = None,
    notes: str = "",
) -> AgendaItem:
    title = title.strip()
    if not title:
        raise ServiceError("An agenda item needs a title.", "title")
    if task is not None and case is None:
        case = task.case
    position = max((item.position for item in meeting.items), default=0) + 1
    item = AgendaItem(
        meeting=meeting,
        title=title,
        case=case,
        task=task,
        presenter=presenter,
        minutes=minutes,
        position=position,
        notes=notes,
        carried_from_id=carried_from.id if carried_from else None,
    )
    db.session.add(item)
    db.session.flush()
    record(
        actor, "add_agenda_item", meeting, {"item": [None, title]}, label=meeting.title
    )
    return item


def update_agenda_notes(
    actor: User, item: AgendaItem, *, notes: str, expected_version: int | None
) -> AgendaItem:
    """Saved as the coordinator types; the version guards two note-takers."""
    check_version(item, expected_version)
    if item.notes != notes:
        meeting = item.meeting
        record(
            actor,
            "update_agenda_item",
            meeting,
            {"item": [item.title, item.title], "notes": [item.notes, notes]},
            label=meeting.title,
        )
        item.notes = notes
        item.updated_at = utcnow()
        db.session.flush()
    return item


def set_item_status(actor: User, item: AgendaItem, status: str) -> AgendaItem:
    new = AgendaItemStatus(status)
    if item.status != new:
        meeting = item.meeting
        record(
            actor,
            "update_agenda_item",
            meeting,
            {"item_status": [item.status, new.value]},
            label=meeting.title,
        )
        item.status = new
        item.updated_at = utcnow()
        db.session.flush()
    return item


def move_agenda_item(actor: User, item: AgendaItem, direction: int) -> None:
    """Swap with the neighbour above (-1) or below (+1)."""
    items = sorted(item.meeting.items, key=lambda i: i.position)
    index = items.index(item)
    other = index + direction
    if 0 <= other < len(items):
        items[index].position, items[other].position = (
            items[other].position,
            items[index].position,
        )
        record(
            actor,
            "move_agenda_item",
            item.meeting,
            {"item": [item.title, item.title], "position": [index + 1, other + 1]},
            label=item.meeting.title,
        )
        db.session.flush()


def remove_agenda_item(actor: User, item: AgendaItem) -> None:
    if item.decisions or item.action_items:
        raise ServiceError(
            "This item has decisions or action items; mark it done instead.", "title"
        )
    meeting = item.meeting
    meeting.items.remove(item)
    record(
        actor,
        "remove_agenda_item",
        meeting,
        {"item": [item.title, None]},
        label=meeting.title,
    )
    db.session.flush()


# Running it ------------------------------------------------------------------


def record_attendance(
    actor: User,
    meeting: Meeting,
    person: Person,
    *,
    status: str,
    walk_in: bool = False,
) -> Attendance:
    """Present, apologies or absent; the organization they came for is the
    one they work for today (kept if they change jobs later)."""
    status = AttendanceStatus(status)
    existing = next((a for a in meeting.attendance if a.person_id == person.id), None)
    before = existing.status if existing is not None else None
    if existing is None:
        jobs = person.current_memberships
        existing = Attendance(
            meeting=meeting,
            person=person,
            status=status,
            walk_in=walk_in,
            organization_id=jobs[0].organization_id if jobs else None,
        )
        db.session.add(existing)
    else:
        existing.status = status
        existing.walk_in = existing.walk_in or walk_in
    if before != status:
        record(
            actor,
            "record_attendance",
            meeting,
            {"attendance": [before, status], "person": [person.full_name] * 2},
            label=meeting.title,
        )
    db.session.flush()
    return existing


def add_decision(actor: User, item: AgendaItem, text: str) -> Decision:
    text = text.strip()
    if not text:
        raise ServiceError("Write the decision first.", "text")
    decision = Decision(item=item, text=text, recorded_by_id=actor.id)
    db.session.add(decision)
    meeting = item.meeting
    record(
        actor, "add_decision", meeting, {"decision": [None, text]}, label=meeting.title
    )
    case = item.case or meeting.case
    if case is not None:
        record_event(
            actor,
            case,
            EventKind.MEETING,
            f"Decided at “{meeting.title}”: {text[:300]}",
        )
    db.session.flush()
    return decision


def add_action_item(
    actor: User,
    item: AgendaItem,
    *,
    title: str,
    case: Case | None = None,
    assignee: Person | None = None,
    organization: Organization | None = None,
    due_on: date | None = None,
) -> Task:
    """An action item is a real task on the item's case, made now."""
    case = item.case or item.meeting.case or case
    if case is None:
        raise ServiceError("Choose the case this action belongs to.", "case_id")
    task = create_task(
        actor,
        case,
        title=title,
        assignee=assignee,
        organization=organization,
        due_on=due_on,
        description=f"Action item from the meeting “{item.meeting.title}” "
        f"({item.title}).",
    )
    task.agenda_item = item
    db.session.flush()
    return task


def publish_minutes(actor: User, meeting: Meeting) -> None:
    """Mark the minutes published; publishing again keeps the first time."""
    if meeting.minutes_published_at is not None:
        return
    meeting.minutes_published_at = utcnow()
    record(
        actor,
        "publish_minutes",
        meeting,
        {"minutes_published_at": [None, meeting.minutes_published_at]},
        label=meeting.title,
    )
    db.session.flush()


# The next meeting ------------------------------------------------------------


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


def create_next_meeting(actor: User, meeting: Meeting) -> Meeting:
    """Schedule the next one, carrying over open agenda items and a follow-up
    item for each unfinished action item."""
    existing = following_meeting(meeting)
    if existing is not None:
        return existing
    starts_at = next_start(meeting) or meeting.starts_at + timedelta(weeks=4)
    following = schedule_meeting(
        actor,
        title=meeting.title,
        starts_at=starts_at,
        case=meeting.case,
        invitees=[i.person for i in meeting.invitations],
        previous=meeting,
        duration_minutes=meeting.duration_minutes,
        location=meeting.location,
        video_link=meeting.video_link,
        repeats=meeting.repeats,
    )
    for item in meeting.items:
        if item.is_open:
            add_agenda_item(
                actor,
                following,
                title=item.title,
                case=item.case,
                task=item.task,
                presenter=item.presenter,
                minutes=item.minutes,
                carried_from=item,
            )
    for item in meeting.items:
        for task in item.action_items:
            if not task.is_done:
                add_agenda_item(
                    actor,
                    following,
                    title=f"Follow up: {task.title}",
                    case=task.case,
                    task=task,
                    presenter=task.assignee,
                    minutes=5,
                    carried_from=item,
                )
    return following


# What a viewer may read of a meeting ------------------------------------------


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


# Suggestions -----------------------------------------------------------------


@dataclass
class Suggestion:
    key: str
    title: str
    reason: str
    case_id: int | None = None
    task_id: int | None = None


def suggest_agenda(viewer: User, meeting: Meeting) -> list[Suggestion]:
    """Cases with overdue tasks, cases that moved stage or opened since the last
    meeting, tasks due before the next one; within the meeting's case if any."""
    previous = meeting.previous_meeting
    since = previous.starts_at if previous else meeting.starts_at - timedelta(days=31)
    until = (next_start(meeting) or meeting.starts_at + timedelta(days=31)).date()
    cases = visible_cases(viewer).where(Case.status != "closed")
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
                f"due {due_on:%d %b} before the next meeting",
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


# Follow-through ----------------------------------------------------------------


def follow_through(
    organization_ids: list[int] | None = None, meetings: int = 6
) -> dict[int, tuple[int, int]]:
    """Per organization: (action items done by their due date, action items
    due so far), over the action items of the last ``meetings`` meetings held.

    An action item counts for its responsible organization, or else for the
    organization its assignee attended the meeting for.
    """
    recent = (
        select(Meeting.id)
        .where(Meeting.starts_at <= utcnow())
        .order_by(Meeting.starts_at.desc())
        .limit(meetings)
    )
    rows = db.session.execute(
        select(Task, Attendance.organization_id)
        .join(AgendaItem, Task.agenda_item_id == AgendaItem.id)
        .outerjoin(
            Attendance,
            (Attendance.meeting_id == AgendaItem.meeting_id)
            & (Attendance.person_id == Task.assignee_id),
        )
        .where(AgendaItem.meeting_id.in_(recent))
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


def follow_through_table(limit: int = 10) -> list[tuple[int, str, int, int]]:
    """(organization id, name, done on time, total), weakest first."""
    figures = follow_through()
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
            visible_meetings(viewer)
            .where(Meeting.starts_at >= utcnow())
            .options(joinedload(Meeting.case))
            .order_by(Meeting.starts_at)
            .limit(limit)
        )
    )


def meetings_list(viewer: User, page: int) -> tuple[list[Meeting], Pagination]:
    """The next 20 meetings, and past ones a page at a time, newest first."""
    now = utcnow()
    base = visible_meetings(viewer).options(joinedload(Meeting.case))
    upcoming = db.session.scalars(
        base.where(Meeting.starts_at >= now).order_by(Meeting.starts_at).limit(20)
    ).all()
    past = paginate(
        base.where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc()), page
    )
    return list(upcoming), past
