"""Per-user notification settings: the digest's frequency and a channel per
kind, obeyed by the bell, the immediate mail and the digest."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import Email, Notification, NotificationSettings
from caseboard.services.digests import send_digests
from caseboard.services.notification_settings import channels_of, event_types
from tests.conftest import sign_in
from tests.test_notifications_mail import assign, run_jobs, smtp_server


@pytest.fixture
def team(notify_team):
    return notify_team


@pytest.fixture
def smtp(app, monkeypatch):
    with smtp_server(app, monkeypatch) as inbox:
        yield inbox


def checked(page: str, name: str) -> str:
    """The value of the radio button of group ``name`` that is checked."""
    found = re.search(rf'<input checked[^>]* name="{name}" [^>]*value="(\w+)"', page)
    return found.group(1) if found else ""


def settings_form(version: int = 0, digest: str = "daily", **chosen: str) -> dict:
    channels = {kind: event["default"] for kind, event in event_types().items()}
    channels.update(chosen)
    form = {f"kind_{kind}": value for kind, value in channels.items()}
    return form | {"version": str(version), "digest": digest}


def save(client, **form):
    return client.post("/account/notifications", data=settings_form(**form))


def test_the_page_shows_the_defaults_assignment_and_mention_by_email(client, team):
    sign_in(client, team["inspector"])
    page = client.get("/account/notifications").text
    assert checked(page, "kind_task_assigned") == "email"
    assert checked(page, "kind_mentioned") == "email"
    assert checked(page, "kind_comment") == "digest"
    assert checked(page, "digest") == "daily"


def test_saved_choices_are_shown_again(client, team):
    inspector = team["inspector"]
    sign_in(client, inspector)
    response = save(client, digest="weekly", task_assigned="bell")
    assert response.status_code == 302
    page = client.get("/account/notifications").text
    assert checked(page, "kind_task_assigned") == "bell"
    assert checked(page, "digest") == "weekly"
    assert channels_of([inspector.id])[inspector.id]["task_assigned"] == "bell"


def test_off_tells_nothing_and_bell_rings_without_mail(app, client, team, smtp):
    inspector, colleague = team["inspector"], team["colleague"]
    sign_in(client, inspector)
    save(client, task_assigned="off")
    sign_in(client, colleague)
    save(client, task_assigned="bell")
    assign(client, team, organization_id=team["zoning"].id, title="Board it up")
    run_jobs(app)
    told = db.session.scalars(select(Notification.user_id)).all()
    assert told == [colleague.id]  # the inspector chose off: not even the bell
    assert smtp.messages == [] and db.session.scalars(select(Email)).all() == []


def test_by_default_an_assignment_is_mailed_at_once(app, client, team, smtp):
    assign(client, team, organization_id=team["zoning"].id, title="Board it up")
    run_jobs(app)
    mailed = sorted(to[0] for to, _message in smtp.messages)
    assert mailed == sorted([team["inspector"].email, team["colleague"].email])


def test_a_stale_save_is_a_conflict_and_changes_nothing(client, team):
    inspector = team["inspector"]
    sign_in(client, inspector)
    assert save(client, task_assigned="bell").status_code == 302  # tab one
    response = save(client, task_assigned="off", version=0)  # tab two, stale
    assert response.status_code == 200
    assert "nothing was saved" in response.text
    assert channels_of([inspector.id])[inspector.id]["task_assigned"] == "bell"
    row = db.session.scalar(select(NotificationSettings))
    assert row is not None
    assert save(client, task_assigned="off", version=row.version).status_code == 302


@pytest.mark.parametrize(
    "bad", [{"task_assigned": "loudly"}, {"digest": "hourly"}, {"version": "x"}]
)
def test_bad_input_gives_a_message_and_saves_nothing(client, team, bad):
    sign_in(client, team["inspector"])
    response = save(client, **bad)
    assert response.status_code == 200
    assert "Nothing was saved" in response.text
    assert db.session.scalar(select(NotificationSettings)) is None


def _late_task(team, make_task):
    task = make_task(
        case=team["case"],
        actor=team["coordinator"],
        assignee=team["inspector"].person,
        title="Call the landlord",
    )
    task.due_on = date.today() - timedelta(days=2)
    db.session.commit()


def test_a_weekly_digest_comes_on_mondays_only(app, client, team, smtp, make_task):
    _late_task(team, make_task)
    sign_in(client, team["inspector"])
    save(client, digest="weekly")
    monday = date.today() - timedelta(days=date.today().weekday())
    assert send_digests(monday + timedelta(days=1), [team["inspector"]]).sent == 0
    assert send_digests(monday, [team["inspector"]]).sent == 1
    assert send_digests(monday, [team["inspector"]]).sent == 0  # once a week


def test_digest_off_sends_none_and_a_kind_off_leaves_its_section(
    app, client, team, smtp, make_task
):
    _late_task(team, make_task)
    sign_in(client, team["inspector"])
    save(client, task_overdue="bell")
    assert send_digests(users=[team["inspector"]]).skipped == 1  # nothing left
    save(client, digest="off", version=1)
    tomorrow = date.today() + timedelta(days=1)
    save(client, task_overdue="digest", digest="off", version=2)
    assert send_digests(tomorrow, [team["inspector"]]).sent == 0
    assert smtp.messages == []


def test_the_bells_page_links_to_the_settings(client, team):
    sign_in(client, team["inspector"])
    assert 'href="/account/notifications"' in client.get("/notifications").text
