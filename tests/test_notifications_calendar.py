"""The personal calendar feed, read back with the icalendar library."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from caseboard.extensions import db
from caseboard.models import CalendarFeed
from tests.conftest import sign_in


@pytest.fixture
def team(notify_team):
    return notify_team


def make_feed(client, user) -> str:
    sign_in(client, user)
    page = client.post("/account/calendar").text
    [url] = re.findall(r'<code class="feed-url">([^<]+)</code>', page)
    return url.removeprefix("http://localhost")


def test_my_feed_has_my_series_with_its_rule_and_my_due_dates(
    app, client, team, make_meeting, make_task
):
    inspector = team["inspector"]
    monday = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    make_meeting(case=team["case"], actor=team["coordinator"], title="Weekly huddle",
                 starts_at=monday, repeats="weekly",
                 invitees=[inspector.person])  # fmt: skip
    make_meeting(case=team["case"], actor=team["coordinator"], title="Not mine",
                 starts_at=monday)  # fmt: skip
    make_task(case=team["case"], actor=team["coordinator"],
              assignee=inspector.person, title="Walk the lot")  # fmt: skip
    url = make_feed(client, inspector)
    anonymous = app.test_client()  # calendar apps do not sign in
    response = anonymous.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Weekly huddle", "Due: Walk the lot"}
    huddle = events["Weekly huddle"]
    assert huddle["rrule"]["FREQ"] == ["WEEKLY"]
    assert huddle["dtstart"].dt == monday
    assert huddle["dtstart"].params.get("TZID") == app.config["TIMEZONE"] or (
        app.config["TIMEZONE"] == "UTC"
    )
    assert calendar.walk("VTIMEZONE") or app.config["TIMEZONE"] == "UTC"


def test_the_token_is_stored_hashed_and_a_new_one_revokes_the_old(app, client, team):
    first = make_feed(client, team["inspector"])
    token = first.rsplit("/", 1)[1].removesuffix(".ics")
    [stored] = db.session.scalars(db.select(CalendarFeed)).all()
    assert token not in stored.token_hash and len(stored.token_hash) == 64
    second = make_feed(client, team["inspector"])
    anonymous = app.test_client()
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    sign_in(client, team["inspector"])
    client.post("/account/calendar/revoke")
    assert anonymous.get(second).status_code == 404


def test_one_users_token_never_shows_anothers_data(app, client, team, make_task):
    make_task(case=team["case"], actor=team["coordinator"],
              assignee=team["colleague"].person, title="Colleague only")  # fmt: skip
    mine = make_feed(client, team["inspector"])
    body = app.test_client().get(mine).text
    assert "Colleague only" not in body
    assert app.test_client().get("/calendar/not-a-token.ics").status_code == 404


def test_the_feed_applies_access_when_read(app, client, team, make_task):
    from datetime import date

    from caseboard.services.cases import end_role

    make_task(case=team["case"], actor=team["coordinator"],
              assignee=team["colleague"].person, title="Zoning task")  # fmt: skip
    url = make_feed(client, team["colleague"])
    assert "Zoning task" in app.test_client().get(url).text
    partner = next(
        r for r in team["case"].active_roles if r.organization_id == team["zoning"].id
    )
    end_role(team["coordinator"], partner, date.today())
    db.session.commit()
    assert "Zoning task" not in app.test_client().get(url).text


def local_day(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` (1-based; -1 the last) ``weekday`` of a month."""
    days = [
        d
        for d in range(1, monthrange(year, month)[1] + 1)
        if date(year, month, d).weekday() == weekday
    ]
    return date(year, month, days[nth - 1 if nth > 0 else nth])


@pytest.mark.parametrize(
    ("nth", "byday"),
    [(2, "2TU"), (1, "1TU"), (-1, "-1TU")],
)
def test_a_monthly_series_keeps_its_weekdays_place_in_the_month(
    app, client, team, make_meeting, nth, byday
):
    """RFC 5545 section 3.3.10: "FREQ=MONTHLY;BYDAY=2TU" is every second
    Tuesday (the RFC's own example of a numbered BYDAY is "-1SU", the last
    Sunday). The feed's rule, expanded by dateutil, gives the same dates the
    app schedules its next meetings on."""
    from caseboard.clock import coalition_zone
    from caseboard.queries.meetings import next_start

    inspector, zone = team["inspector"], coalition_zone()
    soon = date.today() + timedelta(days=40)
    day = local_day(soon.year, soon.month, 1, nth)  # a Tuesday
    starts = datetime.combine(day, time(10, 0), tzinfo=zone).astimezone(UTC)
    meeting = make_meeting(case=team["case"], actor=team["coordinator"],
                           title="Partners", starts_at=starts, repeats="monthly",
                           invitees=[inspector.person])  # fmt: skip
    url = make_feed(client, inspector)
    calendar = Calendar.from_ical(app.test_client().get(url).data)
    [event] = calendar.walk("VEVENT")
    assert event["rrule"].to_ical().decode() == f"FREQ=MONTHLY;BYDAY={byday}"
    expanded = rrulestr(event["rrule"].to_ical().decode(), dtstart=event["dtstart"].dt)
    following = expanded.after(event["dtstart"].dt)
    assert following.astimezone(UTC) == next_start(meeting)
    assert following.astimezone(zone).weekday() == 1
