"""What the browser tests share: the demo sign-ins and a few steps."""

from __future__ import annotations

from playwright.sync_api import Page, expect

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
