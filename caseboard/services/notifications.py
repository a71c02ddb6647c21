"""Raising notifications, and marking them read.

A service that changes something people should hear about calls ``notify``
with the kind (a key of ``caseboard/data/notification_events.toml``), who to
tell and the line to show. The rows are written in the same transaction as
the change itself, so a refused or rolled-back action tells nobody, and the
reader's access is applied when they are shown (``queries.notifications``).
Whoever did it is never told about their own action.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update

from caseboard.extensions import db
from caseboard.models import Case, Membership, Notification, Person, Task, User
from caseboard.models.base import utcnow
from caseboard.services import mail
from caseboard.services.notification_settings import channels_of, event_types

# Who to tell -----------------------------------------------------------------


def users_of_people(person_ids: Iterable[int | None]) -> set[int]:
    wanted = {person_id for person_id in person_ids if person_id is not None}
    if not wanted:
        return set()
    return set(
        db.session.scalars(
            select(User.id).where(User.person_id.in_(wanted), User.active)
        )
    )


def users_of_organization(organization_id: int | None) -> set[int]:
    if organization_id is None:
        return set()
    return set(
        db.session.scalars(
            select(User.id)
            .join(Membership, Membership.person_id == User.person_id)
            .where(
                Membership.organization_id == organization_id,
                Membership.is_current,
                User.active,
            )
        )
    )


def task_owners(task: Task) -> set[int]:
    """The users a task is for: its assignee, else its organization's staff."""
    if task.assignee_id is not None:
        return users_of_people([task.assignee_id])
    return users_of_organization(task.organization_id)


def case_role_holders(case: Case) -> set[int]:
    """The coordinator and the users holding a role on the case in person."""
    holders = users_of_people(role.person_id for role in case.active_roles)
    if case.coordinator_id is not None:
        holders.add(case.coordinator_id)
    return holders


def mentioned_users(text: str) -> set[int]:
    """Users named ``@Full Name`` in ``text`` (the picker writes the name)."""
    if "@" not in text:
        return set()
    folded = text.casefold()
    people = db.session.execute(
        select(User.id, Person.full_name)
        .join(Person, Person.id == User.person_id)
        .where(User.active)
    )
    return {
        user_id
        for user_id, full_name in people
        if re.search(rf"@{re.escape(full_name.casefold())}(?!\w)", folded)
    }


# Telling them ----------------------------------------------------------------


def notify(
    kind: str,
    user_ids: Iterable[int],
    text: str,
    *,
    actor: User | None = None,
    case: Case | None = None,
    task: Task | None = None,
    meeting: Any = None,
    person: Person | None = None,
) -> None:
    """Tell ``user_ids`` about ``text`` once the current unit of work commits."""
    if kind not in event_types():
        raise ValueError(f"unknown notification kind {kind!r}")
    recipients = set(user_ids) - {actor.id if actor is not None else None}
    channels = channels_of(recipients)
    recipients = {u for u in recipients if channels[u][kind] != "off"}
    if not recipients:
        return
    if any(o is not None and o.id is None for o in (case, task, meeting, person)):
        db.session.flush()
    about = {
        "case_id": case.id if case else (task.case_id if task else None),
        "task_id": task.id if task else None,
        "meeting_id": meeting.id if meeting is not None else None,
        "person_id": person.id if person else None,
    }
    rows = [
        Notification(user_id=user_id, kind=kind, text=text[:500], **about)
        for user_id in sorted(recipients)
    ]
    db.session.add_all(rows)
    db.session.flush()
    mail.mail_after_commit([r for r in rows if channels[r.user_id][kind] == "email"])


def mark_read(user: User, notification: Notification) -> None:
    if notification.user_id == user.id and notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user: User) -> int:
    done = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return int(getattr(done, "rowcount", 0) or 0)


# The events the services raise ---------------------------------------------


def _who(actor: User | None) -> str:
    return actor.name if actor is not None else "Caseboard"


def task_assigned(actor: User | None, task: Task) -> None:
    for_whom = "you" if task.assignee_id is not None else "your organization"
    notify(
        "task_assigned",
        task_owners(task),
        f"{_who(actor)} gave {for_whom} the task “{task.title}” on {task.case.title}.",
        actor=actor,
        task=task,
    )


def commented(actor: User, case: Case, task: Task | None, body: str) -> None:
    where = f"“{task.title}”" if task is not None else case.title
    mentioned = mentioned_users(body)
    notify(
        "mentioned",
        mentioned,
        f"{actor.name} mentioned you in a comment on {where}.",
        actor=actor,
        case=case,
        task=task,
    )
    if task is not None:
        owners = task_owners(task) | {task.created_by_id or 0}
        notify(
            "comment",
            owners - mentioned - {0},
            f"{actor.name} commented on your task “{task.title}”.",
            actor=actor,
            task=task,
        )


def case_changed(actor: User, case: Case, kind: str, what: str) -> None:
    """A stage change or a new role: everyone holding a role is told."""
    notify(
        kind, case_role_holders(case), f"{case.title}: {what}", actor=actor, case=case
    )


def meeting_news(actor: User | None, meeting: Any, kind: str, what: str) -> None:
    """Tell the meeting's invitees; for minutes, also its attendees and the
    staff of the organizations they came for (whether each may see the
    meeting is checked when the mail is built)."""
    people = [i.person_id for i in meeting.invitations]
    users: set[int] = set()
    if kind == "minutes_published":
        people += [a.person_id for a in meeting.attendance]
        for organization_id in {a.organization_id for a in meeting.attendance}:
            users |= users_of_organization(organization_id)
    notify(
        kind,
        users_of_people(people) | users,
        f"{meeting.title}: {what}",
        actor=actor,
        meeting=meeting,
    )
