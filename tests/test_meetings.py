import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from caseboard.extensions import db
from caseboard.models import AgendaItem, Attendance, Meeting, Task
from caseboard.queries.meetings import follow_through, next_start
from caseboard.services.agenda import add_action_item, add_agenda_item, add_decision
from caseboard.services.meetings import create_next_meeting, record_attendance
from caseboard.services.tasks import change_status
from tests.conftest import sign_in
from tests.factories import make_overdue

UTC_ZONE = ZoneInfo("UTC")


@pytest.fixture
def coalition(make_user, make_organization, make_case, make_person):
    from caseboard.services.cases import add_role

    police = make_organization(name="Harbor City Police Department", kind="police")
    zoning = make_organization(name="Zoning and Code Enforcement")
    coordinator = make_user(role="coordinator", organization=police)
    inspector = make_user(organization=zoning)
    case = make_case(
        lead=police, coordinator=coordinator, title="Water Street assaults"
    )
    add_role(coordinator, case, role="partner", organization=zoning)
    db.session.commit()
    return {
        "police": police,
        "zoning": zoning,
        "coordinator": coordinator,
        "inspector": inspector,
        "case": case,
        "guest": make_person(organization=zoning, full_name="Walk In"),
    }


def meeting_form(**overrides):
    return {
        "title": "Nightlife partners",
        "case_id": "0",
        "day": (date.today() + timedelta(days=5)).isoformat(),
        "time": "18:30",
        "duration_minutes": "60",
        "location": "HQ",
        "video_link": "",
        "repeats": "monthly",
    } | overrides


def test_a_coordinator_schedules_a_coalition_meeting(client, coalition):
    sign_in(client, coalition["coordinator"])
    response = client.post(
        "/meetings/new",
        data=meeting_form(invitees=[str(coalition["inspector"].person_id)]),
    )
    assert response.status_code == 302
    meeting = db.session.scalars(db.select(Meeting)).one()
    assert meeting.case is None
    assert meeting.starts_at.hour == 18 and meeting.starts_at.tzinfo is not None
    assert [i.person_id for i in meeting.invitations] == [
        coalition["inspector"].person_id
    ]
    assert "Nightlife partners" in client.get("/meetings").text


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"time": "25:99"}, "Not a valid time value."),
        ({"duration_minutes": "0"}, "Number must be between 5 and 600."),
        ({"video_link": "not a url"}, "Invalid URL."),
        ({"repeats": "hourly"}, "Not a valid choice."),
        ({"case_id": "99999"}, "Not a valid choice."),
    ],
)
def test_bad_meeting_input_changes_nothing(client, coalition, overrides, message):
    sign_in(client, coalition["coordinator"])
    response = client.post("/meetings/new", data=meeting_form(**overrides))
    assert response.status_code == 200 and message in response.text
    assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 0


def test_who_may_schedule_and_run(client, coalition, make_user, make_meeting):
    member = coalition["inspector"]
    sign_in(client, member)
    assert client.get("/meetings/new").status_code == 403  # coalition meetings
    case_id = coalition["case"].id
    assert client.get(f"/meetings/new?case={case_id}").status_code == 200  # on the case
    meeting = make_meeting(actor=coalition["coordinator"])
    assert client.get(f"/meetings/{meeting.id}").status_code == 200
    assert client.get(f"/meetings/{meeting.id}/minutes").status_code == 200
    for url in [
        f"/meetings/{meeting.id}/run",
        f"/meetings/{meeting.id}/edit",
        f"/meetings/{meeting.id}/suggest",
    ]:
        assert client.get(url).status_code == 403, url
    for url in [
        f"/meetings/{meeting.id}/items",
        f"/meetings/{meeting.id}/attendance",
        f"/meetings/{meeting.id}/publish",
        f"/meetings/{meeting.id}/next",
    ]:
        assert (
            client.post(url, data={"title": "x", "person_id": "1"}).status_code == 403
        )
    sign_in(client, coalition["coordinator"])
    assert client.get(f"/meetings/{meeting.id}/run").status_code == 200


