"""What the browser tests share: the demo sign-ins and a few steps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from playwright.sync_api import Browser, Page, expect

DEMO_PASSWORD = "caseboard-demo"
ADMIN = "admin@example.org"
COORDINATOR = "elena.ruiz@example.org"
MEMBER = "priya.raman@example.org"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, as a person would, and reach the dashboard."""
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Good to see you")).to_be_visible()


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def sign_out(page: Page) -> None:
    """Sign out with the button in the top bar."""
    page.locator(".topbar").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("You are signed out")


@contextmanager
def another_browser(
    browser: Browser, browser_context_args: dict[str, Any], **options: Any
) -> Iterator[Page]:
    """A page in a browser context of its own (its own cookies: a second person,
    or the same person at a second window), closed afterwards. Script and
    console errors there fail the test too, as on the ``page`` fixture."""
    context = browser.new_context(**browser_context_args, **options)
    problems: list[str] = []
    try:
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                problems.append(f"console error: {m.text}")
                if m.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda e: problems.append(f"page error: {e.message}"))
        yield page
    finally:
        context.close()
    assert not problems, "The second browser reported errors:\n" + "\n".join(problems)


AXE = "/static/vendor/axe-core/axe.min.js"  # vendored by scripts/vendor.py


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations on the page as it is now, one line each (rule,
    impact, the first offending elements); [] when the page is clean."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE)  # same origin: the CSP allows it
    found = page.evaluate(
        """async () => {
          const result = await window.axe.run(document, {resultTypes: ['violations']});
          return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ` +
            v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }"""
    )
    return [f"{page.url}: {line}" for line in found]


def assert_accessible(page: Page) -> None:
    problems = axe_violations(page)
    assert not problems, "axe-core found:\n" + "\n".join(problems)
