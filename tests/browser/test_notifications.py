"""Issue 17's closing check: a task given to someone else rings their bell."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.browser.helpers import COORDINATOR, MEMBER, sign_in, sign_out
from tests.browser.test_case_board import (
    PRIYA,
    ZONING,
    add_partner,
    create_task,
    open_case,
    unique,
)


def unread(page: Page) -> int:
    bell = page.locator(".topbar .bell [data-testid=unread-count]")
    return int(bell.inner_text()) if bell.count() else 0


def test_a_task_assigned_to_priya_shows_in_her_bell(page: Page) -> None:
    sign_in(page, MEMBER)
    before = unread(page)
    sign_out(page)

    title = unique("Photograph the dumping site")
    sign_in(page, COORDINATOR)
    case_id = open_case(page, unique("Dumping on Canal Street"))
    add_partner(page, ZONING)
    create_task(
        page, case_id, title, due_on=date.today() + timedelta(days=5), assignee=PRIYA
    )
    sign_out(page)

    sign_in(page, MEMBER)
    expect(page.locator(".topbar .bell [data-testid=unread-count]")).to_have_text(
        str(before + 1)
    )
    page.locator(".topbar").get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    item = page.get_by_role("listitem").filter(has_text=title).first
    expect(item).to_be_visible()
    item.get_by_role("button", name="Mark read").click()
    expect(page.locator(".topbar .bell")).not_to_contain_text(str(before + 1))
    page.get_by_role("link", name=title, exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
