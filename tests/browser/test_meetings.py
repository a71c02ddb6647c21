"""Partner meetings, as the coordinator runs them from a browser: scheduling a
coalition meeting, a suggested agenda, the run screen (attendance, notes saved
as she types, decisions, action items that become tasks, the open tasks
review), the minutes and what is sent out (Markdown, .ics), and the next
month's meeting with what carries over.

Every test schedules its own meeting through the form; they rely on the demo's
people, organizations and cases (the nightlife case below has overdue tasks),
never on demo meetings.
"""

from __future__ import annotations

import calendar
import re
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from playwright.sync_api import Browser, Locator, Page, Response, expect
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import AgendaItem, Case, Meeting, Person, Task
from tests.browser.helpers import (
    COORDINATOR,
    MEMBER,
    PHONE,
    another_browser,
    horizontal_overflow,
    sign_in,
)

CLOSING_TIME = "Closing-time assaults on the 400 block of Water Street"
POLICE = "Harbor City Police Department"
ZONING = "Zoning and Code Enforcement"
FIRE = "Harbor City Fire Marshal's Office"
ABC = "Alcoholic Beverage Control Board"
ANCHOR = "The Anchor Tavern"
PRIYA = "Priya Raman"  # Zoning and Code Enforcement; a partner on the case
TOM = "Tom Kowalski"  # The Anchor Tavern
SEAN = "Sean Fitzgerald"  # Fire Marshal's Office
HECTOR = "Hector Alvarez"  # ABC Board: comes without an invitation


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:6]}"


def shown(day: date) -> str:
    """A date as the pages show it: 3 Mar 2025."""
    return f"{day:%d %b %Y}".lstrip("0")


def same_week_next_month(day: date) -> date:
    """The "second Tuesday" rule of monthly meetings: the same weekday in the
    same week of the next month, or the last such weekday when it runs out."""
    week = (day.day - 1) // 7
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    days = calendar.monthrange(year, month)[1]
    same = [
        d for d in range(1, days + 1) if date(year, month, d).weekday() == day.weekday()
    ]
    return date(year, month, same[min(week, len(same) - 1)])


# Steps -------------------------------------------------------------------------


def schedule_meeting(
    page: Page, title: str, day: date, invitees: list[str], *, repeats: str = "Monthly"
) -> int:
    """Through the form: a coalition meeting at 10:00. Its id."""
    page.goto("/meetings")
    page.get_by_role("link", name="Schedule a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a meeting")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("For", exact=True).select_option(label="The whole coalition")
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Starts at", exact=True).fill("10:00")
    page.get_by_label("Minutes", exact=True).fill("60")
    page.get_by_label("Repeats", exact=True).select_option(label=repeats)
    page.get_by_label("Place", exact=True).fill("Central District station, room 2")
    page.get_by_label("Video link", exact=True).fill("https://meet.example.org/water")
    page.get_by_label("Invited", exact=True).select_option(label=invitees)
    page.get_by_role("button", name="Schedule").click()

    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return int(page.url.rsplit("/", 1)[1])


def section(page: Page, heading: str) -> Locator:
    return page.locator(
        "section", has=page.get_by_role("heading", name=heading, exact=True)
    )


def add_suggested_case(page: Page, case_title: str) -> None:
    """On the meeting page: "Suggest agenda", keep only the case's suggestion."""
    page.get_by_role("link", name="Suggest agenda").click()
    expect(page.get_by_role("heading", name="Suggested items")).to_be_visible()
    suggestion = page.locator("ul.suggestions li").filter(has_text=case_title)
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_contain_text(re.compile(r"— \d+ overdue tasks?"))
    for box in page.get_by_role("checkbox").all():
        box.set_checked(False)
    suggestion.get_by_role("checkbox").check()
    page.get_by_role("button", name="Add the chosen items").click()

    expect(page).to_have_url(re.compile(r"/meetings/\d+#agenda$"))
    expect(page.get_by_role("status")).to_have_text("Added 1 item to the agenda.")


def agenda_entries(page: Page) -> Locator:
    return page.locator("ol.agenda > li")


def attendance_row(page: Page, name: str) -> Locator:
    return page.locator("#attendance ul.attendance-list > li").filter(has_text=name)


