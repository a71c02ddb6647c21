"""Issue 19, in the field on a 375px phone: the top navigation folds into a
menu, "Log a contact" is one tap from every page, the contact's "who" is a
type-ahead of chips with the signed-in person already in."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.helpers import MEMBER, sign_in

SMALL_PHONE = {"width": 375, "height": 667}


def test_the_navigation_folds_into_a_menu_on_a_phone(page: Page) -> None:
    page.set_viewport_size(SMALL_PHONE)
    sign_in(page, MEMBER)
    bar = page.locator("header.topbar")
    height = bar.bounding_box()["height"]
    assert height <= 667 / 10, f"the top bar takes {height}px of a 667px screen"
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    nav.get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


def test_log_a_contact_is_one_tap_away_with_me_already_in(page: Page) -> None:
    page.set_viewport_size(SMALL_PHONE)
    sign_in(page, MEMBER)
    page.goto("/cases")
    page.get_by_role("link", name="Log a contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a contact")
    chosen = page.get_by_role("list", name="Who: chosen")
    expect(chosen.get_by_role("listitem")).to_have_text(["Priya Raman×"])
    who = page.get_by_label("Who", exact=True)
    who.click()  # a plain tap no longer empties the choice
    who.fill("Ruiz")
    page.get_by_role("button", name="Add Elena Ruiz").click()
    expect(chosen.get_by_role("listitem")).to_have_count(2)
    expect(who).to_be_focused()
    expect(page.get_by_role("status").last).to_have_text("Elena Ruiz added")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("Contact logged")).to_be_visible()


def test_an_in_place_status_change_says_saved_to_a_screen_reader(page: Page) -> None:
    page.set_viewport_size(SMALL_PHONE)
    sign_in(page, MEMBER)
    page.goto("/tasks/mine")
    status = page.locator("article.task-card select[name=status]").first
    label = page.locator(f"label[for='{status.get_attribute('id')}']")
    title = label.inner_text()
    current = status.input_value()
    choice = "blocked" if current != "blocked" else "in_progress"
    page.evaluate("window.notReloaded = true")
    status.select_option(value=choice)
    live = page.locator("#live-announcer")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_contain_text("Saved: “")
    assert title.removeprefix("Status of ") in live.inner_text()
    assert page.evaluate("window.notReloaded") is True