def test_a_meeting_of_a_hidden_case_is_not_found(
    client, coalition, make_user, make_organization, make_meeting
):
    case = coalition["case"]
    case.visibility = "participants"
    db.session.commit()
    meeting = make_meeting(case=case, actor=coalition["coordinator"])
    outsider = make_user(organization=make_organization(name="Food Bank"))
    sign_in(client, outsider)
    for url in ["", "/minutes", "/minutes.md", "/calendar.ics", "/run"]:
        assert client.get(f"/meetings/{meeting.id}{url}").status_code == 404, url
    assert meeting.title not in client.get("/meetings").text or "Monthly" not in (
        client.get("/meetings").text
    )
    sign_in(client, coalition["inspector"])  # on the case
    assert client.get(f"/meetings/{meeting.id}/minutes").status_code == 200


def test_agenda_suggestions_add_reorder_and_remove(
    client, coalition, make_task, make_meeting
):
    meeting = make_meeting(actor=coalition["coordinator"])
    make_overdue(make_task(case=coalition["case"], actor=coalition["coordinator"]))
    sign_in(client, coalition["coordinator"])
    page = client.get(f"/meetings/{meeting.id}/suggest").text
    assert "Water Street assaults" in page and "1 overdue task" in page
    key = re.search(r'name="pick" value="(overdue-\d+)"', page).group(1)
    client.post(f"/meetings/{meeting.id}/suggest", data={"pick": [key, "made-up"]})
    client.post(
        f"/meetings/{meeting.id}/items",
        data={"title": "Round table", "case_id": "0", "presenter_id": "0"},
    )
    db.session.refresh(meeting)
    assert [i.title for i in meeting.items] == ["Water Street assaults", "Round table"]
    second = meeting.items[1]
    client.post(f"/meetings/{meeting.id}/items/{second.id}/move", data={"up": "1"})
    db.session.expire_all()
    assert [i.title for i in db.session.get(Meeting, meeting.id).items] == [
        "Round table",
        "Water Street assaults",
    ]
    client.post(f"/meetings/{meeting.id}/items/{second.id}/remove")
    assert db.session.scalar(db.select(db.func.count(AgendaItem.id))) == 1


def test_running_the_meeting(client, coalition, make_meeting):
    meeting = make_meeting(
        actor=coalition["coordinator"], invitees=[coalition["inspector"].person]
    )
    item = add_agenda_item(
        coalition["coordinator"], meeting, title="Water Street", case=coalition["case"]
    )
    db.session.commit()
    sign_in(client, coalition["coordinator"])
    base = f"/meetings/{meeting.id}"
    client.post(
        f"{base}/attendance",
        data={"person_id": coalition["inspector"].person_id, "status": "present"},
    )
    client.post(
        f"{base}/attendance",
        data={"person_id": coalition["guest"].id, "status": "present", "walk_in": "y"},
    )
    client.post(
        f"{base}/attendance",
        data={"person_id": coalition["guest"].id, "status": "apologies"},
    )
    rows = db.session.scalars(db.select(Attendance).order_by(Attendance.id)).all()
    assert [(a.status, a.walk_in, a.organization_id) for a in rows] == [
        ("present", False, coalition["zoning"].id),
        ("apologies", True, coalition["zoning"].id),
    ]
    saved = client.post(
        f"{base}/items/{item.id}/notes",
        data={"notes": "ABC inspects Friday", "version": item.version},
        headers={"HX-Request": "true"},
    )
    assert "Saved at" in saved.text and 'hx-swap-oob="true"' in saved.text
    stale = client.post(
        f"{base}/items/{item.id}/notes",
        data={"notes": "mine", "version": item.version - 1},
        headers={"HX-Request": "true"},
    )
    assert "Someone else changed these notes meanwhile" in stale.text
    assert "ABC inspects Friday" in stale.text
    db.session.refresh(item)
    assert item.notes == "ABC inspects Friday"

    client.post(
        f"{base}/items/{item.id}/decisions", data={"text": "Adopt accreditation"}
    )
    due = (date.today() + timedelta(days=10)).isoformat()
    client.post(
        f"{base}/items/{item.id}/actions",
        data={
            "title": "Draft standards",
            "assignee_id": coalition["inspector"].person_id,
            "organization_id": coalition["zoning"].id,
            "due_on": due,
        },
    )
    past = client.post(
        f"{base}/items/{item.id}/actions",
        data={
            "title": "Too late",
            "assignee_id": "0",
            "organization_id": "0",
            "due_on": "2001-01-01",
        },
    )
    assert past.status_code == 200
    assert "cannot be due in the past" in past.text and 'value="Too late"' in past.text
    task = db.session.scalars(
        db.select(Task).where(Task.title == "Draft standards")
    ).one()
    assert task.case == coalition["case"] and task.agenda_item_id == item.id
    sign_in(client, coalition["inspector"])
    assert "Draft standards" in client.get("/tasks/mine").text