def mark(page: Page, name: str, status: str) -> None:
    """Press a person's Present or Apologies button on the run screen."""
    attendance_row(page, name).get_by_role("button", name=status).click()
    row = attendance_row(page, name)
    expect(row.get_by_role("button", name=status)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(row).to_have_class(status.lower())


def run_item(page: Page, title: str) -> Locator:
    """An agenda item's card on the run screen."""
    return page.locator("#agenda article.run-item").filter(
        has=page.get_by_role("heading", name=re.compile(rf"^\d+\. {re.escape(title)}$"))
    )


def notes_saved(item_id: int, expected: str) -> Any:
    """A predicate for the autosave request that carries exactly these notes."""

    def check(response: Response) -> bool:
        if not response.url.endswith(f"/items/{item_id}/notes"):
            return False
        sent = parse_qs(response.request.post_data or "").get("notes", [""])
        return sent == [expected]

    return check


def task_card(where: Locator, title: str) -> Locator:
    return where.locator(
        "article.task-card",
        has=where.page.get_by_role("link", name=title, exact=True),
    )


def meeting_of(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    assert meeting is not None
    return meeting


# 1. The whole journey ----------------------------------------------------------


def test_a_coordinator_runs_a_partner_meeting_and_sends_the_minutes(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    in_app,
    record_property,
) -> None:
    title = unique("Water Street partners")
    day = date.today() + timedelta(days=7)
    with in_app():
        for name in (PRIYA, TOM, SEAN, HECTOR):  # a label picks exactly one person
            named = select(Person.id).where(Person.full_name == name)
            assert len(db.session.scalars(named).all()) == 1, name
        case_id = db.session.scalars(
            select(Case.id).where(Case.title == CLOSING_TIME)
        ).one()

    # 1. Schedule it for next week, inviting Priya and two others.
    sign_in(page, COORDINATOR)
    meeting_id = schedule_meeting(page, title, day, [PRIYA, TOM, SEAN])
    expect(page.locator(".heading .meta")).to_contain_text(f"{shown(day)} 10:00")
    expect(page.locator(".heading .meta")).to_contain_text("Monthly")
    invited = section(page, "Invited (3)").get_by_role("listitem")
    expect(invited).to_have_text(
        [f"{PRIYA} · {ZONING}", f"{SEAN} · {FIRE}", f"{TOM} · {ANCHOR}"]
    )
    expect(page.get_by_text("No items yet.")).to_be_visible()

    # 2. "Suggest agenda": the nightlife case, for its overdue tasks.
    add_suggested_case(page, CLOSING_TIME)
    expect(agenda_entries(page)).to_have_count(1)
    expect(agenda_entries(page).first).to_contain_text(CLOSING_TIME)
    expect(
        agenda_entries(page).first.get_by_role("link", name=CLOSING_TIME)
    ).to_be_visible()
    with in_app():
        (item,) = meeting_of(meeting_id).items
        item_id, suggested_notes = item.id, item.notes
        assert item.case_id == case_id
    assert re.fullmatch(r"Suggested: \d+ overdue tasks?\.", suggested_notes)

    # Steps 3 to 7 are the meeting itself: timed, as the coordinator lives them.
    started = time.perf_counter()

    # 3. The run screen: attendance.
    page.get_by_role("link", name="Open the meeting screen").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting_id}/run$"))
    expect(page.get_by_role("link", name="Run", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator("#attendance ul.attendance-list > li")).to_have_count(3)
    expect(page.locator("#attendance h2")).to_have_text("Attendance 0 present")
    mark(page, PRIYA, "Present")
    mark(page, SEAN, "Apologies")
    page.get_by_label("Walk-in", exact=True).select_option(label=HECTOR)
    page.get_by_role("button", name="Add as present").click()
    walk_in = attendance_row(page, HECTOR)
    expect(walk_in).to_contain_text("walk-in")
    expect(walk_in).to_contain_text(ABC)
    expect(walk_in.get_by_role("button", name="Present")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#attendance h2")).to_have_text("Attendance 2 present")
    expect(attendance_row(page, TOM)).to_have_class("unmarked")

    # 4. Notes, saved as she types; a reload keeps every word.
    item = run_item(page, CLOSING_TIME)
    notes = item.get_by_label("Notes", exact=True)
    expect(notes).to_have_value(suggested_notes)
    typed = (
        "\nPriya: two of three alley owners have replied; the estate at 412 "
        "Water has a notice of violation.\nNight Owl still not in the accreditation."
    )
    expected_notes = suggested_notes + typed
    notes.click()
    notes.press("Control+End")
    with page.expect_response(notes_saved(item_id, expected_notes)) as saved:
        notes.press_sequentially(typed)
    assert saved.value.ok
    expect(item.get_by_role("status")).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"))
    page.reload()
    item = run_item(page, CLOSING_TIME)
    expect(item.get_by_label("Notes", exact=True)).to_have_value(expected_notes)
    with in_app():
        stored = db.session.get(AgendaItem, item_id)
        assert stored is not None
        assert stored.notes == expected_notes

    # 5. A decision, and an action item for Priya that becomes a task.
    decision = unique("Zoning writes to the estate's executor about the alley lights")
    item.get_by_label(f"Decision on {CLOSING_TIME}", exact=True).fill(decision)
    item.get_by_role("button", name="Record decision").click()
    item = run_item(page, CLOSING_TIME)
    expect(item.locator("li.decision")).to_have_text([decision])
    expect(item.get_by_label("Notes", exact=True)).to_have_value(expected_notes)

    action = unique("Send the executor a lighting notice")
    due_on = date.today() + timedelta(days=10)
    item.get_by_label("Action", exact=True).fill(action)
    item.get_by_label("Owner", exact=True).select_option(label=PRIYA)
    item.get_by_label("Organization", exact=True).select_option(label=ZONING)
    item.get_by_label("Due", exact=True).fill(due_on.isoformat())
    expect(item.get_by_label("Case", exact=True)).to_have_count(0)  # the item's
    item.get_by_role("button", name="Add action item").click()

    expect(page.get_by_role("status").filter(has_text="Action item")).to_have_text(
        f"Action item “{action}” is now a task on {CLOSING_TIME}."
    )
    item = run_item(page, CLOSING_TIME)
    listed = item.locator(".item-outcomes li").filter(has_text=action)
    expect(listed.get_by_role("link", name=action)).to_be_visible()
    expect(listed).to_contain_text(f"{PRIYA} · {ZONING} · due {shown(due_on)} · Open")
    with in_app():
        task = db.session.scalars(select(Task).where(Task.title == action)).one()
        task_id = task.id
        assert task.case_id == case_id
        assert task.agenda_item_id == item_id
        assert task.assignee is not None and task.assignee.full_name == PRIYA
        assert task.organization is not None and task.organization.name == ZONING
        assert task.due_on == due_on
        assert task.status == "open"

    # 6. The open tasks review: the new task, changed in place.
    review = page.locator("#review")
    zoning = review.locator("h3", has_text=ZONING)
    expect(zoning).to_be_visible()
    card = task_card(review, action)
    expect(card).to_contain_text(f"{PRIYA} · {ZONING}")
    # The page was just loaded by the action item's post: let htmx bind first.
    page.wait_for_function("typeof htmx !== 'undefined'")
    page.wait_for_load_state("load")
    page.evaluate(
        "document.getElementById('main').dataset.before = 'yes';"
        "window.notReloaded = true"
    )
    card.get_by_label(f"Status of {action}", exact=True).select_option(
        label="In progress"
    )
    expect(page.locator("#main")).not_to_have_attribute("data-before", "yes")
    assert page.evaluate("window.notReloaded === true"), "htmx should not reload"
    card = task_card(page.locator("#review"), action)
    expect(card.get_by_label(f"Status of {action}", exact=True)).to_have_value(
        "in_progress"
    )
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting_id}/run(#item-\d+)?$"))
    with in_app():
        task = db.session.get(Task, task_id)
        assert task is not None and task.status == "in_progress"

    # 7. The minutes: published, then sent.
    page.get_by_role("link", name="Finish: the minutes").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting_id}/minutes$"))
    expect(page.get_by_text("Draft: not published yet")).to_be_visible()
    page.get_by_role("button", name="Publish the minutes").click()
    # The meeting is next week: publishing early asks first.
    expect(page.get_by_role("alert")).to_contain_text("it has not happened yet")
    page.get_by_role("button", name="Publish anyway").click()
    expect(page.get_by_role("status")).to_have_text("The minutes are published.")
    expect(page.locator("article.minutes")).to_contain_text("Published ")
    expect(page.get_by_role("button", name="Publish the minutes")).to_have_count(0)
    run_screen_seconds = time.perf_counter() - started

    attendance = page.locator("article.minutes section").filter(
        has=page.get_by_role("heading", name="Attendance")
    )
    expect(attendance.locator("p")).to_have_text(
        [
            f"{ABC}: {HECTOR}",
            f"{FIRE}: — (apologies: {SEAN})",
            # Invited and never marked: absent, never silently left out.
            f"{ANCHOR}: — (absent: {TOM})",
            f"{ZONING}: {PRIYA}",
        ]
    )
    minutes_item = page.locator("section.minutes-item").filter(
        has=page.get_by_role("heading", name=f"1. {CLOSING_TIME}")
    )
    expect(minutes_item).to_contain_text("Night Owl still not in the accreditation.")
    expect(
        minutes_item.locator("ul", has=page.locator("li", has_text=decision))
    ).to_have_text(decision)
    row = minutes_item.get_by_role("row").filter(has_text=action)
    expect(row.get_by_role("cell")).to_have_text(
        [action, f"{PRIYA}, {ZONING}", shown(due_on)]
    )
    summary = page.get_by_label("Summary to paste into an email")
    expect(summary).to_contain_text(f"- {decision} ({CLOSING_TIME})")
    expect(summary).to_contain_text(f"- {action} — {PRIYA}, due {shown(due_on)}")
    expect(summary).to_contain_text(f"Apologies: {SEAN}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download Markdown").click()
    assert (
        download.value.suggested_filename == f"minutes-{day:%Y-%m-%d}-{meeting_id}.md"
    )
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith(f"# {title} — minutes\n")
    assert f"- **{ZONING}**: {PRIYA}\n" in markdown
    assert f"- **{FIRE}**: — (apologies: {SEAN})\n" in markdown
    assert f"- **{ABC}**: {HECTOR}\n" in markdown
    assert f"## 1. {CLOSING_TIME}\n" in markdown
    assert "Night Owl still not in the accreditation." in markdown
    assert f"**Decisions**\n\n- {decision}\n" in markdown
    assert f"- {action} — {PRIYA}, {ZONING}, due {shown(due_on)}\n" in markdown

    ics_link = page.get_by_role("link", name="This meeting (.ics)")
    answer = page.request.get(ics_link.get_attribute("href") or "")
    assert answer.ok
    assert answer.headers["content-type"].startswith("text/calendar")
    ics = answer.text()
    assert "BEGIN:VEVENT\r\n" in ics
    assert f"UID:meeting-{meeting_id}@" in ics  # no next meeting yet: this one
    assert f"DTSTART:{day:%Y%m%d}T100000Z\r\n" in ics  # TIMEZONE is UTC in tests
    assert f"SUMMARY:{title}\r\n" in ics

    with in_app():
        meeting = meeting_of(meeting_id)
        assert meeting.minutes_published_at is not None
        assert {
            (a.person.full_name, a.status, a.walk_in) for a in meeting.attendance
        } == {
            (PRIYA, "present", False),
            (SEAN, "apologies", False),
            (HECTOR, "present", True),
        }

    # The task is where Priya and the case's partners will look for it.
    page.goto(f"/cases/{case_id}")
    open_tasks = page.locator("#tasks")
    expect(open_tasks.get_by_role("link", name=action)).to_be_visible()
    expect(open_tasks.get_by_role("listitem").filter(has_text=action)).to_contain_text(
        f"{PRIYA} · {ZONING} · In progress"
    )
    expect(
        page.locator("#timeline").get_by_text(f"Decided at “{title}”: {decision}")
    ).to_be_visible()
    with another_browser(browser, browser_context_args) as priya:
        sign_in(priya, MEMBER)
        priya.goto("/tasks/mine")
        expect(priya.get_by_role("heading", level=1)).to_have_text("My tasks")
        mine = task_card(priya.locator("#main"), action)
        expect(mine).to_contain_text(CLOSING_TIME)
        expect(mine).to_contain_text(f"Due {shown(due_on)}")
        expect(mine.get_by_label(f"Status of {action}", exact=True)).to_have_value(
            "in_progress"
        )

    # 8. Next month's meeting: the open item carries over, with a follow-up.
    page.goto(f"/meetings/{meeting_id}")
    page.get_by_role("button", name="Create the next meeting").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))
    next_id = int(page.url.rsplit("/", 1)[1])
    assert next_id != meeting_id
    next_day = same_week_next_month(day)
    expect(page.get_by_role("status")).to_have_text(
        f"Next meeting: {next_day:%A} {shown(next_day)} at 10:00, 2 items carried over."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".heading .meta")).to_contain_text(f"{shown(next_day)} 10:00")
    entries = agenda_entries(page)
    expect(entries.locator("strong")).to_have_text(
        [CLOSING_TIME, f"Follow up: {action}"]
    )
    expect(entries.first).to_contain_text("carried over")
    expect(entries.nth(1)).to_contain_text(f"{PRIYA} · 5 min · carried over")
    expect(section(page, "Invited (3)").get_by_role("listitem")).to_have_count(3)

    # The first meeting now points at it; its minutes offer the next one's
    # .ics, while its own .ics stays its own.
    page.goto(f"/meetings/{meeting_id}/minutes")
    expect(section(page, "Next meeting")).to_contain_text(f"{shown(next_day)} 10:00")
    own = page.request.get(f"/meetings/{meeting_id}/calendar.ics").text()
    assert f"UID:meeting-{meeting_id}@" in own
    next_link = page.get_by_role("link", name="Next meeting (.ics)")
    ics = page.request.get(next_link.get_attribute("href") or "").text()
    assert f"UID:meeting-{next_id}@" in ics
    assert f"DTSTART:{next_day:%Y%m%d}T100000Z\r\n" in ics

    record_property("run_screen_seconds", round(run_screen_seconds, 2))
    print(f"\nThe run screen, steps 3–7: {run_screen_seconds:.1f} s in the browser")


