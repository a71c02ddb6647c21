"""The daily digest: built from what the reader may see, skipped when empty,
and sent exactly once per user and day even with two workers at once."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import DigestClaim, Email, EmailStatus, User
from caseboard.services.digests import send_digests
from tests.test_notifications_mail import body, smtp_server


@pytest.fixture
def team(notify_team):
    return notify_team


@pytest.fixture
def smtp(app, monkeypatch):
    with smtp_server(app, monkeypatch) as inbox:
        yield inbox


def give_tasks(team, make_task):
    inspector = team["inspector"]
    late = make_task(case=team["case"], actor=team["coordinator"],
                     assignee=inspector.person, title="Call the landlord")  # fmt: skip
    late.due_on = date.today() - timedelta(days=2)
    make_task(case=team["case"], actor=team["coordinator"],
              assignee=inspector.person, title="Walk the lot",
              due_in_days=3)  # fmt: skip
    db.session.commit()


def test_a_digest_lists_my_overdue_and_due_tasks_and_is_skipped_when_empty(
    app, team, smtp, make_task, capsys
):
    give_tasks(team, make_task)
    run = send_digests()
    inspector = team["inspector"]
    [(to, message)] = smtp.messages
    assert to == [inspector.email]
    text = body(message)
    assert "Overdue" in text and "Call the landlord" in text
    assert "Due in the coming week" in text and "Walk the lot" in text
    assert message["Subject"].startswith(f"[{team['case'].coalition.name}] ")
    assert run.sent == 1 and run.skipped >= 3  # the others had nothing
    with capsys.disabled():
        print("\n--- the digest as received by the test SMTP server ---")
        print(f"To: {message['To']}\nSubject: {message['Subject']}\n")
        print(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert send_digests().sent == 0  # the same day again: nothing more


def test_the_cli_sends_one_users_digest_now(app, team, smtp, make_task):
    give_tasks(team, make_task)
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["digest", "--now", "--user", team["inspector"].email.upper()]
    )
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert [to for to, _ in smtp.messages] == [[team["inspector"].email]]


def test_two_workers_at_once_send_one_digest_per_user(
    app, team, smtp, make_task, make_user, capsys
):
    give_tasks(team, make_task)
    # Every user has something due: twelve more, each with a task of their own.
    for _ in range(12):
        user = make_user(organization=team["zoning"])
        make_task(case=team["case"], actor=team["coordinator"],
                  assignee=user.person, due_in_days=1)  # fmt: skip
    db.session.commit()
    users = db.session.scalar(select(func.count()).select_from(User))
    db.session.commit()  # the test's session would hold SQLite's write lock
    runs, errors = [], []
    start = threading.Barrier(2)

    def worker() -> None:
        with app.app_context():
            start.wait()
            try:
                runs.append(send_digests())
            except Exception as error:  # shown below, not lost in the thread
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    recipients = [to[0] for to, _ in smtp.messages]
    assert len(recipients) == len(set(recipients)) == 13
    claims = db.session.scalar(select(func.count()).select_from(DigestClaim))
    assert claims == users
    assert sum(r.sent for r in runs) == 13
    assert sum(r.taken for r in runs) == users  # each user claimed once, lost once
    sent = db.session.scalar(
        select(func.count()).select_from(Email).where(Email.status == EmailStatus.SENT)
    )
    assert sent == 13
    with capsys.disabled():
        print(
            f"\nTwo workers, {users} users: "
            + "; ".join(
                f"worker {i + 1} sent {r.sent}, skipped {r.skipped} empty, "
                f"found {r.taken} taken"
                for i, r in enumerate(runs)
            )
            + f"; the server received {len(recipients)} digests for "
            f"{len(set(recipients))} recipients"
        )


def test_the_workers_periodic_run_reminds_and_digests_once_a_day(
    app, team, smtp, make_task, monkeypatch
):
    from caseboard.models import Notification
    from caseboard.services import periodic

    monkeypatch.setattr(periodic, "DIGEST_HOUR", 0)  # past 07:00 whenever run
    give_tasks(team, make_task)
    db.session.execute(db.delete(Notification))
    db.session.commit()
    periodic.run_periodic()
    periodic.run_periodic()  # a quarter of an hour later: nothing new
    reminders = db.session.scalars(select(Notification.kind)).all()
    assert reminders == ["task_overdue"]  # the late task; the other is due in 3 days
    assert [to for to, _ in smtp.messages] == [[team["inspector"].email]]
