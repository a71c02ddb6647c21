"""In a big coalition, logging a contact picks the other person by typing
part of their name (the select holds only the current choice)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from caseboard.forms import choices
from tests.browser.helpers import MEMBER, sign_in

pytestmark = pytest.mark.browser


def test_the_type_ahead_finds_a_person_and_the_contact_is_logged(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The live server runs in this process: make the demo city "big".
    monkeypatch.setattr(choices, "PICKER_ABOVE", 5)
    sign_in(page, MEMBER)
    page.goto("/contacts/new")
    who = page.get_by_label("Who", exact=True)
    expect(who.locator("option")).to_have_count(1)  # only Priya herself
    page.get_by_role("searchbox", name="Search: Who").fill("Ruiz")
    expect(who.locator("option", has_text="Elena Ruiz")).to_have_count(1)
    # Priya (already chosen) stays among the options after the search.
    values = [o.get_attribute("value") for o in who.locator("option").all()]
    assert len(values) == 2
    who.select_option(value=values)
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("Contact logged")).to_be_visible()
