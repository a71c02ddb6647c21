"""Emailing a notification: built when it is sent, sent by a job.

A notification's mail is queued once its change has committed
(``unit_of_work.after_commit``) and built by the job, not before: the reader's
access is applied at that moment, so a case closed to them meanwhile sends
nothing (the outbox row says "withheld"). The mail carries the notification's
line — never a note's text; for published minutes, the agenda items the
reader may see, as their page shows them — the coalition's name in the
subject and a link to the object. A refusal by the server is recorded and
retried by the queue (``MAX_ATTEMPTS`` in all); the outbox page shows each
row's status.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.jobs import jobs_of
from caseboard.mail import deliver
from caseboard.models import Email, EmailStatus, Notification, User
from caseboard.models.base import utcnow
from caseboard.queries.meetings import agenda_for
from caseboard.queries.notifications import link_of, visible_notifications
from caseboard.services.notification_settings import DIGEST
from caseboard.services.unsubscribe import unsubscribe_url
from caseboard.unit_of_work import after_commit

JOB_NAME = "mail.notification"
MINUTES = "minutes_published"  # its mail carries the minutes
MAX_ATTEMPTS = 3


class NotSent(Exception):
    """The server refused or could not be reached; the queue tries again."""


def mail_after_commit(notifications: list[Notification]) -> None:
    """Queue one mail per notification once the current unit of work commits."""
    ids = [n.id for n in notifications]
    if ids and current_app.config.get("MAIL_NOTIFICATIONS", True):
        after_commit(lambda: _enqueue(ids))


def _enqueue(ids: list[int]) -> None:
    for notification_id in ids:
        jobs_of().enqueue(JOB_NAME, notification_id=notification_id)


def coalition_name(notification: Notification) -> str:
    about = notification.case or notification.meeting
    if about is None and notification.task is not None:
        about = notification.task.case
    return about.coalition.name if about is not None else "Caseboard"


def build(notification: Notification, user: User) -> Email:
    """The outbox row for ``notification``, built for ``user`` now."""
    email = Email(user_id=user.id, notification_id=notification.id)
    email.to_address = user.email
    still_visible = db.session.scalar(
        visible_notifications(user)
        .where(Notification.id == notification.id)
        .with_only_columns(Notification.id)
    )
    if still_visible is None:
        email.status = EmailStatus.WITHHELD
        email.last_error = "The recipient may no longer see what it was about."
        return email
    endpoint, values = link_of(notification)
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    link = current_app.config["BASE_URL"] + path
    coalition = coalition_name(notification)
    email.subject = f"[{coalition}] {notification.text}"[:300]
    context = {
        "notification": notification,
        "link": link,
        "coalition": coalition,
        "unsubscribe": unsubscribe_url(user.id, notification.kind),
    }
    if notification.kind == MINUTES and notification.meeting is not None:
        # The minutes themselves, as the reader's page shows them now.
        context["agenda"], context["hidden_items"] = agenda_for(
            user, notification.meeting
        )
    email.text_body = render_template("notifications/email.txt", **context)
    email.html_body = render_template("notifications/email.html", **context)
    return email


def unsubscribes_from(email: Email) -> str:
    """What the mail's unsubscribe link turns off: its notification's kind,
    or the digest."""
    notification = (
        db.session.get(Notification, email.notification_id)
        if email.notification_id is not None
        else None
    )
    return notification.kind if notification is not None else DIGEST


def message_of(email: Email) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = email.subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = email.to_address
    message["Message-ID"] = make_msgid(domain="caseboard")
    if email.user_id is not None:
        # RFC 8058 section 3.1: an HTTPS URI, and the one-click POST key.
        url = unsubscribe_url(email.user_id, unsubscribes_from(email))
        message["List-Unsubscribe"] = f"<{url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.text_body)
    message.add_alternative(email.html_body, subtype="html")
    return message


def send_notification_mail(notification_id: int) -> None:
    """The job: build (the first time) and send one notification's mail."""
    email = db.session.scalar(
        select(Email).where(Email.notification_id == notification_id)
    )
    if email is None:
        notification = db.session.get(Notification, notification_id)
        user = db.session.get(User, notification.user_id) if notification else None
        if notification is None or user is None or not user.active:
            return
        email = build(notification, user)
        db.session.add(email)
        db.session.commit()
    if email.status in (EmailStatus.SENT, EmailStatus.WITHHELD):
        return
    send(email)


def send(email: Email) -> None:
    email.attempts += 1
    try:
        deliver(message_of(email), f"{email.id:06d}")
    except Exception as error:  # the server's refusal, recorded as the reason
        email.status = EmailStatus.FAILED
        email.last_error = f"{type(error).__name__}: {error}"[:500]
        db.session.commit()
        if email.attempts < MAX_ATTEMPTS:
            raise NotSent(email.last_error) from error
        return
    email.status = EmailStatus.SENT
    email.sent_at = utcnow()
    email.last_error = ""
    db.session.commit()


def outbox(limit: int = 100) -> list[Email]:
    return list(
        db.session.scalars(
            select(Email)
            .order_by(Email.created_at.desc(), Email.id.desc())
            .limit(limit)
        )
    )
