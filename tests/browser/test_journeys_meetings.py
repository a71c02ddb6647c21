"""Issue 19, running a meeting: what a coordinator tripped on. Attendance is
taken in place (no reload, no jump to the top), everyone invited is marked
present in one action, walk-ins are found by typing part of a name."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Page, expect

from tests.browser.helpers import COORDINATOR, sign_in
from tests.browser.test_meetings import (
    HECTOR,
    PRIYA,
    SEAN,
    TOM,
    attendance_row,
    schedule_meeting,
    unique,
)


def test_attendance_is_taken_in_place(page: Page) -> None:
    sign_in(page, COORDINATOR)
    meeting_id = schedule_meeting(
        page, unique("Door staff"), date.today() + timedelta(days=3), [PRIYA, TOM, SEAN]
    )
    page.set_viewport_size({"width": 1280, "height": 400})  # the list scrolls
    page.goto(f"/meetings/{meeting_id}/run")
    page.evaluate("window.notReloaded = true")
    row = attendance_row(page, TOM)
    row.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 60)")
    before = page.evaluate("window.scrollY")
    assert before > 0
    row.get_by_role("button", name="Apologies").click()
    expect(attendance_row(page, TOM)).to_have_class("apologies")
    expect(page.locator("#present-count")).to_have_text("0 present")
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("window.scrollY") == before
    expect(
        attendance_row(page, TOM).get_by_role("button", name="Apologies")
    ).to_be_focused()

    page.get_by_role("button", name="Mark everyone invited present (3)").click()
    expect(page.locator("#present-count")).to_have_text("2 present")
    expect(attendance_row(page, PRIYA)).to_have_class("present")
    expect(attendance_row(page, TOM)).to_have_class("apologies")

    page.get_by_role("searchbox", name="Search: Walk-in").fill("Alvar")
    walk_in = page.get_by_label("Walk-in", exact=True)
    expect(walk_in.locator("option", has_text=HECTOR)).to_have_count(1)
    walk_in.select_option(label=HECTOR)
    page.get_by_role("button", name="Add as present").click()
    expect(attendance_row(page, HECTOR)).to_contain_text("walk-in")
    expect(page.locator("#present-count")).to_have_text("3 present")
    assert page.evaluate("window.notReloaded") is True
