"""The case board's journeys, as a person at a browser sees them: opening a case
and moving it through SARA, bringing a partner on, giving the partner a task and
moving it across the board (with and without JavaScript), refusing bad tasks,
finding overdue work, and two people changing the same task at once.

Every test opens its own case through the forms (the demo may or may not hold
cases of its own); they rely only on the demo's organizations and people.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import func, select, update

from caseboard.extensions import db
from caseboard.models import Case, Task
from tests.browser.helpers import (
    COORDINATOR,
    MEMBER,
    PHONE,
    another_browser,
    horizontal_overflow,
    sign_in,
    sign_out,
)

POLICE = "Harbor City Police Department"
ZONING = "Zoning and Code Enforcement"
PRIYA = "Priya Raman"  # a member of Zoning and Code Enforcement
PROBLEM_TYPE = "Nuisance property"
CONFLICT = "was changed by someone else meanwhile"


def unique(text: str) -> str:
    """A title no other test (or demo case) uses."""
    return f"{text} {uuid.uuid4().hex[:6]}"


def shown(day: date) -> str:
    """A date as the pages show it: 3 Mar 2025."""
    return f"{day:%d %b %Y}".lstrip("0")


# Steps -------------------------------------------------------------------------


def open_case(page: Page, title: str) -> int:
    """Open a case through the form, led by the police; its id."""
    page.goto("/cases")
    page.get_by_role("link", name="Open a case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Problem type", exact=True).select_option(label=PROBLEM_TYPE)
    page.get_by_label("Lead organization", exact=True).select_option(label=POLICE)
    page.get_by_label("Place name", exact=True).fill("Water Street, 100–400 block")
    page.get_by_role("button", name="Open the case").click()

    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return int(page.url.rsplit("/", 1)[1])


def roles_section(page: Page) -> Locator:
    return page.locator("section", has=page.get_by_role("heading", name="Who is on it"))


def role_items(page: Page) -> Locator:
    return roles_section(page).locator("ul.roles").first.get_by_role("listitem")


def add_partner(page: Page, organization: str) -> None:
    """On the case page: give an organization the partner role."""
    roles = roles_section(page)
    roles.locator("summary", has_text="Add a role").click()
    roles.get_by_label("Role", exact=True).select_option(label="Partner")
    roles.get_by_label("Organization", exact=True).select_option(label=organization)
    roles.get_by_role("button", name="Add role").click()
    expect(
        role_items(page)
        .filter(has_text="Partner")
        .get_by_role("link", name=organization)
    ).to_be_visible()


def create_task(
    page: Page,
    case_id: int,
    title: str,
    *,
    due_on: date,
    organization: str = ZONING,
    assignee: str | None = None,
) -> int:
    """From the case page's "New task" link; lands on the board. The task's id."""
    page.goto(f"/cases/{case_id}")
    page.locator("#tasks").get_by_role("link", name="New task").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New task")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Responsible organization", exact=True).select_option(
        label=organization
    )
    if assignee:
        page.get_by_label("Assigned to", exact=True).select_option(label=assignee)
    page.get_by_label("Due", exact=True).fill(due_on.isoformat())
    page.get_by_role("button", name="Create task").click()

    expect(page).to_have_url(re.compile(rf"/cases/{case_id}/board$"))
    card = task_card(page, title)
    expect(card).to_be_visible()
    return int((card.get_attribute("id") or "").removeprefix("task-"))


def column(page: Page, label: str) -> Locator:
    """A board column, by its heading ("In progress 1")."""
    return page.get_by_role("region", name=re.compile(rf"^{label} \d+$"))


def task_card(where: Page | Locator, title: str) -> Locator:
    """The card of a task, on a page or within a part of it."""
    page = where if isinstance(where, Page) else where.page
    return where.locator(
        "article.task-card", has=page.get_by_role("link", name=title, exact=True)
    )


def status_select(page: Page, title: str) -> Locator:
    return page.get_by_label(f"Status of {title}", exact=True)


def choose_status_in_place(page: Page, title: str, status: str) -> None:
    """Change a task's status with its select, as htmx sends it: wait until the
    server's page has been swapped in, and check the page was not reloaded."""
    page.evaluate(
        "document.getElementById('main').dataset.before = 'yes';"
        "window.notReloaded = true"
    )
    status_select(page, title).select_option(label=status)
    expect(page.locator("#main")).not_to_have_attribute("data-before", "yes")
    assert page.evaluate("window.notReloaded === true"), "htmx should not reload"


