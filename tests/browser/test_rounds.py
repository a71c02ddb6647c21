"""Issue 15, visit rounds, as the officer does them: on a phone, today's
round, two visits logged (one with a note), the overdue list shrinking."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, horizontal_overflow, sign_in

SMALL_PHONE = {"width": 375, "height": 667}
OFFICER = "dana.okafor@example.org"


def _due(page: Page) -> int:
    return int(page.locator("#due-count").inner_text().split()[0])


def test_an_officer_logs_two_visits_and_the_list_shrinks(page: Page) -> None:
    page.set_viewport_size(SMALL_PHONE)
    sign_in(page, OFFICER)
    page.goto("/rounds/today")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today's round")
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    before = _due(page)
    assert before >= 2
    first = page.locator("li.route-stop").first
    assert "flagged" in (first.get_attribute("class") or "")
    first.get_by_role("button", name=re.compile("^Visited ")).click()
    expect(page.get_by_text(re.compile(r"Visit to .* logged\."))).to_be_visible()
    expect(page.locator("#due-count")).to_contain_text(f"{before - 1} ")
    second = page.locator("li.route-stop").first
    second.get_by_text("Add a note").click()
    second.get_by_label(re.compile("^Note on ")).fill("Stairwell light out again")
    second.get_by_role("button", name=re.compile("^Visited ")).click()
    expect(page.locator("#due-count")).to_contain_text(f"{before - 2} ")
    assert_accessible(page)


def test_the_coverage_page_reads_as_a_table_and_a_chart(page: Page) -> None:
    sign_in(page, OFFICER)
    page.goto("/rounds/coverage")
    expect(page.get_by_role("heading", name="Beat Eastgate Homes")).to_be_visible()
    expect(page.locator("canvas.coverage-chart")).to_be_visible()
    expect(page.get_by_role("table").first.locator("tbody tr")).to_have_count(8)
    assert_accessible(page)
