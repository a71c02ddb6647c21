"""Notifications by email, against a real SMTP server (aiosmtpd, in-process):
what it received, from whom to whom, and what it never receives."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.jobs import jobs_of
from caseboard.models import Email, EmailStatus, Notification
from caseboard.services.notes import add_note
from tests.conftest import sign_in
from tests.test_tasks import task_form


class Inbox:
    """An aiosmtpd handler keeping every message; refuses the first
    ``refuse`` DATA commands with a temporary failure."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def team(notify_team):
    return notify_team


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(app, monkeypatch) -> Iterator[Inbox]:
    """A real SMTP server on a free port, named by CASEBOARD_SMTP_URL."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setitem(app.config, "MAIL_NOTIFICATIONS", True)
    jobs_of(app).huey.flush()  # jobs other tests left queued
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp(app, monkeypatch):
    with smtp_server(app, monkeypatch) as inbox:
        yield inbox


def run_jobs(app) -> int:
    # The test's own session would hold SQLite's write lock across the job.
    db.session.commit()
    ran = jobs_of(app).run_pending()
    db.session.expire_all()
    return ran


def body(message: EmailMessage) -> str:
    return "\n".join(
        part.get_content()
        for part in message.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    )


def assign(client, team, **form):
    sign_in(client, team["coordinator"])
    response = client.post(
        f"/cases/{team['case'].id}/tasks/new", data=task_form(**form)
    )
    assert response.status_code == 302


def test_a_task_assigned_is_mailed_to_its_assignee_only(app, client, team, smtp):
    assign(client, team, assignee_id=team["inspector"].person_id, title="Walk the lot")
    run_jobs(app)
    [(to, message)] = smtp.messages
    assert to == [team["inspector"].email]
    assert message["To"] == team["inspector"].email
    coalition = team["case"].coalition.name
    assert message["Subject"].startswith(f"[{coalition}] ")
    assert "Walk the lot" in message["Subject"]
    task_id = db.session.scalar(select(Notification.task_id))
    assert f"/tasks/{task_id}" in body(message)
    assert message.get_body(("html",)) is not None  # plain text and HTML
    [email] = db.session.scalars(select(Email)).all()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)


def test_a_refused_mail_is_retried_and_its_reason_shown(app, client, team, smtp):
    smtp.refuse = 1
    assign(client, team, assignee_id=team["inspector"].person_id)
    run_jobs(app)
    assert len(smtp.messages) == 1
    [email] = db.session.scalars(select(Email)).all()
    db.session.refresh(email)
    assert (email.status, email.attempts) == (EmailStatus.SENT, 2)


def test_a_mail_refused_every_time_is_failed_with_the_reason(app, client, team, smtp):
    smtp.refuse = 10
    assign(client, team, assignee_id=team["inspector"].person_id)
    run_jobs(app)
    assert smtp.messages == []
    [email] = db.session.scalars(select(Email)).all()
    db.session.refresh(email)
    assert email.status == EmailStatus.FAILED and email.attempts == 3
    assert "Try again later" in email.last_error


def test_access_is_applied_when_the_mail_is_built(app, client, team, smtp):
    from datetime import date

    from caseboard.services.cases import end_role

    assign(client, team, organization_id=team["zoning"].id, title="Secret stakeout")
    # Before the job runs, zoning leaves the case: its staff may not see it.
    partner = next(
        r for r in team["case"].active_roles if r.organization_id == team["zoning"].id
    )
    end_role(team["coordinator"], partner, date.today())
    db.session.commit()
    run_jobs(app)
    # The inspector still holds a role in person; the colleague no longer sees it.
    assert [to for to, _message in smtp.messages] == [[team["inspector"].email]]
    statuses = {e.to_address: e.status for e in db.session.scalars(select(Email))}
    assert statuses == {
        team["inspector"].email: EmailStatus.SENT,
        team["colleague"].email: EmailStatus.WITHHELD,
    }


def test_a_restricted_note_never_reaches_the_mail(app, client, team, smtp, make_task):
    case = team["case"]
    add_note(
        team["coordinator"],
        case,
        "SECRET-informant lives at 12 Pier",
        [case.lead_organization],
    )
    db.session.commit()
    task = make_task(
        case=case, actor=team["coordinator"], assignee=team["inspector"].person
    )
    sign_in(client, team["coordinator"])
    # A mention is mailed at once (a plain comment waits for the digest).
    mention = f"@{team['inspector'].person.full_name} see the note on the case."
    client.post(f"/tasks/{task.id}/comments", data={"body": mention})
    run_jobs(app)
    assert smtp.messages
    for _to, message in smtp.messages:
        assert "SECRET" not in body(message) and "SECRET" not in message["Subject"]


def test_without_a_server_mail_is_written_to_the_outbox_folder(
    app, client, team, monkeypatch, make_user
):
    from caseboard.mail import outbox_folder

    monkeypatch.setitem(app.config, "SMTP_URL", None)
    monkeypatch.setitem(app.config, "MAIL_NOTIFICATIONS", True)
    jobs_of(app).huey.flush()
    assign(client, team, assignee_id=team["inspector"].person_id, title="Fix the fence")
    run_jobs(app)
    [email] = db.session.scalars(select(Email)).all()
    written = (outbox_folder() / f"{email.id:06d}.eml").read_bytes()
    assert b"Fix the fence" in written
    sign_in(client, make_user(role="admin"))
    page = client.get("/admin/mail").text
    assert "Fix the fence" in page and "Sent" in page and "No mail server" in page
    sign_in(client, team["inspector"])
    assert client.get("/admin/mail").status_code == 403