def test_an_action_item_needs_a_case(coalition, make_meeting):
    from caseboard.services.errors import ServiceError

    meeting = make_meeting(actor=coalition["coordinator"])
    item = add_agenda_item(
        coalition["coordinator"], meeting, title="Any other business"
    )
    with pytest.raises(ServiceError, match="Choose the case"):
        add_action_item(coalition["coordinator"], item, title="Something")


def test_minutes_markdown_ics_and_publishing(client, coalition, make_meeting):
    meeting = make_meeting(actor=coalition["coordinator"], location="HQ, room 2")
    item = add_agenda_item(
        coalition["coordinator"], meeting, title="Water Street", case=coalition["case"]
    )
    record_attendance(
        coalition["coordinator"],
        meeting,
        coalition["inspector"].person,
        status="present",
    )
    add_decision(coalition["coordinator"], item, "Adopt the accreditation")
    add_action_item(
        coalition["coordinator"],
        item,
        title="Draft standards",
        organization=coalition["zoning"],
        due_on=date.today() + timedelta(days=9),
    )
    db.session.commit()
    sign_in(client, coalition["coordinator"])
    page = client.get(f"/meetings/{meeting.id}/minutes").text
    assert (
        "Zoning and Code Enforcement:</strong> "
        + coalition["inspector"].person.full_name
        in page
    )
    assert "Adopt the accreditation" in page and "Draft standards" in page
    assert "DECISIONS" in page  # the email summary
    markdown = client.get(f"/meetings/{meeting.id}/minutes.md")
    assert markdown.headers["Content-Disposition"].startswith("attachment")
    assert (
        "## 1. Water Street" in markdown.text
        and "- Adopt the accreditation" in markdown.text
    )
    ics = client.get(f"/meetings/{meeting.id}/calendar.ics")
    assert ics.mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in ics.text and "LOCATION:HQ\\, room 2" in ics.text
    asked = client.post(f"/meetings/{meeting.id}/publish")
    assert asked.status_code == 200 and "it has not happened yet" in asked.text
    db.session.refresh(meeting)
    assert not meeting.is_published
    published = client.post(f"/meetings/{meeting.id}/publish", data={"early": "yes"})
    assert published.status_code == 302
    db.session.refresh(meeting)
    assert meeting.is_published


