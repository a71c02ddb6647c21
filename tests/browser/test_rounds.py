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


def _colour(panel, legend: str) -> str:
    """The colour the map draws a legend entry in (its swatch's)."""
    return panel.locator(f"[data-legend={legend}] .swatch").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )


def test_an_officer_sees_todays_overdue_stops_on_the_map(page: Page) -> None:
    """On a small phone, today's round draws its stops over the demo's street
    layer (nothing configured): each overdue stop a marker in the overdue
    swatch's colour, and the route through them; the list stays below."""
    page.set_viewport_size(SMALL_PHONE)
    sign_in(page, OFFICER)
    page.goto("/rounds/today")
    panel = page.locator("[data-map-panel]")
    expect(panel.locator("[data-map]")).to_have_attribute("data-ready", "true")
    legend = panel.get_by_role("list", name="Legend")
    for text in ("Overdue", "Due", "Visited within interval", "Today's route"):
        expect(legend.get_by_text(text, exact=True)).to_be_visible()
    overdue = page.locator("li.route-stop[data-state=overdue]").count()
    assert overdue >= 3
    markers = panel.locator(
        f'.leaflet-overlay-pane path[fill="{_colour(panel, "overdue")}"]'
    )
    expect(markers).to_have_count(overdue)
    route = panel.locator(
        f'.leaflet-overlay-pane path[stroke="{_colour(panel, "route")}"]'
    )
    expect(route).to_have_count(1)
    box = panel.locator("[data-map]").bounding_box()
    first_stop = page.locator("li.route-stop").first.bounding_box()
    assert box is not None and first_stop is not None
    assert box["y"] < first_stop["y"]  # the map above the list
    assert box["width"] <= SMALL_PHONE["width"]
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    page.locator("li.route-stop a.title").first.click()
    page.get_by_role("link", name="Eastgate Homes door-to-door").first.click()
    expect(page.locator("[data-map]")).to_have_attribute("data-ready", "true")
    expect(page.locator("[data-legend=ok]")).to_be_visible()
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
