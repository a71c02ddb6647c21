"""Scheduling partner meetings, attendance, minutes and the next meeting.

The agenda is built and run in ``services.agenda``; reads are in
``queries.meetings``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from caseboard.extensions import db
from caseboard.models import (
    Attendance,
    AttendanceStatus,
    Case,
    EventKind,
    Invitation,
    Meeting,
    Person,
    User,
)
from caseboard.models.base import utcnow
from caseboard.queries.meetings import following_meeting, next_start
from caseboard.services import notifications
from caseboard.services.agenda import add_agenda_item
from caseboard.services.audit import apply_changes, record, record_update
from caseboard.services.coalitions import coalition_of
from caseboard.services.errors import check_version, required
from caseboard.services.timeline import record_event
from caseboard.templating import format_datetime

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
    invitees: Sequence[Person] = (),
    previous: Meeting | None = None,
    **fields: Any,
) -> Meeting:
    title = required(title, "A meeting needs a title.", "title")
    if fields.get("coalition") is None and fields.get("coalition_id") is None:
        fields["coalition"] = (
            case.coalition if case is not None else coalition_of(actor)
        )
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
    record(actor, "create", meeting, label=meeting.title)
    if case is not None:
        record_event(
            actor, case, EventKind.MEETING, f"Scheduled the meeting “{meeting.title}”"
        )
    notifications.meeting_news(
        actor,
        meeting,
        "meeting_scheduled",
        f"you are invited, {format_datetime(meeting.starts_at)}.",
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
        record_update(actor, meeting, changes, label=meeting.title)
        db.session.flush()
    if "starts_at" in changes:
        notifications.meeting_news(
            actor,
            meeting,
            "meeting_moved",
            f"moved to {format_datetime(meeting.starts_at)}.",
        )
    return meeting


# The agenda ------------------------------------------------------------------


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


def mark_invited_present(actor: User, meeting: Meeting) -> int:
    """Everyone invited and not yet marked is present (apologies and absences
    already recorded stay). How many were marked."""
    marked = {a.person_id for a in meeting.attendance}
    waiting = [i.person for i in meeting.invitations if i.person_id not in marked]
    for person in waiting:
        record_attendance(actor, meeting, person, status="present")
    return len(waiting)


def publish_minutes(actor: User, meeting: Meeting, email: bool = True) -> None:
    """Mark the minutes published; publishing again keeps the first time.
    ``email`` offers them to the invitees and attendees; without it nobody
    is told."""
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
    if email:
        notifications.meeting_news(
            actor, meeting, "minutes_published", "the minutes are published."
        )


# The next meeting ------------------------------------------------------------


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
        coalition=meeting.coalition,
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


# Suggestions -----------------------------------------------------------------


# Follow-through ----------------------------------------------------------------