def test_next_meeting_carries_over_open_items_and_unfinished_actions(
    coalition, make_meeting
):
    start = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)  # second Tuesday
    meeting = make_meeting(
        actor=coalition["coordinator"],
        starts_at=start,
        invitees=[coalition["inspector"].person],
    )
    actor = coalition["coordinator"]
    open_item = add_agenda_item(
        actor, meeting, title="Lighting", case=coalition["case"]
    )
    done_item = add_agenda_item(
        actor, meeting, title="Done item", case=coalition["case"]
    )
    done_item.status = "done"
    unfinished = add_action_item(
        actor,
        open_item,
        title="Call the utility",
        due_on=date.today() + timedelta(days=3),
    )
    finished = add_action_item(
        actor, done_item, title="Send letter", due_on=date.today() + timedelta(days=3)
    )
    change_status(actor, finished, status="done", expected_version=finished.version)
    db.session.commit()
    following = create_next_meeting(actor, meeting)
    assert following.starts_at == datetime(2027, 1, 12, 15, 0, tzinfo=UTC)
    assert [i.title for i in following.items] == [
        "Lighting",
        "Follow up: Call the utility",
    ]
    assert [i.person_id for i in following.invitations] == [
        coalition["inspector"].person_id
    ]
    assert create_next_meeting(actor, meeting) is following  # not twice
    assert unfinished.agenda_item == open_item


@pytest.mark.parametrize(
    ("start", "repeats", "expected"),
    [
        (
            datetime(2026, 1, 29, 9, tzinfo=UTC),
            "monthly",
            datetime(2026, 2, 26, 9, tzinfo=UTC),
        ),
        (
            datetime(2026, 12, 1, 9, tzinfo=UTC),
            "monthly",
            datetime(2027, 1, 5, 9, tzinfo=UTC),
        ),
        (
            datetime(2026, 3, 3, 9, tzinfo=UTC),
            "weekly",
            datetime(2026, 3, 10, 9, tzinfo=UTC),
        ),
    ],
)
def test_next_start_keeps_the_weekday_pattern(start, repeats, expected):
    assert next_start(Meeting(starts_at=start, repeats=repeats), UTC_ZONE) == expected


def test_next_start_keeps_local_time_across_daylight_saving():
    new_york = ZoneInfo("America/New_York")
    # Tuesday 13 October 2026, 10:00 in New York (EDT) -> Tuesday 10 November,
    # still 10:00 local although the offset changed (EST).
    start = datetime(2026, 10, 13, 10, 0, tzinfo=new_york)
    following = next_start(Meeting(starts_at=start, repeats="monthly"), new_york)
    assert following.astimezone(new_york) == datetime(
        2026, 11, 10, 10, 0, tzinfo=new_york
    )
    # An evening meeting on the first Tuesday in Los Angeles is already
    # Wednesday in UTC; it must stay on the first Tuesday.
    los_angeles = ZoneInfo("America/Los_Angeles")
    evening = datetime(2026, 7, 7, 20, 30, tzinfo=los_angeles)
    following = next_start(Meeting(starts_at=evening, repeats="monthly"), los_angeles)
    assert following.astimezone(los_angeles).date() == date(2026, 8, 4)


def test_follow_through_counts_action_items_done_by_their_due_date(
    coalition, make_meeting
):
    actor = coalition["coordinator"]
    past = datetime.now(UTC) - timedelta(days=20)
    meeting = make_meeting(actor=actor, starts_at=past)
    item = add_agenda_item(actor, meeting, title="Water Street", case=coalition["case"])
    on_time = add_action_item(
        actor,
        item,
        title="A",
        organization=coalition["zoning"],
        due_on=date.today() + timedelta(days=1),
    )
    change_status(actor, on_time, status="done", expected_version=on_time.version)
    late = add_action_item(
        actor,
        item,
        title="B",
        organization=coalition["zoning"],
        due_on=date.today() + timedelta(days=1),
    )
    late.due_on = date.today() - timedelta(days=5)  # it is past due and not done
    add_action_item(
        actor,
        item,
        title="C",
        organization=coalition["police"],
        due_on=date.today() + timedelta(days=30),
    )  # not due yet: not counted
    db.session.commit()
    assert follow_through(actor) == {coalition["zoning"].id: (1, 2)}


