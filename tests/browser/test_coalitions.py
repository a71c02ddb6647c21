"""Coalitions in a browser: a Water Street bar member sees none of the
homeless outreach coalition's cases; a police coordinator of all three
switches between them in the top bar, and the choice is remembered."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import COORDINATOR, sign_in

BAR_MEMBER = "tom.kowalski@example.org"
OUTREACH_CASE = "Riverside Park encampment and access to services"
OUTREACH = "Harbor Homeless Outreach Coalition"
WATER = "Water Street Nightlife Initiative"


def test_a_bar_member_sees_no_outreach_case(page: Page, base_url: str) -> None:
    sign_in(page, BAR_MEMBER)
    page.goto("/cases?status=all")
    expect(page.get_by_role("heading", name="Cases", exact=True)).to_be_visible()
    expect(page.get_by_text(OUTREACH_CASE)).to_have_count(0)
    page.goto("/coalitions")
    expect(page.get_by_role("link", name=WATER)).to_be_visible()
    expect(page.get_by_role("link", name=OUTREACH)).to_have_count(0)


def test_a_police_coordinator_switches_coalition(page: Page, base_url: str) -> None:
    sign_in(page, COORDINATOR)
    page.goto("/cases?status=all")
    expect(page.get_by_role("link", name=OUTREACH_CASE)).to_be_visible()
    page.get_by_label("Coalition", exact=True).select_option(label=WATER)
    page.locator(".coalition-switcher").get_by_role("button", name="Switch").click()
    expect(page).to_have_url(f"{base_url}/cases?status=all")
    expect(page.get_by_role("link", name=OUTREACH_CASE)).to_have_count(0)
    page.goto("/")  # remembered from page to page
    expect(page.get_by_label("Coalition", exact=True)).to_have_value(
        page.get_by_label("Coalition", exact=True)
        .locator("option", has_text=WATER)
        .get_attribute("value")
        or ""
    )
    page.get_by_label("Coalition", exact=True).select_option(label="All my coalitions")
    page.locator(".coalition-switcher").get_by_role("button", name="Switch").click()
    page.goto("/cases?status=all")
    expect(page.get_by_role("link", name=OUTREACH_CASE)).to_be_visible()
