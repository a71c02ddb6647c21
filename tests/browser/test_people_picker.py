"""In a big coalition, logging a contact picks the other person by typing
part of their name (the select holds only the current choice; the chips
type-ahead asks the server)."""

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
    select = page.locator("select#people")
    expect(select.locator("option")).to_have_count(1)  # only Priya herself
    chosen = page.get_by_role("list", name="Who: chosen")
    expect(chosen.get_by_role("listitem")).to_have_text(["Priya Raman×"])
    page.get_by_label("Who", exact=True).fill("Ruiz")
    page.get_by_role("button", name="Add Elena Ruiz").click()
    # Priya (already chosen) stays chosen; Elena joins her.
    expect(chosen.get_by_role("listitem")).to_have_count(2)
    assert len(select.evaluate("s => Array.from(s.selectedOptions, o => o.value)")) == 2
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("Contact logged")).to_be_visible()