def test_follow_through_counts_no_action_items_of_cases_the_viewer_cannot_see(
    client, coalition, make_user, make_organization, make_meeting
):
    # Issue 12, finding 6: the percentages counted every action item, so an
    # outsider learned how many there were on a case hidden from them.
    actor = coalition["coordinator"]
    private = coalition["case"]
    private.visibility = "participants"
    meeting = make_meeting(
        actor=actor, starts_at=datetime.now(UTC) - timedelta(days=20)
    )
    item = add_agenda_item(actor, meeting, title="Secret matter", case=private)
    task = add_action_item(
        actor,
        item,
        title="Inspect the back door",
        organization=coalition["zoning"],
        due_on=date.today() + timedelta(days=1),
    )
    task.due_on = date.today() - timedelta(days=2)  # due and not done
    db.session.commit()
    zoning = coalition["zoning"]
    outsider = make_user(organization=make_organization(name="Food Bank"))
    sign_in(client, outsider)
    assert "0 of 1" not in client.get(f"/organizations/{zoning.id}").text
    assert "(0/1)" not in client.get("/").text
    sign_in(client, coalition["inspector"])  # on the case
    assert "0 of 1" in client.get(f"/organizations/{zoning.id}").text
    assert "(0/1)" in client.get("/").text


def test_a_coalition_meeting_hides_items_about_cases_the_viewer_cannot_see(
    client, coalition, make_user, make_organization, make_meeting
):
    private = coalition["case"]
    private.visibility = "participants"
    db.session.commit()
    meeting = make_meeting(actor=coalition["coordinator"])
    item = add_agenda_item(
        coalition["coordinator"], meeting, title="Secret matter", case=private
    )
    add_decision(coalition["coordinator"], item, "Raid on Friday")
    add_agenda_item(coalition["coordinator"], meeting, title="Open matter")
    db.session.commit()
    outsider = make_user(organization=make_organization(name="Food Bank"))
    sign_in(client, outsider)
    for url in ["", "/minutes", "/minutes.md"]:
        text = client.get(f"/meetings/{meeting.id}{url}").text
        assert "Open matter" in text, url
        assert "Secret matter" not in text and "Raid on Friday" not in text, url
    assert (
        "1 item about cases you cannot see is not shown"
        in client.get(f"/meetings/{meeting.id}").text
    )
    sign_in(client, coalition["inspector"])  # on the case
    assert "Raid on Friday" in client.get(f"/meetings/{meeting.id}/minutes").text


def test_running_a_meeting_adds_no_tasks_to_cases_one_may_not_edit(
    client, coalition, make_case, make_organization, make_meeting
):
    other_case = make_case(lead=make_organization(name="Parks"), title="Riverside Park")
    meeting = make_meeting(actor=coalition["coordinator"])
    item = add_agenda_item(
        coalition["coordinator"], meeting, title="Park", case=other_case
    )
    db.session.commit()
    sign_in(client, coalition["coordinator"])  # a coordinator, not on the park case
    response = client.post(
        f"/meetings/{meeting.id}/items/{item.id}/actions",
        data={
            "title": "Clear the tents",
            "assignee_id": "0",
            "organization_id": "0",
            "due_on": "",
        },
    )
    assert response.status_code == 200
    assert "You cannot add tasks to “Riverside Park”" in response.text
    assert 'value="Clear the tents"' in response.text  # what was typed stays
    assert db.session.scalar(db.select(db.func.count(Task.id))) == 0


@pytest.mark.parametrize(
    "data",
    [
        {"person_id": "99999999999999999999", "status": "present"},
        {"person_id": "", "status": "present"},
        {"person_id": "1", "status": "asleep"},
    ],
)
def test_bad_attendance_is_refused_without_an_error(
    client, coalition, make_meeting, data
):
    meeting = make_meeting(actor=coalition["coordinator"])
    sign_in(client, coalition["coordinator"])
    response = client.post(f"/meetings/{meeting.id}/attendance", data=data)
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Attendance.id))) == 0


def test_a_meeting_far_in_the_past_is_refused(client, coalition):
    sign_in(client, coalition["coordinator"])
    response = client.post("/meetings/new", data=meeting_form(day="0001-01-01"))
    assert "more than five years ago" in response.text


