"""Issue 15, readiness on an ask, as a coordinator works it: the ask's next
steps at its stage, a move to "action" with a note, and the case showing it
under action."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import COORDINATOR, assert_accessible, sign_in


def test_a_coordinator_moves_an_ask_to_action_and_sees_it_on_the_case(
    page: Page,
) -> None:
    sign_in(page, COORDINATOR)
    page.get_by_role("link", name="Cases").first.click()
    page.get_by_role("link", name="Closing-time assaults on the 400 block").click()
    asks = page.locator("section#asks")
    asks.get_by_role("link", name="Pier 9 Lounge: Join the bar accreditation").click()
    expect(page.locator("#ask-stage")).to_have_text("Preparation")
    expect(
        page.get_by_role("heading", name="Next steps at preparation")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Move to").select_option(label="Action")
    page.get_by_label("What happened").fill("Enrolled after the owners' meeting")
    page.get_by_role("button", name="Move").click()
    expect(page.locator("#ask-stage")).to_have_text("Action")
    expect(page.get_by_text("Preparation → Action")).to_be_visible()
    page.locator(".crumbs a").click()
    section = page.locator("section#asks")
    acting = section.locator("ul.ask-stage-action")
    expect(acting).to_contain_text("Pier 9 Lounge: Join the bar accreditation")
    assert_accessible(page)
