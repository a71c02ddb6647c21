"""The next assessment's due date: set on the Assessment tab by whoever may
edit the case (a stale page is a conflict), and a reminder to the case's
coordinator and lead organization the day before and on the day, once each,
only to those who may see the case then, into the digest's due section."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import Case, CaseVisibility, Notification
from caseboard.services.digests import build_digest, digest_email
from caseboard.services.measures import set_assessment_due
from caseboard.services.notification_reminders import send_reminders
from caseboard.templating import format_date
from tests.conftest import sign_in
from tests.test_notifications_settings import settings_form


@pytest.fixture
def team(notify_team, make_user):
    """The police lead the case: an analyst there besides the coordinator."""
    police = notify_team["case"].lead_organization
    notify_team["analyst"] = make_user(organization=police)
    db.session.commit()
    return notify_team


def told(user) -> list[Notification]:
    db.session.expire_all()
    query = select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "assessment_due"
    )
    return list(db.session.scalars(query.order_by(Notification.id)))


def plan(team, days: int) -> None:
    case = team["case"]
    when = today() + timedelta(days=days)
    set_assessment_due(team["coordinator"], case, when, case.version)
    db.session.commit()


def post_due(client, case, due_on: str, version: int):
    url = f"/cases/{case.id}/assessment/due"
    return client.post(url, data={"due_on": due_on, "version": version})


def test_the_assessment_tab_sets_the_next_due_date(client, team):
    case = team["case"]
    sign_in(client, team["coordinator"])
    when = today() + timedelta(days=90)
    post_due(client, case, when.isoformat(), case.version)
    db.session.expire_all()
    assert db.session.get(Case, case.id).assessment_due_on == when
    page = client.get(f"/cases/{case.id}/assessment").text
    assert f'<span id="assessment-due">{format_date(when)}</span>' in page


def test_a_stale_page_is_a_conflict_and_changes_nothing(client, team):
    case = team["case"]
    sign_in(client, team["coordinator"])
    seen = case.version
    first = today() + timedelta(days=30)
    post_due(client, case, first.isoformat(), seen)
    answer = post_due(client, case, (first + timedelta(days=5)).isoformat(), seen)
    page = client.get(answer.location).text
    assert "Someone changed this at the same moment; nothing was saved" in page
    db.session.expire_all()
    assert db.session.get(Case, case.id).assessment_due_on == first


def test_a_past_day_is_refused_and_blank_clears_it(client, team):
    case = team["case"]
    sign_in(client, team["coordinator"])
    past = today() - timedelta(days=1)
    answer = post_due(client, case, past.isoformat(), case.version)
    assert "That day has passed" in client.get(answer.location).text
    db.session.expire_all()
    assert db.session.get(Case, case.id).assessment_due_on is None
    plan(team, 10)
    post_due(client, case, "", db.session.get(Case, case.id).version)
    db.session.expire_all()
    assert db.session.get(Case, case.id).assessment_due_on is None


def test_who_may_not_edit_the_case_may_not_set_it(client, team):
    case = team["case"]
    sign_in(client, team["outsider"])
    when = (today() + timedelta(days=9)).isoformat()
    assert post_due(client, case, when, case.version).status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(Case, case.id).assessment_due_on is None


def test_the_lead_is_told_the_day_before_and_on_the_day_once_each(team):
    plan(team, 1)
    send_reminders()
    send_reminders()
    for user in (team["coordinator"], team["analyst"]):
        [eve] = told(user)
        assert "due tomorrow" in eve.text and team["case"].title in eve.text
    # The partner's staff and the outsider are not the case's assessors.
    for other in ("inspector", "colleague", "outsider"):
        assert told(team[other]) == []
    send_reminders(today() + timedelta(days=1))
    send_reminders(today() + timedelta(days=2))
    texts = [n.text for n in told(team["analyst"])]
    assert len(texts) == 2 and "due today" in texts[1]
    digest = build_digest(team["analyst"], today() + timedelta(days=1))
    assert [n.text for n in digest.reviews] == texts
    assert "The assessment of" in digest_email(digest).text_body


def test_nobody_who_may_no_longer_see_the_case_is_told(team):
    plan(team, 0)
    team["case"].visibility = CaseVisibility.RESTRICTED  # nobody named
    db.session.commit()
    send_reminders()
    assert told(team["analyst"]) == []
    assert len(told(team["coordinator"])) == 1


def test_the_reminder_can_be_turned_off(client, team):
    sign_in(client, team["analyst"])
    client.post("/account/notifications", data=settings_form(assessment_due="off"))
    plan(team, 0)
    send_reminders()
    assert told(team["analyst"]) == []
    assert len(told(team["coordinator"])) == 1