# 2. The run screen on a phone --------------------------------------------------


def test_the_run_screen_fits_a_phone_without_sideways_scrolling(
    page: Page, in_app
) -> None:
    """With an item for a case (its open tasks in the review) and one for the
    coalition (the action form asks for a case, the longest select)."""
    sign_in(page, COORDINATOR)
    meeting_id = schedule_meeting(
        page,
        unique("Water Street partners"),
        date.today() + timedelta(days=2),
        [PRIYA, TOM],
    )
    page.get_by_text("Add an item").click()
    page.get_by_label("Item", exact=True).fill(CLOSING_TIME)
    page.get_by_label("Case", exact=True).select_option(label=CLOSING_TIME)
    page.get_by_role("button", name="Add to agenda").click()
    page.get_by_text("Add an item").click()
    page.get_by_label("Item", exact=True).fill("Any other business")
    page.get_by_role("button", name="Add to agenda").click()
    expect(agenda_entries(page)).to_have_count(2)

    page.set_viewport_size(PHONE)
    page.goto(f"/meetings/{meeting_id}/run")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    mark(page, PRIYA, "Present")
    coalition_item = run_item(page, "Any other business")
    expect(coalition_item.get_by_label("Case", exact=True)).to_be_visible()
    expect(page.locator("#review article.task-card").first).to_be_visible()
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"the run screen is {overflow}px wider than a 390px phone"

    # The meeting's other pages, while we are here.
    for path in ("", "/suggest", "/minutes", "/edit"):
        page.goto(f"/meetings/{meeting_id}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = horizontal_overflow(page)
        assert overflow <= 0, f"/meetings/{meeting_id}{path} is {overflow}px too wide"
    with in_app():
        assert [
            (a.person.full_name, a.status) for a in meeting_of(meeting_id).attendance
        ] == [(PRIYA, "present")]
