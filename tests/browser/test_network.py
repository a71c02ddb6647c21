"""The relationship network, as a person at a browser sees it: logging contacts
from a person's page and watching the tie appear and strengthen, exploring the
coalition's graph (search, filters, sizing, the side panel), asking what the
coalition loses if its main broker leaves, and the pages on a phone.

The demo's network (``caseboard.demo.network_data``) is the ground: Sgt. Elena
Ruiz brokers the Water Street bars and the city agencies, and the Blue Heron
and the Copper Kettle reach the police only through her. Numbers the pages
show are checked against the services that compute them, not typed in.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import Person, User
from caseboard.network.ties import ties, ties_of_person
from tests.browser.helpers import (
    COORDINATOR,
    MEMBER,
    PHONE,
    horizontal_overflow,
    sign_in,
)

ELENA = "Elena Ruiz"
PRIYA = "Priya Raman"
POLICE = "Harbor City Police Department"
BLUE_HERON = "Blue Heron Bar & Grill"
COPPER_KETTLE = "Copper Kettle Pub"

# Drawing the whole coalition (fetch, metrics, force layout) takes a moment.
DRAWN = 30_000
STATUS = re.compile(r"^(\d+) people, (\d+) ties drawn\.$")


# Steps -------------------------------------------------------------------------


def person_id_of(email: str) -> int:
    user = db.session.scalars(select(User).where(User.email == email)).one()
    assert user.person_id is not None
    return user.person_id


def someone_priya_has_no_tie_with() -> tuple[int, str]:
    """A person with no contact, shared meeting or declared relationship with
    Priya: preferably one with no tie at all (so the coalition's brokers and
    cut points stay as the demo tells them), with a job, without a sign-in."""
    priya = person_id_of(MEMBER)
    hers = {other.id for other, _tie in ties_of_person(priya)}
    everyone = ties()
    tied = {t.a for t in everyone.values()} | {t.b for t in everyone.values()}
    users = set(db.session.scalars(select(User.person_id)))
    names = [p.full_name for p in db.session.scalars(select(Person))]
    candidates = [
        person
        for person in db.session.scalars(select(Person).order_by(Person.id))
        if person.id != priya
        and person.id not in hers
        and person.id not in users
        and person.current_memberships
        and names.count(person.full_name) == 1
    ]
    assert candidates, "the demo should hold people Priya has never been in touch with"
    person = min(candidates, key=lambda p: p.id in tied)
    return person.id, person.full_name


def tie_row(page: Page, name: str) -> Locator:
    """The row of the person page's Ties table for the tie with ``name``."""
    return page.locator("#ties table.ties tbody tr").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )


def shown_strength(row: Locator) -> float:
    """The strength a row shows: its number, which the meter must agree with."""
    number = row.locator("td").nth(1).locator("span").inner_text().strip()
    assert re.fullmatch(r"\d\.\d\d", number), f"strength shown as {number!r}"
    expect(row.locator("meter")).to_have_attribute("value", number)
    return float(number)


