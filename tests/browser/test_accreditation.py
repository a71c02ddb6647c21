"""Accreditation in a browser, as the fire marshal's deputy does it: a bar
has every required standard signed off but fire code and occupancy; he opens
it from the coalition's list, signs that standard off with the evidence he
saw, and the venue becomes accredited — at a desktop width and on a phone,
with no accessibility violation on the pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    COORDINATOR,
    DESKTOP,
    PHONE,
    assert_accessible,
    horizontal_overflow,
    sign_in,
)

MARSHAL = "sean.fitzgerald@example.org"
FIRE = "Fire code and occupancy"
WATER = "Water Street Nightlife Initiative"


def all_but_fire_signed_off(venue_name: str) -> tuple[int, int]:
    """Sign off every other required standard of the venue (as the system);
    the coalition's id and the venue's."""
    from caseboard.extensions import db
    from caseboard.models import Coalition, Establishment, Organization
    from caseboard.models.accreditation import establishment_status
    from caseboard.services import accreditation as service

    venue = db.session.scalars(
        db.select(Establishment)
        .join(Organization)
        .where(Organization.name == venue_name)
    ).one()
    for row in establishment_status(venue, venue.enrolled_on).rows:
        if row.standard.required and row.standard.title != FIRE:
            service.sign_off(None, venue, row.standard, note="Checked for the test")
    db.session.commit()
    coalition = db.session.scalars(
        db.select(Coalition).where(Coalition.name == WATER)
    ).one()
    return coalition.id, venue.id


@pytest.mark.parametrize(
    ("viewport", "venue"),
    [(DESKTOP, "Night Owl Club"), (PHONE, "Salt & Lime Cantina")],
    ids=["desktop", "phone"],
)
def test_the_fire_marshal_signs_off_and_the_venue_is_accredited(
    page: Page, in_app, viewport, venue
) -> None:
    with in_app():
        coalition_id, venue_id = all_but_fire_signed_off(venue)
    page.set_viewport_size(viewport)
    sign_in(page, MARSHAL)
    page.goto(f"/accreditation/{coalition_id}?status=in_progress")
    expect(
        page.get_by_role("heading", name="Water Street Best Bar None")
    ).to_be_visible()
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    page.get_by_role("link", name=venue, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/accreditation/venues/{venue_id}$"))
    decal = page.locator("#decal")
    expect(decal).to_contain_text("In progress")
    expect(page.locator("#missing")).to_contain_text(FIRE)
    assert horizontal_overflow(page) == 0
    assert_accessible(page)

    standard = page.locator(
        "article.standard", has=page.get_by_role("heading", name=FIRE)
    )
    standard.get_by_label("Evidence seen").fill(
        "Occupancy card posted (capacity 180); both exits clear; extinguishers tagged"
    )
    standard.get_by_role(
        "button", name="Sign off for Harbor City Fire Marshal's Office"
    ).click()

    expect(decal).to_contain_text("Accredited")
    expect(page.locator("#missing")).to_have_count(0)
    standard = page.locator(
        "article.standard", has=page.get_by_role("heading", name=FIRE)
    )
    expect(standard).to_contain_text(
        "Signed off for Harbor City Fire Marshal's Office by Sean Fitzgerald"
    )
    expect(standard).to_contain_text("both exits clear")
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    # Another agency's standards offer him no sign-off.
    health = page.locator(
        "article.standard", has=page.get_by_role("heading", name="Health permit")
    )
    expect(health.get_by_role("button", name="Sign off", exact=False)).to_have_count(0)


def test_the_coordinator_filters_the_list_and_opens_the_editor_at_375_px(
    page: Page,
) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, COORDINATOR)
    page.goto("/coalitions")
    page.get_by_role("link", name=WATER).click()
    page.get_by_role("link", name="Accreditation").click()
    expect(
        page.get_by_role("heading", name="Water Street Best Bar None")
    ).to_be_visible()
    page.get_by_label("Status").select_option(label="Lapsed")
    page.get_by_role("button", name="Apply").click()
    table = page.locator("#establishments")
    expect(table.get_by_role("link", name="Pier 9 Lounge")).to_be_visible()
    expect(table.get_by_role("link", name="The Anchor Tavern")).to_have_count(0)
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    page.get_by_role("link", name="Edit the scheme").click()
    expect(page.get_by_role("heading", name="Add a standard")).to_be_visible()
    expect(page.get_by_role("link", name=FIRE)).to_be_visible()
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
