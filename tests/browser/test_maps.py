"""An analyst opens a case's map with nothing configured (no tile server, no
network: the demo's street layer on a plain background), draws the buffer
ring around the place and a control polygon on the map, and sees the
assessment name both; the map works at phone width."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    COORDINATOR,
    PHONE,
    assert_accessible,
    horizontal_overflow,
    sign_in,
)

WATER_STREET = "Closing-time assaults on the 400 block of Water Street"


def open_case_map(page: Page) -> None:
    page.goto("/cases")
    page.get_by_role("link", name=WATER_STREET).first.click()
    page.get_by_role("link", name="Map", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Map: places and assessment areas"
    )
    expect(page.locator("[data-map]")).to_have_attribute("data-ready", "true")


def place_corner(page: Page, x: float, y: float, corners: int) -> None:
    """Click the map until it counts ``corners``: Leaflet drops a click that
    lands while the map still settles its last zoom (CI, 7 Dec 2026), and a
    person would simply click again. Three tries, then the count must show."""
    placed = page.get_by_text(f"{corners} corner", exact=False)
    for _ in range(3):
        page.mouse.click(x, y)
        try:
            expect(placed).to_be_visible(timeout=2000)
            return
        except AssertionError:
            continue
    expect(placed).to_be_visible()


def test_draw_a_buffer_ring_and_a_polygon_and_see_the_assessment_use_them(
    page: Page,
):
    sign_in(page, COORDINATOR)
    open_case_map(page)
    expect(page.get_by_text("No basemap is configured")).to_be_visible()
    # The demo's own target area (caseboard/demo/data/areas.toml).
    expect(page.locator("#map-areas")).to_contain_text("The 400 block and its bars")
    # The place and the reference streets are drawn (SVG paths in the map).
    expect(page.locator(".leaflet-overlay-pane path").first).to_be_visible()
    assert page.locator(".leaflet-overlay-pane path").count() >= 3
    assert page.locator(".leaflet-tile").count() == 0  # no tile fetched

    form = page.locator("#area-form")
    form.get_by_label("Area", exact=True).select_option("buffer")
    form.get_by_label("Radius").fill("800")
    form.get_by_label("Unit").select_option("ft")
    form.get_by_label("Description").fill("The bar district's surroundings")
    form.get_by_role("button", name="Save area").click()
    expect(page.locator("#map-areas")).to_contain_text(
        "The bar district's surroundings: 800 ft (244 m) around"
    )
    expect(page.locator("[data-map]")).to_have_attribute("data-ready", "true")

    # A control area drawn on the map: three corners clicked.
    page.get_by_role("button", name="Draw a polygon").click()
    expect(page.get_by_role("button", name="Finish drawing")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.locator("[data-map]").scroll_into_view_if_needed()
    box = page.locator("[data-map]").bounding_box()
    assert box is not None
    for n, (dx, dy) in enumerate(((0.15, 0.15), (0.3, 0.15), (0.3, 0.3)), start=1):
        place_corner(
            page, box["x"] + box["width"] * dx, box["y"] + box["height"] * dy, n
        )
    expect(page.get_by_text("3 corners placed")).to_be_visible()
    page.get_by_role("button", name="Finish drawing").click()
    form.get_by_label("Area", exact=True).select_option("control")
    form.get_by_label("Description").fill("Front Street bars")
    expect(form.get_by_label("Shape")).to_have_value("polygon")
    form.get_by_role("button", name="Save area").click()
    expect(page.locator("#map-areas")).to_contain_text(
        "Front Street bars: a polygon drawn on the map"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Assessment", exact=True).click()
    areas = page.locator("#assessment-areas")
    expect(areas).to_contain_text("Buffer")
    expect(areas).to_contain_text(
        "800 ft (244 m) around Water Street bar district, 400 block, "
        "the target left out"
    )
    expect(areas).to_contain_text("Front Street bars: a polygon drawn on the map")


def test_the_case_map_and_hot_spots_work_at_phone_width(page: Page):
    page.set_viewport_size(PHONE)
    sign_in(page, COORDINATOR)
    open_case_map(page)
    map_box = page.locator("[data-map]").bounding_box()
    assert map_box is not None and map_box["width"] <= PHONE["width"]
    assert horizontal_overflow(page) == 0
    page.goto("/hotspots")
    expect(page.locator("[data-map]")).to_have_attribute("data-ready", "true")
    expect(page.locator("#hot-spots")).to_be_visible()
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