def log_contact_from_person_page(
    page: Page, person_id: int, name: str, kind: str
) -> None:
    """On a person's page: "Log a contact", the signed-in person and ``name``
    (chosen by default), today, of ``kind``; back on the person's page."""
    page.goto(f"/people/{person_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.locator("#ties").get_by_role("link", name="Log a contact").click()

    expect(page).to_have_url(re.compile(rf"/contacts/new\?person={person_id}&"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a contact")
    expect(page.get_by_label("When", exact=True)).to_have_value(
        date.today().isoformat()
    )
    # "Who" is chips: the signed-in member and the person the page was for.
    chosen = page.get_by_role("list", name="Who: chosen").get_by_role("listitem")
    expect(chosen).to_have_text([f"{n}×" for n in sorted([PRIYA, name], key=str.lower)])
    page.get_by_label("What", exact=True).select_option(label=kind)
    page.get_by_label("Notes", exact=True).fill(f"{kind} about the Water Street block")
    page.get_by_role("button", name="Log it").click()

    expect(page).to_have_url(re.compile(rf"/people/{person_id}$"))
    expect(page.get_by_role("status")).to_have_text("Contact logged.")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def wait_for_graph(page: Page) -> tuple[int, int]:
    """Wait until the graph is drawn; the people and ties its status line
    counts, which must agree with the counts the server put in the heading."""
    status = page.locator("#graph-status")
    expect(status).to_contain_text("people", timeout=DRAWN)
    expect(status).to_have_text(STATUS)
    found = STATUS.match(status.inner_text().strip())
    assert found is not None
    people, tie_count = int(found[1]), int(found[2])
    expect(page.locator(".heading p.muted").first).to_contain_text(
        f"{people} people, {tie_count} ties"
    )
    return people, tie_count


def largest_node(page: Page, metric: str) -> str:
    """The label of the node drawn largest, checked to hold the highest value
    of ``metric`` (Cytoscape keeps its instance on the container; the page
    does not expose it otherwise)."""
    label, value, highest = page.evaluate(
        """(metric) => {
          const cy = document.getElementById('cy')._cyreg.cy;
          let best = null, highest = 0;
          cy.nodes().forEach((n) => {
            if (!best || n.width() > best.width()) { best = n; }
            highest = Math.max(highest, n.data(metric) || 0);
          });
          return [best.data('label'), best.data(metric) || 0, highest];
        }""",
        metric,
    )
    assert value == highest, f"sized by {metric}, {label} ({value}) is largest"
    return label


def first_listed(page: Page, heading: str) -> str:
    """The name heading the ranked list under ``heading`` (Brokers, Most
    connected): the text before its organization."""
    item = page.locator(f"h2:text-is('{heading}') + p.help + ol > li").first
    return item.evaluate("li => li.firstChild.textContent").strip()


def single_points_of_failure(page: Page) -> Locator:
    return page.locator("h2:text-is('Single points of failure') + p.help + ul.list")


# 1. Logging contacts makes and strengthens a tie --------------------------------


def test_a_member_logs_contacts_and_the_tie_appears_and_strengthens(
    page: Page, in_app
) -> None:
    with in_app():
        person_id, name = someone_priya_has_no_tie_with()
        priya_id = person_id_of(MEMBER)
    sign_in(page, MEMBER)
    page.goto(f"/people/{person_id}")
    expect(tie_row(page, PRIYA)).to_have_count(0)

    # A call today: the tie is there, active, with a strength.
    log_contact_from_person_page(page, person_id, name, "Call")
    row = tie_row(page, PRIYA)
    expect(row).to_have_count(1)
    expect(row.locator(".tag")).to_have_text("active")
    expect(row).to_have_class(re.compile(r"\btie-active\b"))
    expect(row).to_contain_text(f"{date.today():%d %b %Y}".lstrip("0"))
    expect(row.locator("td").nth(3)).to_have_text("1 contact")
    after_call = shown_strength(row)
    assert after_call > 0
    with in_app():
        (tie,) = [t for other, t in ties_of_person(person_id) if other.id == priya_id]
        assert f"{tie.strength:.2f}" == f"{after_call:.2f}"
        assert tie.contacts == 1 and tie.state() == "active"

    # A visit the same day: the same tie, stronger.
    log_contact_from_person_page(page, person_id, name, "Visit")
    row = tie_row(page, PRIYA)
    expect(row).to_have_count(1)
    expect(row.locator(".tag")).to_have_text("active")
    expect(row.locator("td").nth(3)).to_have_text("2 contacts")
    after_visit = shown_strength(row)
    assert after_visit > after_call, (
        f"a second contact should strengthen the tie ({after_call} → {after_visit})"
    )
    with in_app():
        (tie,) = [t for other, t in ties_of_person(person_id) if other.id == priya_id]
        assert f"{tie.strength:.2f}" == f"{after_visit:.2f}"

    # Priya's own page shows the same tie from her side.
    page.goto(f"/people/{priya_id}")
    mine = tie_row(page, name)
    expect(mine).to_have_count(1)
    expect(mine.locator(".tag")).to_have_text("active")
    assert shown_strength(mine) == after_visit


# 2. The coalition's graph -------------------------------------------------------


def test_a_coordinator_explores_the_network_and_asks_what_if_the_broker_leaves(
    page: Page, in_app
) -> None:
    with in_app():
        elena_id = person_id_of(COORDINATOR)
        elenas_ties = {other.full_name: t for other, t in ties_of_person(elena_id)}
    sign_in(page, COORDINATOR)
    page.goto("/network")
    expect(page.get_by_role("heading", level=1)).to_have_text("Relationship network")
    people, all_ties = wait_for_graph(page)
    assert people > 100 and all_ties > people, "the demo's coalition should be drawn"
    expect(page.locator("#side")).to_contain_text("Click a person")

    # Find Elena: the side panel shows her, her metrics and every tie.
    page.get_by_label("Find a person", exact=True).fill("Elena")
    side = page.locator("#side")
    expect(side.get_by_role("heading", level=2)).to_have_text(ELENA)
    expect(side).to_contain_text(POLICE)
    expect(side.get_by_role("heading", name="Ties", exact=True)).to_be_visible()
    listed = side.locator("h3:text-is('Ties') + ul > li")
    expect(listed).to_have_count(len(elenas_ties))
    priya = elenas_ties[PRIYA]
    expect(listed.filter(has_text=PRIYA)).to_have_text(
        re.compile(rf"^{PRIYA} · {priya.strength:.2f} · {priya.state()}")
    )
    expect(side.get_by_role("link", name="What if they leave?")).to_have_attribute(
        "href", f"/network/what-if?person={elena_id}"
    )

    # Sizing: by betweenness (the default) the top broker is drawn largest; by
    # degree, the most connected. Every metric can be chosen without an error.
    size_by = page.get_by_label("Size by", exact=True)
    expect(size_by).to_have_value("betweenness")
    assert largest_node(page, "betweenness") == first_listed(page, "Brokers")
    size_by.select_option("degree")
    assert largest_node(page, "degree") == first_listed(page, "Most connected")
    for metric in ("closeness", "eigenvector", "effective_size", "betweenness"):
        size_by.select_option(metric)
        expect(size_by).to_have_value(metric)
        largest_node(page, metric)

    # Only strong ties: fewer of them.
    page.get_by_label("Minimum strength", exact=True).fill("0.5")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"/network\?.*\bmin=0\.5\b"))
    strong_people, strong_ties = wait_for_graph(page)
    assert strong_ties < all_ties, f"min 0.5 kept {strong_ties} of {all_ties} ties"
    assert strong_people <= people
    expect(page.get_by_label("Minimum strength", exact=True)).to_have_value("0.5")
    page.get_by_label("Find a person", exact=True).fill("Elena")
    strong = side.locator("h3:text-is('Ties') + ul > li")
    expect(strong).to_have_count(sum(t.strength >= 0.5 for t in elenas_ties.values()))

    # What if Elena leaves? From her entry among the single points of failure.
    page.goto("/network")
    wait_for_graph(page)
    cut = (
        single_points_of_failure(page)
        .get_by_role("listitem")
        .filter(has_text=re.compile(rf"^If {ELENA} \("))
    )
    expect(cut).to_have_count(1)
    expect(cut).to_contain_text(COPPER_KETTLE)
    cut.get_by_role("link", name="what if?").click()

    expect(page).to_have_url(re.compile(rf"/network/what-if\?person={elena_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"What if {ELENA} leaves?"
    )
    expect(page.locator("ul.lead > li").first).to_have_text(
        re.compile(rf"^{ELENA} has {len(elenas_ties)} ties \(\d+ active\)\.$")
    )
    lost_heading = page.get_by_role("heading", name=re.compile(r"^Ties lost"))
    expect(lost_heading).to_have_text(f"Ties lost ({len(elenas_ties)})")
    lost = page.locator("h2:text-matches('^Ties lost') + ul > li")
    expect(lost).to_have_count(len(elenas_ties))
    expect(lost.filter(has_text=PRIYA)).to_contain_text(
        f"{priya.strength:.2f} · {priya.state()}"
    )
    orphans = page.locator("h2:text-is('Organizations left without a tie') + ul > li")
    for bar in (BLUE_HERON, COPPER_KETTLE):
        expect(orphans.filter(has_text=f"{POLICE} – {bar}")).to_have_count(1)
    expect(page.locator("ul.lead")).to_contain_text(
        f"{POLICE} would have no active tie left to {BLUE_HERON}."
    )


def test_show_cold_ties_keeps_the_cold_ties(page: Page) -> None:
    sign_in(page, COORDINATOR)
    page.goto("/network")
    _people, all_ties = wait_for_graph(page)
    show_cold = page.get_by_label("Show cold ties")
    expect(show_cold).to_be_checked()
    page.get_by_role("button", name="Show", exact=True).click()  # nothing changed
    expect(page).to_have_url(re.compile(r"/network\?"))
    _people, shown_ties = wait_for_graph(page)
    expect(show_cold).to_be_checked(timeout=1000)
    assert shown_ties == all_ties


# 3. On a phone -------------------------------------------------------------------


def test_the_network_fits_a_phone_without_sideways_scrolling(page: Page) -> None:
    sign_in(page, COORDINATOR)
    page.set_viewport_size(PHONE)
    page.goto("/network")
    wait_for_graph(page)
    expect(page.locator("#cy")).to_be_visible()
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"/network is {overflow}px wider than a 390px phone"

    # The side panel, filled with a long list of ties, still fits.
    page.get_by_label("Find a person", exact=True).fill("Elena")
    expect(page.locator("#side").get_by_role("heading", level=2)).to_have_text(ELENA)
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"/network with {ELENA} shown is {overflow}px too wide"

    # And so does the what-if page, reached from the side panel.
    page.locator("#side").get_by_role("link", name="What if they leave?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"What if {ELENA} leaves?"
    )
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{page.url} is {overflow}px wider than a 390px phone"


@pytest.mark.parametrize("from_person", [False, True], ids=["blank", "from-a-person"])
def test_logging_a_contact_fits_a_phone_without_sideways_scrolling(
    page: Page, in_app, from_person: bool
) -> None:
    path = "/contacts/new"
    if from_person:
        with in_app():
            person_id, _name = someone_priya_has_no_tie_with()
        path += f"?person={person_id}&next=/people/{person_id}"
    sign_in(page, MEMBER)
    page.set_viewport_size(PHONE)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a contact")
    expect(page.get_by_role("button", name="Log it")).to_be_visible()
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{path} is {overflow}px wider than a 390px phone"
