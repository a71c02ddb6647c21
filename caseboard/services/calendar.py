"""The personal calendar feed: my meetings and my tasks' due dates as one
iCalendar document, at a URL only I know (and can revoke).

The token is shown once, when the feed is made; only its SHA-256 is stored.
A meeting series (each meeting carries ``repeats`` and is followed by the
next one it made) is one event with an ``RRULE`` from its latest meeting on,
in the coalition's time zone with its ``VTIMEZONE``; the earlier meetings of
the series are events of their own, so no date shows twice. The access model
is applied when the feed is read: only what the user may see now.
"""

from __future__ import annotations

import hashlib
import secrets
from calendar import monthrange
from datetime import timedelta
from typing import Any

from flask import current_app
from icalendar import Calendar, Event  # type: ignore[import-untyped]  # stubs lag 6.x
from sqlalchemy import delete, select

from caseboard.clock import coalition_zone
from caseboard.extensions import db
from caseboard.models import CalendarFeed, Meeting, Task, User
from caseboard.models.base import utcnow
from caseboard.models.meetings import Repeat
from caseboard.permissions import visible_tasks
from caseboard.queries.meetings import invited_meetings

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def rule_of(meeting: Meeting) -> dict[str, Any] | None:
    """The series' RRULE (RFC 5545 section 3.3.10), or None for a single
    meeting. A monthly series keeps its weekday's place in the month, as
    ``queries.meetings.next_start`` schedules it: the second Tuesday is
    ``BYDAY=2TU``; a weekday in the month's last seven days is its last
    (``-1TU``), so a series on the fifth Tuesday stays on the last one."""
    if meeting.repeats == Repeat.WEEKLY:
        return {"freq": "weekly"}
    if meeting.repeats != Repeat.MONTHLY:
        return None
    day = meeting.starts_at.astimezone(coalition_zone()).date()
    is_last = day.day + 7 > monthrange(day.year, day.month)[1]
    place = -1 if is_last else (day.day - 1) // 7 + 1
    return {"freq": "monthly", "byday": f"{place}{WEEKDAYS[day.weekday()]}"}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed(user: User) -> str:
    """A new feed URL's token for ``user``; any earlier one stops working."""
    revoke_feed(user)
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarFeed(user_id=user.id, token_hash=_hash(token)))
    db.session.flush()
    return token


def revoke_feed(user: User) -> None:
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))


def has_feed(user: User) -> bool:
    found = select(CalendarFeed.id).where(CalendarFeed.user_id == user.id)
    return db.session.scalar(found) is not None


def user_of_token(token: str) -> User | None:
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token))
    )
    user = db.session.get(User, feed.user_id) if feed is not None else None
    return user if user is not None and user.active else None


def feed_ics(user: User) -> bytes:
    base = current_app.config["BASE_URL"]
    host = base.split("://")[-1]
    calendar = Calendar()
    calendar.add("prodid", "-//Caseboard//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Caseboard: {user.name}")
    meetings = list(db.session.scalars(invited_meetings(user)))
    followed = {m.previous_meeting_id for m in meetings}
    for meeting in meetings:
        calendar.add_component(_meeting_event(meeting, followed, base, host))
    tasks = db.session.scalars(
        visible_tasks(user)
        .where(Task.assignee_id == user.person_id, Task.unfinished_clause())
        .where(Task.due_on.is_not(None))
        .order_by(Task.due_on)
    )
    for task in tasks:
        event = Event()
        event.add("uid", f"task-{task.id}@{host}")
        event.add("dtstamp", task.updated_at)
        event.add("dtstart", task.due_on)
        event.add("dtend", task.due_on + timedelta(days=1))  # type: ignore[operator]
        event.add("summary", f"Due: {task.title}")
        event.add("description", f"{task.case.title}\n{base}/tasks/{task.id}")
        event.add("url", f"{base}/tasks/{task.id}")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _meeting_event(meeting: Meeting, followed: set, base: str, host: str) -> Event:
    zone = coalition_zone()
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("dtstamp", meeting.updated_at or utcnow())
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", meeting.title)
    event.add("location", meeting.location or meeting.video_link)
    event.add("description", f"Agenda and minutes: {base}/meetings/{meeting.id}")
    event.add("url", f"{base}/meetings/{meeting.id}")
    rule = rule_of(meeting)
    if rule is not None and meeting.id not in followed:
        event.add("rrule", rule)
    return event
