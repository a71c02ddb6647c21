"""The periodic reminders: tasks due tomorrow and overdue.

Run by ``caseboard notifications remind`` and on the worker's schedule. Each
reminder carries a ``once_key`` (kind, object, day) that a unique index keeps
to one row per user: running the check twice a day, or on two workers at
once, tells nobody twice. Visit rounds' "stop overdue" and accreditation's
"sign-off expiring" are two more ``REMINDERS`` entries at merge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import Notification, Task, TaskStatus
from caseboard.services.mail import mail_after_commit
from caseboard.services.notification_settings import channel
from caseboard.services.notifications import task_owners
from caseboard.templating import format_date
from caseboard.unit_of_work import unit_of_work

# A reminder's row: kind, the user, the line, the task it is about.
Reminder = tuple[str, int, str, Task]


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
        for user_id in task_owners(task):
            yield kind, user_id, f"Your task “{task.title}” {line}.", task


REMINDERS: tuple[Callable[[date], Iterator[Reminder]], ...] = (_tasks_due,)


def send_reminders(day: date | None = None) -> int:
    """Add the day's reminders not given yet; how many were added. Commits."""
    day = day or today()
    added: list[Notification] = []
    for reminders in REMINDERS:
        for kind, user_id, text, task in reminders(day):
            key = f"{kind}:task:{task.id}:{day.isoformat()}"
            if channel(user_id, kind) == "off" or _given(user_id, key):
                continue
            row = Notification(
                user_id=user_id,
                kind=kind,
                text=text,
                case_id=task.case_id,
                task_id=task.id,
                once_key=key,
            )
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