def task_status(task_id: int) -> str:
    task = db.session.get(Task, task_id)
    assert task is not None
    return task.status


def tasks_titled(title: str) -> int:
    return db.session.scalar(select(func.count(Task.id)).where(Task.title == title))


# 1. Through SARA ---------------------------------------------------------------


def move(page: Page, verb: str, stage: str, reason: str) -> None:
    """Use the stage bar's "Move to …" or "Back to …" form."""
    page.get_by_label(f"{verb} {stage} — why?", exact=True).fill(reason)
    page.get_by_role("button", name=f"{verb} {stage}", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(f"The case is now in {stage}.")
    expect(page.locator("#stage li[aria-current=step]")).to_have_text(
        stage.capitalize()
    )


def test_a_coordinator_opens_a_case_and_moves_it_through_sara(
    page: Page, in_app
) -> None:
    title = unique("Late-night fights outside the Anchor Bar")
    sign_in(page, COORDINATOR)
    case_id = open_case(page, title)

    meta = page.locator(".heading .meta")
    expect(meta).to_contain_text(PROBLEM_TYPE)
    expect(meta).to_contain_text(f"Lead: {POLICE}")
    expect(meta).to_contain_text("Coordinator: Elena Ruiz")
    stages = page.locator("#stage ol.sara > li")
    expect(stages).to_have_text(["Scanning", "Analysis", "Response", "Assessment"])
    expect(page.locator("#stage li[aria-current=step]")).to_have_text("Scanning")
    expect(page.get_by_role("button", name=re.compile(r"^Back to"))).to_have_count(0)

    moves = [
        ("Move to", "analysis", "Calls for service tripled since March"),
        ("Move to", "response", "The triangle points at the bar's closing time"),
        ("Back to", "analysis", "We have no data from the bar's own staff yet"),
        ("Move to", "response", "Door staff logs read: it is the closing rush"),
        ("Move to", "assessment", "Staggered closing in place for six weeks"),
    ]
    for verb, stage, reason in moves:
        move(page, verb, stage, reason)
    expect(page).to_have_url(re.compile(rf"/cases/{case_id}#stage$"))

    # The last stage: only back, no further.
    expect(page.get_by_role("button", name=re.compile(r"^Move to"))).to_have_count(0)
    expect(page.get_by_role("button", name="Back to response")).to_be_visible()
    expect(page.locator("#stage li.done")).to_have_text(
        ["Scanning", "Analysis", "Response"]
    )

    # The SARA history, newest first, keeps every move and its reason.
    history = page.locator(
        "section", has=page.get_by_role("heading", name="SARA history")
    ).get_by_role("listitem")
    expect(history).to_have_count(len(moves) + 1)
    expected = [*reversed(moves), ("", "scanning", "Case opened")]
    for item, (_verb, stage, reason) in zip(history.all(), expected, strict=True):
        expect(item.locator("strong")).to_have_text(stage.capitalize())
        expect(item).to_contain_text(reason)
        if reason != "Case opened":
            expect(item).to_contain_text("Elena Ruiz")

    # The timeline tells forward from back.
    timeline = page.locator("#timeline ol.timeline")
    for verb, stage, reason in moves:
        direction = "back to" if verb == "Back to" else "to"
        expect(
            timeline.get_by_role("listitem").filter(
                has_text=f"Moved {direction} {stage}: {reason}"
            )
        ).to_have_count(1)
    expect(timeline.get_by_role("listitem").first).to_contain_text(
        f"Moved to assessment: {moves[-1][2]}"
    )

    with in_app():
        case = db.session.get(Case, case_id)
        assert case is not None
        assert case.stage == "assessment"
        assert [c.reason for c in case.stage_changes] == [
            "Case opened",
            *(reason for _verb, _stage, reason in moves),
        ]


# 2. Bringing a partner on ------------------------------------------------------


def test_a_partner_is_added_and_a_role_with_no_one_is_refused(
    page: Page, in_app, request: pytest.FixtureRequest
) -> None:
    title = unique("Abandoned house on Cedar Lane")
    sign_in(page, COORDINATOR)
    case_id = open_case(page, title)
    expect(role_items(page)).to_have_count(1)
    expect(role_items(page).first).to_contain_text(f"Lead {POLICE}")

    # Neither an organization nor a person: refused, with the form kept open.
    roles = roles_section(page)
    roles.locator("summary", has_text="Add a role").click()
    roles.get_by_label("Role", exact=True).select_option(label="Partner")
    roles.get_by_role("button", name="Add role").click()
    roles = roles_section(page)
    form = roles.locator("details", has=page.locator("summary", has_text="Add a role"))
    expect(form).to_have_attribute("open", "")
    expect(roles.get_by_role("alert").first).to_contain_text("Nothing was saved")
    expect(roles.locator(".field .error")).to_have_text(
        ["Choose an organization or a person."]
    )
    expect(role_items(page)).to_have_count(1)
    with in_app():
        case = db.session.get(Case, case_id)
        assert case is not None
        assert [r.role for r in case.roles] == ["lead"]

    # Corrected in the same form: the partner joins.
    roles.get_by_label("Organization", exact=True).select_option(label=ZONING)
    roles.get_by_label("Note", exact=True).fill("Inspections of the building")
    roles.get_by_role("button", name="Add role").click()

    expect(page).to_have_url(re.compile(rf"/cases/{case_id}#roles$"))
    expect(role_items(page)).to_have_count(2)
    partner = role_items(page).filter(has_text="Partner")
    expect(partner.get_by_role("link", name=ZONING)).to_be_visible()
    expect(partner).to_contain_text(f"since {shown(date.today())}")
    expect(partner).to_contain_text("Inspections of the building")
    expect(
        page.locator("#timeline").get_by_text(f"{ZONING} joined as partner")
    ).to_be_visible()
    with in_app():
        case = db.session.get(Case, case_id)
        assert case is not None
        assert sorted(r.role for r in case.roles) == ["lead", "partner"]


# 3. A task across the board ----------------------------------------------------


def test_a_partners_task_moves_across_the_board_in_place(page: Page, in_app) -> None:
    title = unique("Board up the Cedar Lane windows")
    due_on = date.today() + timedelta(days=3)
    sign_in(page, COORDINATOR)
    case_id = open_case(page, unique("Cedar Lane house"))
    add_partner(page, ZONING)
    task_id = create_task(page, case_id, title, due_on=due_on)

    expect(page.get_by_role("heading", level=1)).to_have_text("Task board")
    card = task_card(column(page, "Open"), title)
    expect(card).to_contain_text(ZONING)
    expect(card).to_contain_text(f"Due this week · {shown(due_on)}")
    expect(column(page, "Open").get_by_role("heading")).to_have_text("Open 1")
    expect(status_select(page, title)).to_have_value("open")

    choose_status_in_place(page, title, "In progress")

    expect(task_card(column(page, "In progress"), title)).to_be_visible()
    expect(column(page, "In progress").get_by_role("heading")).to_have_text(
        "In progress 1"
    )
    expect(task_card(column(page, "Open"), title)).to_have_count(0)
    expect(column(page, "Open")).to_contain_text("Nothing here.")
    expect(status_select(page, title)).to_have_value("in_progress")
    expect(page).to_have_url(re.compile(rf"/cases/{case_id}/board$"))
    with in_app():
        assert task_status(task_id) == "in_progress"

    # The case page lists it among the open tasks, and its timeline the change.
    page.goto(f"/cases/{case_id}")
    open_tasks = page.locator("#tasks")
    expect(open_tasks.get_by_role("link", name=title)).to_be_visible()
    expect(open_tasks).to_contain_text("In progress")
    expect(
        page.locator("#timeline").get_by_text(
            f"Moved the task “{title}” from open to in progress"
        )
    ).to_be_visible()


def test_the_board_works_without_javascript(
    page: Page, browser: Browser, browser_context_args: dict[str, Any], in_app
) -> None:
    title = unique("Send the owner a notice")
    sign_in(page, COORDINATOR)
    case_id = open_case(page, unique("Cedar Lane house"))
    add_partner(page, ZONING)
    task_id = create_task(page, case_id, title, due_on=date.today() + timedelta(days=5))

    with another_browser(
        browser, browser_context_args, java_script_enabled=False
    ) as plain:
        sign_in(plain, COORDINATOR)
        plain.goto(f"/cases/{case_id}/board")
        card = task_card(column(plain, "Open"), title)
        card.get_by_label(f"Status of {title}", exact=True).select_option(
            label="Blocked"
        )
        card.get_by_role("button", name="Save").click()

        expect(plain).to_have_url(re.compile(rf"/cases/{case_id}/board$"))
        expect(task_card(column(plain, "Blocked"), title)).to_be_visible()
        expect(task_card(column(plain, "Open"), title)).to_have_count(0)
        expect(status_select(plain, title)).to_have_value("blocked")
    with in_app():
        assert task_status(task_id) == "blocked"


# 4. Bad task input -------------------------------------------------------------


def field_of(page: Page, label: str) -> Locator:
    return page.locator(".field", has=page.get_by_label(label, exact=True))


def test_a_task_without_a_title_and_due_in_the_past_is_refused(
    page: Page, in_app
) -> None:
    """Both mistakes are pointed out at once: fixing the title should not reveal
    a second refusal."""
    description = unique("Call the owner's lawyer")
    last_week = date.today() - timedelta(days=7)
    sign_in(page, COORDINATOR)
    case_id = open_case(page, unique("Cedar Lane house"))
    page.goto(f"/cases/{case_id}/tasks/new")

    page.get_by_label("Title", exact=True).fill("   ")
    page.get_by_label("Description", exact=True).fill(description)
    page.get_by_label("Due", exact=True).fill(last_week.isoformat())
    page.get_by_role("button", name="Create task").click()

    expect(page).to_have_url(re.compile(rf"/cases/{case_id}/tasks/new$"))
    expect(page.locator(".flash-error")).to_contain_text("Nothing was saved")
    expect(field_of(page, "Title").locator(".error")).to_have_text(
        "A task needs a title."
    )
    expect(page.get_by_label("Title", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.get_by_label("Description", exact=True)).to_have_value(description)
    expect(page.get_by_label("Due", exact=True)).to_have_value(last_week.isoformat())
    expect(field_of(page, "Due").locator(".error")).to_have_text(
        "A new task cannot be due in the past."
    )
    with in_app():
        case = db.session.get(Case, case_id)
        assert case is not None
        assert case.tasks == []


def test_a_task_due_in_the_past_is_refused_beside_the_date(page: Page, in_app) -> None:
    title = unique("Inspect the roof")
    yesterday = date.today() - timedelta(days=1)
    sign_in(page, COORDINATOR)
    case_id = open_case(page, unique("Cedar Lane house"))
    page.goto(f"/cases/{case_id}/tasks/new")

    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Due", exact=True).fill(yesterday.isoformat())
    page.get_by_role("button", name="Create task").click()

    expect(page).to_have_url(re.compile(rf"/cases/{case_id}/tasks/new$"))
    expect(page.locator(".flash-error")).to_contain_text("Nothing was saved")
    expect(field_of(page, "Due").locator(".error")).to_have_text(
        "A new task cannot be due in the past."
    )
    expect(page.locator(".field .error")).to_have_count(1)
    expect(page.get_by_label("Title", exact=True)).to_have_value(title)
    with in_app():
        assert tasks_titled(title) == 0
    page.goto(f"/cases/{case_id}/board")
    expect(page.get_by_role("link", name=title)).to_have_count(0)


# 5. Overdue work, and the partner's staff on a phone ---------------------------


def filter_cases(page: Page, title: str, *, overdue: bool) -> Locator:
    """The case list, searched for a title, with "Has overdue tasks" set or not."""
    page.goto("/cases")
    page.get_by_label("Search", exact=True).fill(title)
    page.get_by_label("Has overdue tasks").set_checked(overdue)
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/cases\?"))
    return page.locator("table.case-table").get_by_role("row").filter(has_text=title)


def test_an_overdue_task_is_listed_and_its_partner_works_it_from_a_phone(
    page: Page, in_app
) -> None:
    title = unique("Clear the lot behind the garage")
    case_title = unique("Dumping on Mill Road")
    sign_in(page, COORDINATOR)
    case_id = open_case(page, case_title)
    add_partner(page, ZONING)
    task_id = create_task(
        page,
        case_id,
        title,
        due_on=date.today() + timedelta(days=3),
        assignee=PRIYA,
    )

    # Not overdue yet: the filter leaves the case out.
    expect(filter_cases(page, case_title, overdue=False)).to_have_count(1)
    expect(filter_cases(page, case_title, overdue=True)).to_have_count(0)
    expect(page.get_by_text("No case matches these filters.")).to_be_visible()

    # Time passes (here, in the database): the task is overdue. Earliest of all
    # overdue tasks, so it heads every list whatever else the demo holds.
    with in_app():
        earliest = db.session.scalar(
            select(func.min(Task.due_on)).where(Task.overdue_clause())
        )
        due_on = date.today() - timedelta(days=3)
        if earliest is not None:
            due_on = min(due_on, earliest - timedelta(days=1))
        db.session.execute(update(Task).where(Task.id == task_id).values(due_on=due_on))
        db.session.commit()

    page.goto("/tasks/overdue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overdue tasks")
    group = page.locator("section", has=page.get_by_role("heading", name=ZONING))
    card = task_card(group, title)
    expect(card).to_contain_text(f"Overdue since {shown(due_on)}")
    expect(card).to_contain_text(f"{PRIYA} · {ZONING}")
    expect(card.get_by_role("link", name=case_title)).to_be_visible()

    row = filter_cases(page, case_title, overdue=True)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("1 open · 1 overdue")
    expect(page.get_by_label("Has overdue tasks")).to_be_checked()
    expect(page).to_have_url(re.compile(r"[?&]overdue=1(&|$)"))

    # Priya, of the partner organization, on her phone.
    sign_out(page)
    page.set_viewport_size(PHONE)
    sign_in(page, MEMBER)
    page.goto("/tasks/organization")
    expect(page.get_by_role("heading", level=1)).to_contain_text(ZONING)
    card = task_card(page.locator("#main"), title)
    expect(card).to_contain_text(f"Overdue since {shown(due_on)}")
    assert horizontal_overflow(page) <= 0, "/tasks/organization is wider than a phone"

    choose_status_in_place(page, title, "In progress")
    expect(status_select(page, title)).to_have_value("in_progress")
    expect(task_card(page.locator("#main"), title)).to_be_visible()  # still open
    assert horizontal_overflow(page) <= 0, "/tasks/organization is wider than a phone"
    with in_app():
        assert task_status(task_id) == "in_progress"

    page.goto("/tasks/mine")
    expect(page.get_by_role("heading", level=1)).to_have_text("My tasks")
    expect(task_card(page.locator("#main"), title)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("overdue")
    assert horizontal_overflow(page) <= 0, "/tasks/mine is wider than a phone"

    page.goto(f"/cases/{case_id}/board")
    expect(task_card(column(page, "In progress"), title)).to_be_visible()
    assert horizontal_overflow(page) <= 0, "the board is wider than a phone"


# 6. Two people, one task -------------------------------------------------------


def test_a_stale_board_cannot_overwrite_a_newer_status(
    page: Page, browser: Browser, browser_context_args: dict[str, Any], in_app
) -> None:
    title = unique("Meet the landlord")
    sign_in(page, COORDINATOR)
    case_id = open_case(page, unique("Noise at Harbor Court"))
    add_partner(page, ZONING)
    task_id = create_task(page, case_id, title, due_on=date.today() + timedelta(days=4))

    with another_browser(browser, browser_context_args) as other:
        sign_in(other, COORDINATOR)
        other.goto(f"/cases/{case_id}/board")
        expect(status_select(other, title)).to_have_value("open")

        page.goto(f"/cases/{case_id}/board")
        choose_status_in_place(page, title, "In progress")
        expect(task_card(column(page, "In progress"), title)).to_be_visible()

        # The second window still shows the task as open, and changes it.
        expect(task_card(column(other, "Open"), title)).to_be_visible()
        choose_status_in_place(other, title, "Done")

        warning = other.get_by_role("alert")
        expect(warning).to_contain_text(f"“{title}” {CONFLICT}")
        expect(warning).to_contain_text("it is now in progress")
        expect(warning).to_contain_text("your choice (done) was not saved")
        expect(task_card(column(other, "In progress"), title)).to_be_visible()
        expect(task_card(column(other, "Done"), title)).to_have_count(0)
        expect(status_select(other, title)).to_have_value("in_progress")

    with in_app():
        assert task_status(task_id) == "in_progress"
    page.reload()
    expect(task_card(column(page, "In progress"), title)).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)  # the warning was not hers


# 7. The case pages at phone width ----------------------------------------------


@pytest.mark.parametrize(
    "path", ["/cases", "/cases/new", "/cases/{case}", "/cases/{case}/board"]
)
def test_case_pages_fit_a_phone_without_sideways_scrolling(
    page: Page, path: str
) -> None:
    sign_in(page, COORDINATOR)
    if "{case}" in path:
        case_id = open_case(page, unique("Graffiti in the Pier Street underpass"))
        path = path.format(case=case_id)
    page.set_viewport_size(PHONE)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone"