def test_calendar_text_cannot_break_out_of_its_line(coalition, make_meeting):
    from caseboard.services.minutes import calendar_ics

    meeting = make_meeting(
        actor=coalition["coordinator"],
        location="Room\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:Injected",
    )
    text = calendar_ics(meeting, "https://example.org/meetings/1", "example.org")
    assert text.split("\r\n").count("BEGIN:VEVENT") == 1
    assert "LOCATION:Room\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Injected" in text


def test_each_meetings_calendar_file_is_that_meeting(client, coalition, make_meeting):
    meeting = make_meeting(actor=coalition["coordinator"], location="HQ")
    following = create_next_meeting(coalition["coordinator"], meeting)
    db.session.commit()
    sign_in(client, coalition["coordinator"])
    this_one = client.get(f"/meetings/{meeting.id}/calendar.ics")
    assert f"meeting-{meeting.id}.ics" in this_one.headers["Content-Disposition"]
    assert f"UID:meeting-{meeting.id}@" in this_one.text
    minutes_page = client.get(f"/meetings/{meeting.id}/minutes").text
    assert f"/meetings/{following.id}/calendar.ics" in minutes_page


def test_a_suggested_case_item_does_not_repeat_the_case_title(
    client, coalition, make_task, make_meeting
):
    meeting = make_meeting(actor=coalition["coordinator"])
    make_overdue(make_task(case=coalition["case"], actor=coalition["coordinator"]))
    sign_in(client, coalition["coordinator"])
    page = client.get(f"/meetings/{meeting.id}/suggest").text
    key = re.search(r'name="pick" value="(overdue-\d+)"', page).group(1)
    client.post(f"/meetings/{meeting.id}/suggest", data={"pick": [key]})
    item = db.session.scalars(db.select(AgendaItem)).one()
    for url, start, end in [
        ("", f'id="item-{item.id}"', "item-tools"),
        ("/run", f'id="item-{item.id}"', "Mark done"),
        ("/minutes", 'class="minutes-item"', "</section>"),
    ]:
        page = client.get(f"/meetings/{meeting.id}{url}").text
        heading = page[page.index(start) : page.index(end, page.index(start))]
        assert re.sub(r"<[^>]+>", "", heading).count("Water Street assaults") == 1


