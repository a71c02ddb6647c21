"""The daily digest: what is due and overdue for me, what changed on my
cases, my meetings in the coming week — one email a day, or none when there
is nothing to say.

Exactly once per user and day, whatever runs it: the sender first takes a
``DigestClaim`` (unique per user and period) in a transaction of its own, and
only the worker whose insert succeeds builds and sends. A second worker, or a
worker restarted after a crash, finds the claim taken and moves on (at most
once: a crash between the claim and the send loses that day's digest rather
than doubling it; the outbox shows what became of each). Access is applied
as the digest is built: it lists only what the reader may see now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app, render_template
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from caseboard.clock import coalition_zone, today
from caseboard.extensions import db
from caseboard.models import (
    Coalition,
    DigestClaim,
    Email,
    Meeting,
    Notification,
    Task,
    User,
)
from caseboard.permissions import visible_tasks
from caseboard.permissions_coalitions import coalition_ids
from caseboard.queries.meetings import invited_meetings
from caseboard.queries.notifications import visible_notifications
from caseboard.services.mail import NotSent, send
from caseboard.services.notification_settings import (
    DIGEST,
    channels_of,
    digest_frequency,
)
from caseboard.services.unsubscribe import unsubscribe_url
from caseboard.templating import format_date

REMINDER_KINDS = ("task_due", "task_overdue")  # listed under the tasks instead
COLD_KIND = "tie_cold"  # a section of its own
DUE_KINDS = (
    "decision_review",
    "assessment_due",
)  # in the due section, beside the tasks
AHEAD_DAYS = 7


@dataclass
class Digest:
    user: User
    day: date
    overdue: list[Task] = field(default_factory=list)
    due: list[Task] = field(default_factory=list)
    changes: list[Notification] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    cold: list[Notification] = field(default_factory=list)  # ties going cold
    reviews: list[Notification] = field(default_factory=list)  # due, not tasks
    days: int = 1  # the span "what changed" covers: 1, or 7 for a weekly one

    def __bool__(self) -> bool:
        return bool(
            self.overdue
            or self.due
            or self.reviews
            or self.changes
            or self.meetings
            or self.cold
        )


@dataclass
class Run:
    sent: int = 0
    skipped: int = 0  # nothing to say
    taken: int = 0  # another worker (or an earlier run) has the claim
    failed: int = 0


def period_of(day: date, frequency: str = "daily") -> str:
    return f"{frequency}:{day.isoformat()}"


def is_due(frequency: str, day: date) -> bool:
    """Whether a user with this frequency gets a digest on ``day``."""
    return frequency == "daily" or (frequency == "weekly" and day.weekday() == 0)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=coalition_zone())


def build_digest(user: User, day: date, days: int = 1) -> Digest:
    """What the digest of ``day`` tells ``user``: only the kinds they set to
    "in the digest", and what changed in the ``days`` before it."""
    digest = Digest(user, day, days=days)
    channels = channels_of([user.id])[user.id]
    wanted = {kind for kind, chosen in channels.items() if chosen == "digest"}
    mine = db.session.scalars(
        visible_tasks(user)
        .where(Task.assignee_id == user.person_id, Task.unfinished_clause())
        .where(Task.due_on.is_not(None), Task.due_on <= day + timedelta(AHEAD_DAYS))
        .order_by(Task.due_on, Task.id)
    ).all()
    for task in mine:
        assert task.due_on is not None  # the query asks for one
        late = task.due_on < day
        if ("task_overdue" if late else "task_due") in wanted:
            (digest.overdue if late else digest.due).append(task)
    recent = db.session.scalars(
        visible_notifications(user)
        .where(Notification.kind.in_(wanted - set(REMINDER_KINDS)))
        .where(Notification.created_at >= _start_of(day - timedelta(days=days)))
        .where(Notification.created_at < _start_of(day))
        .order_by(Notification.created_at)
    )
    for notification in recent:
        if notification.kind == COLD_KIND:
            digest.cold.append(notification)
        elif notification.kind in DUE_KINDS:
            digest.reviews.append(notification)
        else:
            digest.changes.append(notification)
    digest.meetings = list(
        db.session.scalars(
            invited_meetings(user)
            .where(Meeting.starts_at >= _start_of(day))
            .where(Meeting.starts_at < _start_of(day + timedelta(AHEAD_DAYS)))
        )
    )
    return digest


def _coalition_name(user: User) -> str:
    ids = sorted(coalition_ids(user))
    if user.chosen_coalition_id in ids:
        ids = [user.chosen_coalition_id or 0]
    coalition = db.session.get(Coalition, ids[0]) if ids else None
    return coalition.name if coalition is not None else "Caseboard"


def digest_email(digest: Digest) -> Email:
    coalition = _coalition_name(digest.user)
    context = {
        "digest": digest,
        "coalition": coalition,
        "base": current_app.config["BASE_URL"],
        "unsubscribe": unsubscribe_url(digest.user.id, DIGEST),
    }
    return Email(
        user_id=digest.user.id,
        to_address=digest.user.email,
        subject=f"[{coalition}] Your digest for {format_date(digest.day)}",
        text_body=render_template("notifications/digest.txt", **context),
        html_body=render_template("notifications/digest.html", **context),
    )


def claim(user: User, day: date, frequency: str = "daily") -> DigestClaim | None:
    """Take the user's digest for the day; None when it is taken already."""
    taken = DigestClaim(user_id=user.id, period=period_of(day, frequency))
    db.session.add(taken)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return taken


def send_digests(
    day: date | None = None, users: Iterable[User] | None = None, progress=None
) -> Run:
    """Build and send the day's digests not sent yet; commits as it goes."""
    day = day or today()
    run = Run()
    everyone = (
        list(users)
        if users is not None
        else db.session.scalars(select(User).where(User.active).order_by(User.id))
    )
    for user in everyone:
        _send_one(user, day, run)
        if progress is not None:
            progress.update(1)
    return run


def _send_one(user: User, day: date, run: Run) -> None:
    frequency = digest_frequency(user)
    if not is_due(frequency, day):
        run.skipped += 1
        return
    taken = claim(user, day, frequency)
    if taken is None:
        run.taken += 1
        return
    digest = build_digest(user, day, days=7 if frequency == "weekly" else 1)
    if not digest:
        run.skipped += 1
        return
    email = digest_email(digest)
    db.session.add(email)
    db.session.flush()
    taken.email_id = email.id
    db.session.commit()
    try:
        send(email)
    except NotSent:
        run.failed += 1
        return
    run.sent += 1
