"""A decision's review date: set when the decision is recorded, shown on the
run screen, the minutes and the case's timeline; the meeting's coordinators and the
owners of the item's action items are told the day before and on the day,
once each, if they may see the meeting then, and as their settings say."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import CaseVisibility, Decision, Notification
from caseboard.services.agenda import add_action_item, add_agenda_item, add_decision
from caseboard.services.digests import build_digest, digest_email
from caseboard.services.notification_reminders import send_reminders
from tests.conftest import sign_in
from tests.test_notifications_settings import settings_form


@pytest.fixture
def team(notify_team):
    return notify_team


@pytest.fixture
def item(team, make_meeting):
    """An item on the team's case, with an action for the inspector."""
    coordinator = team["coordinator"]
    meeting = make_meeting(actor=coordinator, title="Harbor coalition, March")
    item = add_agenda_item(coordinator, meeting, title="Rusty Nail", case=team["case"])
    add_action_item(
        coordinator, item, title="Check the lights", assignee=team["inspector"].person
    )
    db.session.execute(db.delete(Notification))  # the set-up's own news
    db.session.commit()
    return item


def told(user) -> list[Notification]:
    db.session.expire_all()
    query = select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "decision_review"
    )
    return list(db.session.scalars(query.order_by(Notification.id)))


def decide(team, item, review_in: int) -> Decision:
    when = today() + timedelta(days=review_in)
    decision = add_decision(team["coordinator"], item, "Close at midnight", when)
    db.session.commit()
    return decision


def test_the_run_screen_records_a_review_date_shown_there_and_on_the_case(
    client, team, item
):
    sign_in(client, team["coordinator"])
    when = today() + timedelta(days=20)
    base = f"/meetings/{item.meeting_id}"
    form = {"text": "Close at midnight", "review_on": when.isoformat()}
    client.post(f"{base}/items/{item.id}/decisions", data=form)
    [decision] = item.decisions
    assert decision.review_on == when
    shown = f"review on {format_day(when)}"
    assert shown in client.get(f"{base}/run").text
    assert shown in client.get(f"{base}/minutes").text
    case_page = client.get(f"/cases/{team['case'].id}").text  # its timeline
    assert f"Close at midnight (review on {format_day(when)})" in case_page


def test_a_past_review_date_is_refused_and_nothing_recorded(client, team, item):
    sign_in(client, team["coordinator"])
    past = today() - timedelta(days=1)
    base = f"/meetings/{item.meeting_id}"
    form = {"text": "Close at midnight", "review_on": past.isoformat()}
    page = client.post(f"{base}/items/{item.id}/decisions", data=form)
    assert "The review date has passed" in client.get(page.location).text
    db.session.expire_all()
    assert item.decisions == []


def test_a_decision_without_a_review_date_says_none(client, team, item):
    add_decision(team["coordinator"], item, "Close at midnight")
    db.session.commit()
    sign_in(client, team["coordinator"])
    case_page = client.get(f"/cases/{team['case'].id}").text
    assert "Close at midnight" in case_page and "review on" not in case_page


def test_reviewers_are_told_the_day_before_and_on_the_day_once_each(team, item):
    coordinator, inspector = team["coordinator"], team["inspector"]
    decide(team, item, review_in=1)
    send_reminders()
    send_reminders()  # twice in a day: nobody is told twice
    for user in (coordinator, inspector):
        [eve] = told(user)
        assert "due for review tomorrow" in eve.text
        assert "Close at midnight" in eve.text
    assert told(team["colleague"]) == [] and told(team["outsider"]) == []
    send_reminders(today() + timedelta(days=1))
    send_reminders(today() + timedelta(days=1))
    send_reminders(today() + timedelta(days=2))  # after the day: no more
    texts = [n.text for n in told(inspector)]
    assert len(texts) == 2 and "due for review today" in texts[1]
    # In the next day's digest (all were made today), in the due section.
    digest = build_digest(inspector, today() + timedelta(days=1))
    assert [n.text for n in digest.reviews] == texts
    mail = digest_email(digest)
    assert "Reviews due" in mail.text_body and texts[0] in mail.text_body
    assert "Reviews due" in mail.html_body
    assert digest.changes == []


def test_a_reviewer_who_may_no_longer_see_the_case_is_not_told(team, item):
    decide(team, item, review_in=1)
    team["case"].visibility = CaseVisibility.RESTRICTED  # no organization named
    db.session.commit()
    send_reminders()
    assert told(team["inspector"]) == []
    assert len(told(team["coordinator"])) == 1  # the coordinator always sees it


def test_review_reminders_can_be_turned_off(client, team, item):
    sign_in(client, team["inspector"])
    client.post("/account/notifications", data=settings_form(decision_review="off"))
    decide(team, item, review_in=0)
    send_reminders()
    assert told(team["inspector"]) == []
    assert "due for review today" in told(team["coordinator"])[0].text


def format_day(day) -> str:
    from caseboard.templating import format_date

    return format_date(day)
