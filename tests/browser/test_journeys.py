"""Issue 19's closing journeys: one per user who tried the product as a new
user would — a coordinator running a meeting, a member on a phone, a lead
reading the network, an administrator importing — each at desktop and at
phone width, with axe-core reporting no violations on every page visited."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    ADMIN,
    COORDINATOR,
    DESKTOP,
    MEMBER,
    assert_accessible,
    horizontal_overflow,
    sign_in,
)
from tests.browser.test_meetings import (
    PRIYA,
    SEAN,
    TOM,
    attendance_row,
    schedule_meeting,
)

SMALL_PHONE = {"width": 375, "height": 667}
PHONE_MENU_WIDTH = 600  # caseboard.css folds the top bar at this width and below
WIDTHS = pytest.mark.parametrize(
    "viewport", [DESKTOP, SMALL_PHONE], ids=["desktop", "phone"]
)


def go(page: Page, where: str) -> None:
    """Through the top bar, as a user would: at phone width the menu opens
    first. Decided by the width, not by whether the button shows yet: the
    menu script folds the bar as the page finishes loading, and a bar seen
    open a moment before folded under the click (CI, 7 Dec 2026)."""
    viewport = page.viewport_size
    if viewport is not None and viewport["width"] <= PHONE_MENU_WIDTH:
        menu = page.get_by_role("button", name="Menu")
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("navigation", name="Main").get_by_role("link", name=where).click()


def checked(page: Page) -> None:
    """The page fits the window and axe-core finds nothing."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Measured once the page's stylesheet applies: a link's click returns as
    # the navigation commits, and an unstyled table is wider than a phone
    # (CI on PostgreSQL, 7 Dec 2026: the audit page, 950 px too wide).
    page.wait_for_load_state("load")
    assert horizontal_overflow(page) <= 0, f"{page.url} scrolls sideways"
    assert_accessible(page)


@WIDTHS
def test_a_coordinator_runs_a_meeting(page: Page, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    sign_in(page, COORDINATOR)
    checked(page)
    title = f"Nightlife partners {uuid.uuid4().hex[:6]}"
    meeting_id = schedule_meeting(
        page, title, date.today() + timedelta(days=2), [PRIYA, TOM, SEAN]
    )
    checked(page)
    page.get_by_text("Add an item").click()
    page.get_by_label("Item", exact=True).fill("Any other business")
    page.get_by_role("button", name="Add to agenda").click()
    page.goto(f"/meetings/{meeting_id}/run")
    checked(page)
    attendance_row(page, SEAN).get_by_role("button", name="Apologies").click()
    expect(attendance_row(page, SEAN)).to_have_class("apologies")
    page.get_by_role("button", name="Mark everyone invited present (2)").click()
    expect(page.locator("#present-count")).to_have_text("2 present")
    assert_accessible(page)
    page.get_by_role("link", name="Finish: the minutes").click()
    checked(page)
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_role("alert")).to_contain_text("it has not happened yet")
    assert_accessible(page)
    page.get_by_role("button", name="Publish anyway").click()
    expect(page.get_by_role("status")).to_have_text("The minutes are published.")
    checked(page)


@WIDTHS
def test_a_member_logs_a_contact_and_updates_a_task(page: Page, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    sign_in(page, MEMBER)
    checked(page)
    page.get_by_role("link", name="Log a contact").click()
    checked(page)
    page.get_by_label("Who", exact=True).fill("Kowalski")
    page.get_by_role("button", name="Add Tom Kowalski").click()
    expect(
        page.get_by_role("list", name="Who: chosen").get_by_role("listitem")
    ).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("Contact logged")).to_be_visible()
    checked(page)
    go(page, "My tasks")
    checked(page)
    status = page.locator("article.task-card select[name=status]").first
    status.select_option(
        value="blocked" if status.input_value() != "blocked" else "open"
    )
    expect(page.locator("#live-announcer")).to_contain_text("Saved: “")
    assert_accessible(page)


@WIDTHS
def test_a_lead_reads_the_network(page: Page, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    sign_in(page, COORDINATOR)
    go(page, "Network")
    expect(page.locator("#graph-status")).to_contain_text("ties drawn", timeout=30000)
    checked(page)
    page.get_by_label("Colour by", exact=True).select_option("community")
    expect(page.locator(".legend-communities")).to_be_visible()
    page.get_by_label("Hide people without ties").check()
    expect(page.locator("#isolated-note")).to_contain_text("without a tie hidden")
    expect(page.get_by_role("heading", name="Communities")).to_be_visible()
    page.get_by_role("link", name="Brokers between two groups").click()
    checked(page)
    page.get_by_label("Between", exact=True).select_option(label="Kind: Police")
    page.get_by_label("and", exact=True).select_option(label="Kind: Business")
    page.get_by_role("button", name="Find brokers").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        re.compile(r"\d+ brokers? between Kind: Police and Kind: Business")
    )
    expect(page.locator("#brokers tbody tr").first).to_be_visible()
    checked(page)
    page.goto("/network?min=abc")
    expect(page.get_by_role("alert")).to_contain_text("Minimum strength must be")
    checked(page)


@WIDTHS
def test_an_administrator_imports_organizations(
    page: Page, viewport: dict, tmp_path: Path
) -> None:
    page.set_viewport_size(viewport)
    sign_in(page, ADMIN)
    page.goto("/imports")
    checked(page)
    name = f"Harbor Night Market {uuid.uuid4().hex[:6]}"
    upload = tmp_path / "organizations.csv"
    upload.write_text(f"name,kind\n{name},business\n", encoding="utf-8")
    page.get_by_label("What the file holds", exact=True).select_option("organizations")
    page.get_by_label("CSV file", exact=True).set_input_files(upload)
    page.get_by_role("button", name="Preview").click()
    checked(page)
    page.get_by_role("button", name="Import 1 row").click()
    expect(page.get_by_role("status")).to_contain_text("1 created")
    checked(page)
    go(page, "Audit")
    checked(page)
