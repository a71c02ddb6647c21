"""Minutes by email: publishing mails the minutes to the invitees, the
attendees and the staff of the organizations they came for, each with only
the items they may see (as on the minutes page), and as their settings say."""

from __future__ import annotations

import pytest

from caseboard.extensions import db
from caseboard.services.agenda import add_agenda_item, add_decision
from caseboard.services.meetings import publish_minutes, record_attendance
from caseboard.unit_of_work import unit_of_work
from tests.conftest import sign_in
from tests.test_notifications_mail import body, run_jobs, smtp_server
from tests.test_notifications_settings import settings_form


@pytest.fixture
def team(notify_team):
    return notify_team


@pytest.fixture
def smtp(app, monkeypatch):
    with smtp_server(app, monkeypatch) as inbox:
        yield inbox


@pytest.fixture
def meeting(team, make_meeting):
    """A coalition meeting with an item on the participants-only case; the
    food bank's outsider is invited and holds no role on that case."""
    coordinator = team["coordinator"]
    passer_by = team["outsider"]
    meeting = make_meeting(
        actor=coordinator,
        title="Harbor coalition, March",
        invitees=[team["inspector"].person, passer_by.person],
    )
    secret = add_agenda_item(
        coordinator, meeting, title="SECRET stakeout", case=team["case"]
    )
    secret.notes = "SECRET: informant at the pier"
    add_decision(coordinator, secret, "SECRET decision: watch from 2am")
    budget = add_agenda_item(coordinator, meeting, title="Coalition budget")
    add_decision(coordinator, budget, "The budget is approved")
    record_attendance(coordinator, meeting, team["colleague"].person, status="present")
    db.session.commit()
    return meeting


def publish(team, meeting) -> None:
    publish_minutes(team["coordinator"], meeting)
    unit_of_work().commit()  # queues the mails, as a request's commit does


def mails(smtp) -> dict[str, str]:
    return {to[0]: body(message) for to, message in smtp.messages}


def test_each_reader_gets_the_minutes_they_may_see(app, team, smtp, meeting, make_user):
    # Zoning's staff: the colleague came for zoning, so a newcomer there is told.
    newcomer = make_user(organization=team["zoning"])
    db.session.commit()
    publish(team, meeting)
    run_jobs(app)
    got = mails(smtp)
    inspector, colleague = team["inspector"].email, team["colleague"].email
    # The inspector holds a role on the case: every item.
    assert "The budget is approved" in got[inspector]
    assert "SECRET decision: watch from 2am" in got[inspector]
    assert "informant at the pier" in got[inspector]
    # The colleague came for zoning, a partner on the case: every item too.
    assert "SECRET decision" in got[colleague]
    assert set(got) == {inspector, colleague, newcomer.email, team["outsider"].email}
    outsider = got[team["outsider"].email]
    assert "The budget is approved" in outsider
    assert "SECRET" not in outsider
    assert "1 item about cases you may not see is left out" in outsider


def test_a_reader_who_chose_the_digest_gets_no_minutes_mail(
    app, client, team, smtp, meeting
):
    sign_in(client, team["inspector"])
    client.post(
        "/account/notifications", data=settings_form(minutes_published="digest")
    )
    publish(team, meeting)
    run_jobs(app)
    assert team["inspector"].email not in mails(smtp)
    assert team["colleague"].email in mails(smtp)


def test_the_publish_form_offers_the_mail_ticked(client, team, meeting):
    sign_in(client, team["coordinator"])
    page = client.get(f"/meetings/{meeting.id}/minutes").get_data(as_text=True)
    assert 'name="email" value="yes" checked' in page
    assert "Email the minutes to invitees and attendees" in page


def test_publishing_with_the_box_ticked_mails_the_minutes(
    app, client, team, smtp, meeting
):
    sign_in(client, team["coordinator"])
    form = {"early": "yes", "email": "yes"}
    client.post(f"/meetings/{meeting.id}/publish", data=form)
    run_jobs(app)
    assert team["inspector"].email in mails(smtp)
    assert "The budget is approved" in mails(smtp)[team["colleague"].email]


def test_publishing_with_the_box_unticked_sends_nothing(
    app, client, team, smtp, meeting
):
    sign_in(client, team["coordinator"])
    client.post(f"/meetings/{meeting.id}/publish", data={"early": "yes"})
    run_jobs(app)
    db.session.refresh(meeting)
    assert meeting.minutes_published_at is not None  # published all the same
    assert mails(smtp) == {}
    sign_in(client, team["inspector"])
    bell = client.get("/notifications")
    assert bell.status_code == 200
    assert "the minutes are published" not in bell.get_data(as_text=True)
