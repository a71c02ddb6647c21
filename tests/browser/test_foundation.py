"""The foundation's journeys, as a person at a browser sees them: signing in and
out, finding an organization, editing a person, and the pages at phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from caseboard.extensions import db
from caseboard.models import Membership, Organization, Person
from tests.browser.helpers import (
    ADMIN,
    COORDINATOR,
    DEMO_PASSWORD,
    MEMBER,
    PHONE,
    horizontal_overflow,
    sign_in,
)

BAD_CREDENTIALS = "That email and password do not match an active account."
HEALTH = "Harbor County Health Department"
POLICE = "Harbor City Police Department"


def person_named(full_name: str) -> Person:
    return db.session.scalars(
        db.select(Person).where(Person.full_name == full_name)
    ).one()


# 1. Signing in -----------------------------------------------------------------


def test_signing_in_through_the_form_lands_on_the_dashboard(
    page: Page, base_url: str
) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next="))  # anonymous: sign in first
    page.get_by_label("Email", exact=True).fill(COORDINATOR)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{base_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Good to see you, Elena")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator(".topbar .account")).to_contain_text("Elena Ruiz")


def test_a_wrong_password_is_refused_with_a_message(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(COORDINATOR)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_have_text(BAD_CREDENTIALS)
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_label("Email", exact=True)).to_have_value(COORDINATOR)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next="))  # still signed out


# 2. Finding an organization ----------------------------------------------------


def test_typing_in_the_search_box_filters_organizations_in_place(
    page: Page, in_app
) -> None:
    with in_app():
        health = db.session.scalars(
            db.select(Organization).where(Organization.name == HEALTH)
        ).one()
        staff = [m.person.full_name for m in health.memberships if m.is_current]
        services = [s.name for s in health.services]
    assert staff and services

    sign_in(page, MEMBER)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Organizations"
    ).click()
    results = page.locator("#results")
    expect(results.get_by_role("link", name=POLICE)).to_be_visible()
    page.evaluate("window.notReloaded = true")
    # Typing before htmx has bound the box sends nothing (failed once in CI).
    page.wait_for_function("typeof htmx !== 'undefined'")
    page.wait_for_load_state("load")

    page.get_by_label("Search names and services").press_sequentially("naloxone")

    expect(results.get_by_role("link", name=POLICE)).to_have_count(0)
    expect(results.get_by_role("link", name=HEALTH)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/organizations\?q=naloxone"))  # pushed
    assert page.evaluate("window.notReloaded === true"), "htmx should not reload"

    results.get_by_role("link", name=HEALTH).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(HEALTH)
    people = page.locator("section", has=page.get_by_role("heading", name="People"))
    for name in staff:
        expect(people.get_by_role("link", name=name, exact=True)).to_be_visible()
    offered = page.locator(
        "section", has=page.get_by_role("heading", name="Services offered")
    )
    for service in services:
        expect(offered.get_by_role("listitem").filter(has_text=service)).to_be_visible()


def test_the_search_button_finds_organizations(page: Page) -> None:
    sign_in(page, MEMBER)
    page.goto("/organizations")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Search names and services").fill("naloxone")
    page.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/organizations\?q=naloxone"))
    expect(page.get_by_label("Search names and services")).to_have_value("naloxone")
    expect(page.locator("#results .card")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text(HEALTH)
    expect(page.locator("#results")).to_contain_text("Naloxone distribution")
    assert page.evaluate("typeof window.notReloaded") == "undefined", (
        "the Search button should submit the form, a new page"
    )


def test_search_works_without_javascript(
    browser: Browser, browser_context_args: dict
) -> None:
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, MEMBER)
        page.goto("/organizations")
        page.get_by_label("Search names and services").fill("no such service")
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#results")).to_contain_text(
            "No organization matches “no such service”."
        )
    finally:
        context.close()


# 3. Editing a person -----------------------------------------------------------


def test_an_admin_edits_a_persons_phone_and_notes(page: Page, in_app) -> None:
    with in_app():
        person_id = person_named("Jamal Carter").id
    sign_in(page, ADMIN)
    page.goto(f"/people/{person_id}")
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit Jamal Carter")

    page.get_by_label("Phone", exact=True).fill("555-010-2030")
    page.get_by_label("Notes", exact=True).fill("Reach him at the mission after 6 pm.")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(rf"/people/{person_id}$"))
    facts = page.locator("dl.facts")
    expect(facts.get_by_role("link", name="555-010-2030")).to_have_attribute(
        "href", "tel:555-010-2030"
    )
    expect(page.get_by_text("Reach him at the mission after 6 pm.")).to_be_visible()
    with in_app():
        saved = db.session.get(Person, person_id)
        assert saved is not None
        assert saved.phone == "555-010-2030"
        assert saved.notes == "Reach him at the mission after 6 pm."


def test_an_invalid_email_is_shown_beside_the_field_and_nothing_is_saved(
    page: Page, in_app
) -> None:
    with in_app():
        person = person_named("Marcus Bell")
        person_id, email, phone = person.id, person.email, person.phone
    sign_in(page, ADMIN)
    page.goto(f"/people/{person_id}/edit")

    page.get_by_label("Phone", exact=True).fill("555-999-0000")
    page.get_by_label("Email", exact=True).fill("marcus at example dot org")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(rf"/people/{person_id}/edit$"))
    expect(page.locator(".flash-error")).to_contain_text("Nothing was saved")
    email_input = page.get_by_label("Email", exact=True)
    expect(email_input).to_have_attribute("aria-invalid", "true")
    expect(email_input).to_have_value("marcus at example dot org")  # kept to fix
    email_field = page.locator(".field", has=email_input)
    expect(email_field.locator(".error")).to_have_text("Invalid email address.")
    expect(page.locator(".field .error")).to_have_count(1)  # only beside the email

    with in_app():
        unchanged = db.session.get(Person, person_id)
        assert unchanged is not None
        assert (unchanged.email, unchanged.phone) == (email, phone)
    page.goto(f"/people/{person_id}")
    expect(page.locator("dl.facts")).to_contain_text(email)
    expect(page.locator("dl.facts")).not_to_contain_text("555-999-0000")


def test_a_member_sees_no_edit_link_on_someone_elses_page(page: Page, in_app) -> None:
    with in_app():
        person_id = person_named("Elena Ruiz").id
    sign_in(page, MEMBER)
    page.goto(f"/people/{person_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Elena Ruiz")
    expect(page.get_by_role("link", name="Edit", exact=True)).to_have_count(0)


# 4. Phone width ----------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/people", "/organizations", "/people/{person}", "/login"]
)
def test_pages_fit_a_phone_without_sideways_scrolling(
    page: Page, in_app, path: str
) -> None:
    with in_app():
        # The person with the longest current title: the widest row to fit.
        membership = db.session.scalars(
            db.select(Membership)
            .where(Membership.current_clause())
            .order_by(db.func.length(Membership.title).desc())
        ).first()
        assert membership is not None
        person_id = membership.person_id
    page.set_viewport_size(PHONE)
    if path != "/login":
        sign_in(page, COORDINATOR)
    page.goto(path.format(person=person_id))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone"


# 5. Signing out ----------------------------------------------------------------


def test_sign_out_in_the_top_bar_ends_the_session(page: Page) -> None:
    sign_in(page, COORDINATOR)
    page.locator(".topbar").get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("status")).to_have_text(
        "You are signed out, on this device and every other."
    )
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
