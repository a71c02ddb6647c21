"""The @mention picker, by keyboard: typing "@Pri" in a comment offers Priya
(she works for a partner on the case), the arrow keys and Enter write her
name, and posting the comment rings her bell."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    COORDINATOR,
    MEMBER,
    assert_accessible,
    sign_in,
    sign_out,
)
from tests.browser.test_case_board import PRIYA, ZONING, add_partner, open_case, unique
from tests.browser.test_notifications import unread


def test_the_mention_picker_works_with_the_keyboard(page: Page) -> None:
    sign_in(page, MEMBER)
    before = unread(page)
    sign_out(page)

    sign_in(page, COORDINATOR)
    open_case(page, unique("Graffiti on the underpass"))
    add_partner(page, ZONING)
    box = page.get_by_role("textbox", name="Add a comment or an update")
    box.click()
    box.press_sequentially("Can you check this, @Pri", delay=20)
    options = page.get_by_role("listbox", name="People to mention").get_by_role(
        "option"
    )
    expect(options.first).to_contain_text(PRIYA)
    expect(box).to_have_attribute("aria-autocomplete", "list")
    assert_accessible(page)  # with the list open (a textarea takes no combobox role)
    expect(box).to_have_attribute(
        "aria-activedescendant", options.first.get_attribute("id") or ""
    )
    box.press("Enter")  # picks the highlighted option, does not post
    expect(box).to_have_value(f"Can you check this, @{PRIYA} ")
    expect(page.get_by_role("listbox", name="People to mention")).to_be_hidden()
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".+"))
    # Escape closes the list without writing anything.
    box.press_sequentially("and @Pri", delay=20)
    expect(options.first).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox", name="People to mention")).to_be_hidden()
    expect(box).to_have_value(f"Can you check this, @{PRIYA} and @Pri")
    page.get_by_role("button", name="Post").first.click()
    expect(page.get_by_text(f"Can you check this, @{PRIYA}")).to_be_visible()
    sign_out(page)

    sign_in(page, MEMBER)
    expect(page.locator(".topbar .bell [data-testid=unread-count]")).to_have_text(
        str(before + 1)
    )