def test_attendance_in_place_answers_the_row_and_the_count(
    client, coalition, make_meeting
):
    meeting = make_meeting(
        actor=coalition["coordinator"], invitees=[coalition["inspector"].person]
    )
    sign_in(client, coalition["coordinator"])
    person_id = coalition["inspector"].person_id
    answer = client.post(
        f"/meetings/{meeting.id}/attendance",
        data={"person_id": person_id, "status": "apologies"},
        headers={"HX-Request": "true", "HX-Target": f"attendee-{person_id}"},
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith(f'<li id="attendee-{person_id}"')
    assert 'class="apologies"' in answer.text
    assert 'id="present-count" class="count" hx-swap-oob="true">0 present' in (
        answer.text
    )
    assert '<div id="mark-all" hx-swap-oob="true">' in answer.text
    assert "Mark everyone invited present" not in answer.text  # nobody waiting
    refused = client.post(
        f"/meetings/{meeting.id}/attendance",
        data={"person_id": person_id, "status": "asleep"},
        headers={"HX-Request": "true", "HX-Target": f"attendee-{person_id}"},
    )
    assert refused.headers["HX-Retarget"] == "#attendance"
    assert "Attendance was not recorded: Not a valid choice." in refused.text
    plain = client.post(
        f"/meetings/{meeting.id}/attendance",
        data={"person_id": person_id, "status": "present", "next": "/x"},
    )
    assert plain.headers["Location"].endswith(f"/meetings/{meeting.id}#attendance")


def test_mark_everyone_invited_present_keeps_apologies(
    client, coalition, make_meeting, make_person
):
    others = [make_person(full_name=f"Invitee {n}") for n in range(3)]
    meeting = make_meeting(
        actor=coalition["coordinator"],
        invitees=[coalition["inspector"].person, *others],
    )
    record_attendance(coalition["coordinator"], meeting, others[0], status="apologies")
    db.session.commit()
    sign_in(client, coalition["coordinator"])
    page = client.get(f"/meetings/{meeting.id}/run").text
    assert "Mark everyone invited present (3)" in page
    answer = client.post(
        f"/meetings/{meeting.id}/attendance/all",
        headers={"HX-Request": "true", "HX-Target": "attendance"},
    )
    assert '<section id="attendance"' in answer.text and "3 present" in answer.text
    statuses = {
        a.person.full_name: a.status
        for a in db.session.scalars(db.select(Attendance)).all()
    }
    assert statuses["Invitee 0"] == "apologies"
    assert sorted(s for s in statuses.values() if s == "present") == ["present"] * 3
    assert (
        "Mark everyone invited present"
        not in client.get(f"/meetings/{meeting.id}/run").text
    )


def test_a_refused_agenda_item_keeps_what_was_typed_beside_its_errors(
    client, coalition, make_case, make_organization, make_meeting
):
    meeting = make_meeting(actor=coalition["coordinator"], case=coalition["case"])
    other = make_case(lead=coalition["police"], title="Riverside Park")
    sign_in(client, coalition["coordinator"])
    refused = client.post(
        f"/meetings/{meeting.id}/items",
        data={"title": "Tents by the river", "case_id": other.id, "minutes": "500"},
    )
    assert refused.status_code == 200
    form = refused.text[refused.text.index('id="add-item"') :]
    assert 'value="Tents by the river"' in form
    assert "Number must be between 1 and 240." in form
    other_case = client.post(
        f"/meetings/{meeting.id}/items",
        data={"title": "Tents by the river", "case_id": other.id},
    )
    form = other_case.text[other_case.text.index('id="add-item"') :]
    assert "use a coalition meeting for others" in form
    assert 'value="Tents by the river"' in form
    assert db.session.scalar(db.select(db.func.count(AgendaItem.id))) == 0


def test_changes_after_publishing_are_amendments_in_the_minutes_and_exports(
    client, coalition, make_meeting, make_user, make_organization
):
    private = coalition["case"]
    private.visibility = "participants"
    held = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    meeting = make_meeting(actor=coalition["coordinator"], starts_at=held)
    secret = add_agenda_item(
        coalition["coordinator"], meeting, title="Secret matter", case=private
    )
    item = add_agenda_item(coalition["coordinator"], meeting, title="Open matter")
    add_decision(coalition["coordinator"], item, "Before publishing")
    db.session.commit()
    sign_in(client, coalition["coordinator"])
    assert client.post(f"/meetings/{meeting.id}/publish").status_code == 302
    add_decision(coalition["coordinator"], item, "Close the alley at 2am")
    add_decision(coalition["coordinator"], secret, "Raid on Friday")
    db.session.commit()
    name = coalition["coordinator"].person.full_name
    page = client.get(f"/meetings/{meeting.id}/minutes").text
    assert "Amendments after publishing" in page and "Raid on Friday" in page
    outsider = make_user(organization=make_organization(name="Food Bank"))
    sign_in(client, outsider)
    page = client.get(f"/meetings/{meeting.id}/minutes").text
    amendments = page[page.index('id="amendments"') :]
    amendments = amendments[: amendments.index("</section>")]
    assert amendments.count("<li>") == 1
    assert f"{name}:</span> Added a decision to “Open matter”: Close the alley" in (
        amendments
    )
    assert "Before publishing" not in amendments and "Raid on Friday" not in page
    assert "AMENDMENTS AFTER PUBLISHING" in page  # the email summary
    markdown = client.get(f"/meetings/{meeting.id}/minutes.md").text
    assert "## Amendments after publishing" in markdown
    assert "Added a decision to “Open matter”: Close the alley at 2am" in markdown
    assert "Raid on Friday" not in markdown
