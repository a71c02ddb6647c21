"""The periodic checks beyond tasks: a round stop gone overdue (once per
stop per overdue period) and a tie of mine going cold (once per tie per
cooling), through ``caseboard notifications remind`` and into the digest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import Notification
from caseboard.network.ties import ACTIVE_DAYS
from caseboard.services import rounds
from caseboard.services.cases import add_role
from caseboard.services.contacts import log_interaction
from caseboard.services.digests import build_digest
from caseboard.services.notification_reminders import send_reminders
from tests.conftest import sign_in
from tests.test_notifications_settings import settings_form


@pytest.fixture
def team(notify_team):
    return notify_team


def told(user, kind: str) -> list[Notification]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id, Notification.kind == kind)
            .order_by(Notification.id)
        )
    )


def remind(app) -> str:
    result = app.test_cli_runner().invoke(args=["notifications", "remind"])
    assert result.exit_code == 0, result.output
    return result.output


# Round stops -------------------------------------------------------------------


@pytest.fixture
def round_stop(team):
    zoning = team["zoning"]
    round_ = rounds.create_round(
        None,
        zoning.coalition_memberships[0].coalition,
        name="Eastgate",
        beat="E1",
        team=zoning,
    )
    stop = rounds.add_stop(
        None,
        round_,
        place="12 Pier Road",
        ideal_days=14,
        max_days=30,
        added_on=today() - timedelta(days=40),
    )
    db.session.commit()
    return stop


def test_an_overdue_stop_tells_the_team_once_per_overdue_period(
    app, client, team, round_stop
):
    inspector, colleague = team["inspector"], team["colleague"]
    remind(app)
    [note] = told(inspector, "stop_overdue")
    assert "12 Pier Road" in note.text and "Eastgate" in note.text
    assert "40 days ago (at most 30)" in note.text
    assert len(told(colleague, "stop_overdue")) == 1  # the whole team
    assert told(team["coordinator"], "stop_overdue") == []  # not the keeper
    remind(app)  # the same period: nothing new
    assert len(told(inspector, "stop_overdue")) == 1
    # Its link opens the stop's card.
    sign_in(client, inspector)
    page = client.get("/notifications").text
    assert f"/rounds/stops/{round_stop.id}" in page
    # A visit 31 days ago starts a new period, overdue again: told again.
    rounds.log_visit(inspector, round_stop, visited_on=today() - timedelta(days=31))
    db.session.commit()
    remind(app)
    assert len(told(inspector, "stop_overdue")) == 2


def test_a_stop_within_its_interval_tells_nobody(app, team, round_stop):
    rounds.log_visit(team["inspector"], round_stop, visited_on=today())
    db.session.commit()
    remind(app)
    assert told(team["inspector"], "stop_overdue") == []


def test_an_officers_round_tells_the_officer(app, team):
    officer = team["coordinator"]
    round_ = rounds.create_round(
        None,
        team["case"].coalition,
        name="Night beat",
        beat="N2",
        officer=officer,
    )
    rounds.add_stop(None, round_, place="Rusty Nail", ideal_days=7, max_days=10,
                    added_on=today() - timedelta(days=11))  # fmt: skip
    db.session.commit()
    send_reminders()
    assert len(told(officer, "stop_overdue")) == 1
    assert told(team["inspector"], "stop_overdue") == []


# Ties going cold ----------------------------------------------------------------


def contact(a, b, days_ago: int) -> None:
    log_interaction(
        None,
        occurred_on=today() - timedelta(days=days_ago),
        kind="call",
        people=[a, b],
    )
    db.session.commit()


def test_a_tie_going_cold_is_told_once_per_cooling_and_in_the_digest(
    app, team, make_person
):
    inspector = team["inspector"]
    frank = make_person(full_name="Frank Russo")
    fresh = make_person(full_name="Fresh Contact")
    long_gone = make_person(full_name="Long Gone")
    contact(inspector.person, frank, ACTIVE_DAYS + 15)  # cooling
    contact(inspector.person, fresh, 3)  # active
    contact(inspector.person, long_gone, 400)  # cold long ago: no news
    send_reminders()
    [note] = told(inspector, "tie_cold")
    assert note.text.startswith(
        f"You have not been in touch with Frank Russo for {ACTIVE_DAYS + 15} days"
    )
    assert note.person_id == frank.id
    send_reminders()  # the same cooling: nothing new
    assert len(told(inspector, "tie_cold")) == 1
    # The next day's digest has a "Ties going cold" section with it.
    digest = build_digest(inspector, today() + timedelta(days=1))
    assert [n.id for n in digest.cold] == [note.id]
    assert note not in digest.changes
    # A contact warms the tie; when it cools again, it is told again.
    contact(inspector.person, frank, ACTIVE_DAYS + 2)
    send_reminders()
    assert len(told(inspector, "tie_cold")) == 2


def test_ties_going_cold_can_be_turned_off(app, client, team, make_person):
    inspector = team["inspector"]
    contact(inspector.person, make_person(full_name="Frank Russo"), ACTIVE_DAYS + 5)
    sign_in(client, inspector)
    client.post("/account/notifications", data=settings_form(tie_cold="off"))
    send_reminders()
    assert told(inspector, "tie_cold") == []


def test_a_tie_going_cold_names_a_case_the_two_share_with_its_stage(
    app, team, make_person
):
    inspector, case = team["inspector"], team["case"]
    frank = make_person(full_name="Frank Russo")
    add_role(team["coordinator"], case, role="partner", person=frank)
    db.session.commit()
    contact(inspector.person, frank, 75)
    send_reminders()
    [note] = told(inspector, "tie_cold")
    stage = case.stage.label
    assert note.text.startswith(
        "You have not been in touch with Frank Russo for 75 days; "
        f"the {case.title} case is in {stage} (last contact "
    )
    assert note.case_id == case.id


def test_a_cold_tie_never_names_a_case_the_recipient_may_not_see(
    app, team, make_person, make_case, make_organization
):
    inspector = team["inspector"]
    frank = make_person(full_name="Frank Russo")
    elsewhere = make_organization(name="Housing Authority")
    hidden = make_case(
        lead=elsewhere, coordinator=team["coordinator"], visibility="participants"
    )
    hidden.title = "SECRET raid"
    add_role(team["coordinator"], hidden, role="partner", person=frank)
    db.session.commit()
    contact(inspector.person, frank, 75)
    send_reminders()
    [note] = told(inspector, "tie_cold")
    assert note.text.startswith(
        "You have not been in touch with Frank Russo for 75 days (last contact "
    )
    assert "SECRET" not in note.text
    assert note.case_id is None
