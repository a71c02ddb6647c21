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

    page.get_by_role("button", name="Mark everyone invited present (2)").click()
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


def test_a_refused_action_item_shows_its_error_beside_the_fields(page: Page) -> None:
    sign_in(page, COORDINATOR)
    meeting_id = schedule_meeting(
        page, unique("Any business"), date.today() + timedelta(days=3), [PRIYA]
    )
    for title in ("First things", "Any other business"):
        page.get_by_text("Add an item").click()
        page.get_by_label("Item", exact=True).fill(title)
        page.get_by_role("button", name="Add to agenda").click()
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(f"/meetings/{meeting_id}/run")
    card = page.locator("#agenda article.run-item").filter(
        has_text="Any other business"
    )
    card.get_by_label("Action", exact=True).fill("Ask the landlord for keys")
    card.get_by_label("Owner", exact=True).select_option(label=PRIYA)
    card.get_by_role("button", name="Add action item").click()  # no case chosen

    card = page.locator("#agenda article.run-item").filter(
        has_text="Any other business"
    )
    error = card.get_by_text("Choose the case this action belongs to.")
    expect(error).to_be_in_viewport()
    expect(card.get_by_label("Case", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(card.get_by_label("Action", exact=True)).to_have_value(
        "Ask the landlord for keys"
    )
    expect(
        card.get_by_label("Owner", exact=True).locator("option:checked")
    ).to_have_text(PRIYA)
