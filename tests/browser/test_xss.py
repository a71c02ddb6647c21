"""Cross-site scripting, tried for real: a corpus of classic payloads is saved
into every free-text field, then every page that shows them is rendered in
Chromium, and none may run.

The payloads go in through the services (the forms' length limits applied,
so each is what a form could have saved) into a database of this module's own
— loading two dozen organizations named ``<script>…`` into the shared demo
city would change what the other browser tests count — and a few through the
forms, so flash messages and htmx answers carry them too. For each payload
there is an organization (name, description, services, website, phone,
email, address), a person (name, title, contact details, notes, a sign-in), a
case (title, problem statement, goals, the triangle and its controllers, SARA
answers, a place, a role note, a response, a stage-move reason, comments), a
task (title, description, comment), a meeting (title, place, video link, an
agenda item with notes, a decision, an action item), a relationship and a
contact (notes), notes on the case, the person (restricted) and the meeting,
and a problem type.

Each page is checked for what would show an escaping failure, whether or not
the Content-Security-Policy then stopped it:

- a script ran: ``alert``/``confirm``/``prompt``/``print`` are replaced by a
  hook setting ``window.__xss`` (in every frame), and a dialog fails too;
- a CSP violation (the ``securitypolicyviolation`` event, or Chromium's
  console message), a console error, an uncaught page error;
- markup that is not ours: an ``on*``/``hx-on`` attribute, a ``javascript:``
  (or ``vbscript:``, ``data:text/html``) link, an inline ``<script>``, an
  ``<iframe>``, ``<object>``, ``<embed>``, ``<base>`` or ``<meta http-equiv>``;
- and on each record's own page its payload is shown verbatim, as text (so
  ``{{7*7}}`` was not evaluated and ``<b>`` is not bold).

The network page draws the payload people with Cytoscape; each node is
clicked and the side panel must show the name as text. The counts (pages,
payloads shown, scripts run, CSP violations) are printed at the end (``-s``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Error, Page, expect
from sqlalchemy.orm import InstrumentedAttribute

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    AgendaItem,
    Case,
    CasePlace,
    CaseResponse,
    CaseRole,
    Meeting,
    Membership,
    Organization,
    Person,
    PersonTie,
    ProblemType,
    StageChange,
    Task,
)
from caseboard.sara import ALL_KEYS
from caseboard.services import (
    agenda,
    cases,
    contacts,
    meetings,
    notes,
    problem_types,
    tasks,
)
from caseboard.services.organizations import create_organization
from caseboard.services.people import create_person
from caseboard.services.users import create_user
from tests.browser.conftest import serve
from tests.browser.helpers import sign_in
from tests.conftest import build_app, fresh_database

LONG = "A" * 5000 + "<script>alert('long')</script>"

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "<svg/onload=alert(4)//",
    '<a href="javascript:alert(5)">click me</a>',
    '<iframe srcdoc="<script>parent.alert(6)</script>"></iframe>',
    "<details open ontoggle=alert(7)>x</details>",
    "<input autofocus onfocus=alert(8)>",
    "<body onload=alert(9)>",
    "</textarea><script>alert(10)</script>",
    "</title><script>alert(11)</script>",
    "</script><script>alert(12)</script>",
    '" onmouseover="alert(13)" data-x="',
    "' onfocus='alert(14)' autofocus='",
    "{{7*7}} {{ config }} {% print(15) %}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "{{constructor.constructor('alert(17)')()}}",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(18)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(19)>",
    '<div hx-get="/logout" hx-trigger="load" hx-on:htmx:load="alert(20)">htmx</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(21)">',
    '<base href="//evil.example/"><object data="javascript:alert(22)">',
    "<style>body{display:none}</style><link rel=stylesheet href=//evil.example/x.css>",
    "\u202egnp.exe\u202c \u200bzero\u200dwidth\ufeff <script>alert(24)</script>",
    '\\"-alert(25)-\\" \';alert(25)// %3Cscript%3Ealert(25)%3C/script%3E',
    "𝕳𝖆𝖗𝖇𝖔𝖗 👩🏽‍🚒 Ḩ̵̛̺͐a̸r̴b̷o̸r̵ <b>bold?</b> &amp; &lt;i&gt;",
    LONG,
]
# Links a form's URL check refuses, but an import or the services took.
URL_PAYLOADS = [
    "javascript:alert('url')",
    " JaVaScRiPt:alert('url')",
    "javascript://example.org/%0aalert('url')",
    "java\tscript:alert('url')",
    "data:text/html,<script>alert('url')</script>",
    "vbscript:msgbox('url')",
]
HOOKS = """
(() => {
  const hit = (how) => {
    const note = how + " at " + location.href;
    (window.__xss = window.__xss || []).push(note);
    try {
      if (window.top !== window) {
        (window.top.__xss = window.top.__xss || []).push(note);
      }
    } catch (e) { /* another origin */ }
  };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = () => hit(name + "()");
  }
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
      (e.sample ? ": " + e.sample : ""));
  });
})();
"""
FOREIGN_MARKUP = """
() => {
  const found = [];
  const bad = /^(javascript:|vbscript:|data:text\\/html)/;
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || name.startsWith("hx-on")) {
        found.push(`<${el.localName} ${name}>`);
      }
      if (["href", "src", "action", "formaction", "data", "srcdoc"].includes(name)) {
        const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
        if (bad.test(value) || name === "srcdoc") {
          found.push(`<${el.localName} ${name}="${attr.value}">`);
        }
      }
    }
  }
  const foreign =
    "iframe, frame, object, embed, base, meta[http-equiv], script:not([src])";
  for (const el of document.querySelectorAll(foreign)) {
    found.push(`<${el.localName}>`);
  }
  return found;
}
"""
SETTLE = """
() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(
  () => setTimeout(done, 0))))
"""
ADMIN_EMAIL = "xss-admin@example.org"
PASSWORD = "correct horse battery staple"
DRAWN = 30_000


def needle(payload: str) -> str:
    """What a page showing the payload contains, as text."""
    return payload.strip()[:60]


def fit(text: str, column: InstrumentedAttribute[Any]) -> str:
    """``text`` cut to what the column (and so its form) takes."""
    length = getattr(column.type, "length", None)
    return text[:length].strip() if length else text


assert len(PAYLOADS) >= 20
assert len({needle(p) for p in PAYLOADS}) == len(PAYLOADS), "needles must differ"


# The payload world ----------------------------------------------------------


@dataclass
class Record:
    """The ids of what was made from one payload."""

    payload: str
    organization: int = 0
    person: int = 0
    user: int = 0
    case: int = 0
    task: int = 0
    meeting: int = 0
    stage: str = "scanning"


@dataclass
class World:
    records: list[Record]
    admin_person: int


def seed() -> World:
    """Every free-text field of every kind of record, one payload per set."""
    problem_types.ensure_default_problem_types()
    home = create_organization(None, name="Harbor Admin Office")
    admin = create_user(
        None,
        email=ADMIN_EMAIL,
        password=PASSWORD,
        full_name="Ada Admin",
        organization=home,
        site_role="admin",
    )
    db.session.flush()
    records = []
    previous: Person | None = None
    for n, payload in enumerate(PAYLOADS):
        record = Record(payload)
        url = URL_PAYLOADS[n % len(URL_PAYLOADS)]
        problem_type = problem_types.add_problem_type(
            admin, fit(payload, ProblemType.name)
        )
        organization = create_organization(
            admin,
            name=fit(payload, Organization.name),
            kind="community_organization",
            description=payload,
            services=[fit(payload, Organization.name), "Shelter beds"],
            website=url,
            phone=fit(payload, Organization.phone),
            email=fit(payload, Organization.email),
            address=fit(payload, Organization.address),
        )
        person = create_person(
            admin,
            full_name=fit(payload, Person.full_name),
            organization=organization,
            title=fit(payload, Membership.title),
            email=fit(payload, Person.email),
            phone=fit(payload, Person.phone),
            address=fit(payload, Person.address),
            notes=payload,
        )
        db.session.flush()
        user = create_user(
            admin, email=f"xss{n}@example.org", password=PASSWORD, person=person
        )
        short = fit(payload, Case.title)
        case = cases.create_case(
            admin,
            title=short,
            problem_type=problem_type,
            lead_organization=organization,
            coordinator=admin,
            problem_statement=payload,
            goals=payload,
            offender=payload,
            victim=payload,
            place=payload,
            handler=payload[:1000],
            guardian=payload[:1000],
            manager=payload[:1000],
            handler_person_id=person.id,
            guardian_organization_id=organization.id,
            place_name=fit(payload, CasePlace.name),
            place_address=fit(payload, CasePlace.address),
            beat=fit(payload, CasePlace.beat),
        )
        cases.save_sara_answers(
            admin,
            case,
            expected_version=case.version,
            answers={key: payload for key in ALL_KEYS},
        )
        cases.add_role(
            admin,
            case,
            role="guardian",
            person=person,
            note=fit(payload, CaseRole.note),
        )
        response = cases.add_response(
            admin,
            case,
            description=fit(payload, CaseResponse.description),
            partner_organization=organization,
        )
        cases.move_stage(
            admin,
            case,
            to_stage="analysis",
            reason=fit(payload, StageChange.reason),
            expected_version=case.version,
        )
        cases.add_comment(admin, case, payload)
        task = tasks.create_task(
            admin,
            case,
            title=fit(payload, Task.title),
            description=payload,
            assignee=person,
            organization=organization,
            due_on=today() + timedelta(days=3),
            response=response,
        )
        cases.add_comment(admin, case, payload, task=task)
        overdue = tasks.create_task(
            admin, case, title=fit(payload, Task.title), organization=organization
        )
        overdue.due_on = today() - timedelta(days=2)  # time passing
        meeting = meetings.schedule_meeting(
            admin,
            title=fit(payload, Meeting.title),
            starts_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=3),
            case=case if n % 2 else None,
            location=fit(payload, Meeting.location),
            video_link=url,
            invitees=[person, admin.person],
        )
        item = agenda.add_agenda_item(
            admin,
            meeting,
            title=fit(payload, AgendaItem.title),
            case=case,
            presenter=person,
            notes=payload,
        )
        agenda.add_decision(admin, item, payload)
        agenda.add_action_item(
            admin,
            item,
            title=fit(payload, Task.title),
            assignee=person,
            due_on=today() + timedelta(days=5),
        )
        meetings.record_attendance(admin, meeting, person, status="present")
        notes.add_note(admin, case, payload, [])
        notes.add_note(admin, person, payload, [organization])  # restricted
        notes.add_note(admin, meeting, payload, [])
        contacts.log_interaction(
            admin,
            occurred_on=today(),
            kind="call",
            people=[person, admin.person] + ([previous] if previous else []),
            case=case,
            notes=payload,
        )
        if previous is not None:
            contacts.declare_tie(
                admin,
                person,
                previous,
                kind="works_with",
                notes=fit(payload, PersonTie.notes),
            )
        db.session.flush()
        record.organization, record.person, record.user = (
            organization.id,
            person.id,
            user.id,
        )
        record.case, record.task, record.meeting = case.id, task.id, meeting.id
        record.stage = ["scanning", "analysis", "response", "assessment"][n % 4]
        records.append(record)
        previous = person
    return World(records, admin.person_id)


@pytest.fixture(scope="module")
def xss_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, World]]:
    folder = tmp_path_factory.mktemp("xss")
    with fresh_database(folder) as url:
        app = build_app(url, folder)
        app.config["WTF_CSRF_ENABLED"] = True
        # Every payload on the first page of every list.
        app.config["PAGE_SIZE"] = app.config["TASK_PAGE_SIZE"] = 500
        with app.app_context():
            world = seed()
            db.session.commit()
        yield app, world
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def world(xss_app: tuple[Flask, World]) -> World:
    return xss_app[1]


@pytest.fixture(scope="module")
def xss_server(xss_app: tuple[Flask, World]) -> Iterator[str]:
    with serve(xss_app[0]) as url:
        yield url


# Watching the browser ----------------------------------------------------------


@dataclass
class Totals:
    pages: int = 0
    shown: int = 0  # (page, payload) pairs where the payload showed as text
    clicks: int = 0
    scripts: int = 0
    csp: int = 0


TOTALS = Totals()


@pytest.fixture(scope="module", autouse=True)
def _print_totals() -> Iterator[None]:
    yield
    print(
        f"\nXSS: {len(PAYLOADS)} payloads (+{len(URL_PAYLOADS)} links), "
        f"{TOTALS.pages} pages rendered, {TOTALS.shown} payload renderings "
        f"checked, {TOTALS.clicks} graph nodes clicked; scripts run: "
        f"{TOTALS.scripts}, CSP violations: {TOTALS.csp}"
    )


@dataclass
class Watched:
    """A signed-in page whose dialogs, console and errors are collected."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp.append(message.text)
        elif message.type == "error":
            self.errors.append(f"console error: {message.text}")

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_page_error(self, error: Error) -> None:
        self.errors.append(f"page error: {error.message}")

    def check(self, where: str, count: bool = True) -> None:
        """Fail on anything seen since the last check."""
        self.page.evaluate(SETTLE)
        ran = list(self.dialogs)
        for frame in self.page.frames:
            ran += frame.evaluate("() => window.__xss || []")
            self.csp += frame.evaluate("() => window.__csp || []")
        foreign = self.page.evaluate(FOREIGN_MARKUP)
        if count:
            TOTALS.scripts += len(ran)
            TOTALS.csp += len(self.csp)
        problems = [
            *(f"script ran: {r}" for r in ran),
            *(f"CSP violation: {c}" for c in self.csp),
            *(f"markup not ours: {m}" for m in foreign),
            *self.errors,
        ]
        self.dialogs.clear()
        self.csp.clear()
        self.errors.clear()
        assert not problems, f"{where}:\n" + "\n".join(problems)

    def shown(self, payloads: list[str]) -> list[bool]:
        return self.page.evaluate(
            "(needles) => needles.map((n) => document.documentElement.textContent"
            ".includes(n))",
            [needle(p) for p in payloads],
        )

    def visit(self, path: str, own: str | None = None) -> None:
        """Render ``path``, check it, count the payloads it shows; ``own``:
        the payload that must show there as text."""
        response = self.page.goto(path, wait_until="load")
        assert response is not None and response.status == 200, (
            f"{path}: {response.status if response else 'no response'}"
        )
        self.check(path)
        TOTALS.pages += 1
        shown = self.shown(PAYLOADS)
        TOTALS.shown += sum(shown)
        if own is not None:
            assert shown[PAYLOADS.index(own)], (
                f"{path} does not show {needle(own)!r} as text"
            )


@pytest.fixture
def watched(browser: Browser, xss_server: str) -> Iterator[Watched]:
    context = browser.new_context(base_url=xss_server)
    context.add_init_script(HOOKS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    watch = Watched(page)
    page.on("console", watch.on_console)
    page.on("dialog", watch.on_dialog)
    page.on("pageerror", watch.on_page_error)
    try:
        sign_in(page, ADMIN_EMAIL, PASSWORD)
        watch.check("signing in")
        yield watch
    finally:
        context.close()


# The pages -------------------------------------------------------------------


def test_the_checks_see_what_they_look_for(watched: Watched) -> None:
    """The zeros below mean something: markup slipped into a page is seen
    (and refused by the CSP), and a script that runs is seen."""
    page = watched.page
    page.goto("/")
    page.evaluate(
        "() => document.body.insertAdjacentHTML('beforeend', "
        "'<img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">x</a>')"
    )
    with pytest.raises(AssertionError) as seen:
        watched.check("a page with markup slipped in", count=False)
    assert "CSP violation" in str(seen.value)
    assert "markup not ours: <img onerror>" in str(seen.value)
    assert 'markup not ours: <a href="javascript:alert(2)">' in str(seen.value)
    page.goto("/")
    page.evaluate("() => alert('ran')")
    with pytest.raises(AssertionError, match=r"script ran: alert\(\)"):
        watched.check("a page where a script ran", count=False)


LISTS = [
    "/",
    "/organizations",
    "/organizations?q=script",
    "/people",
    "/people?q=onerror",
    "/cases",
    "/cases?stage=analysis",
    "/tasks/mine",
    "/tasks/organization",
    "/tasks/overdue",
    "/meetings",
    "/admin/users",
    "/admin/audit",
    "/admin/problem-types",
    "/contacts/new",
    "/meetings/new",
    "/cases/new",
    "/account/security",
]


def test_lists_and_the_dashboard_show_every_payload_as_text(
    watched: Watched,
) -> None:
    for path in LISTS:
        watched.visit(path)
    watched.page.goto("/cases")
    assert all(watched.shown([needle(p)[:40] for p in PAYLOADS])), (
        "the case list should show every payload's case"
    )


def test_organization_and_people_pages(watched: Watched, world: World) -> None:
    for record in world.records:
        watched.visit(f"/organizations/{record.organization}", own=record.payload)
        watched.visit(f"/organizations/{record.organization}/edit")
        watched.visit(f"/people/{record.person}", own=record.payload)
        watched.visit(f"/people/{record.person}/edit")
        watched.visit(f"/people/{record.person}/history")
        watched.visit(f"/admin/users/{record.user}/edit")


def test_case_pages(watched: Watched, world: World) -> None:
    for record in world.records:
        case = f"/cases/{record.case}"
        watched.visit(case, own=record.payload)
        watched.visit(f"{case}/edit")
        watched.visit(f"{case}/board", own=record.payload)
        watched.visit(f"{case}/timeline", own=record.payload)
        watched.visit(f"{case}/history")
        watched.visit(f"{case}/sara?stage={record.stage}", own=record.payload)
        watched.visit(f"{case}/tasks/new")


def test_task_pages(watched: Watched, world: World) -> None:
    for record in world.records:
        watched.visit(f"/tasks/{record.task}", own=record.payload)
        watched.visit(f"/tasks/{record.task}/edit")


def test_meeting_pages(watched: Watched, world: World) -> None:
    for record in world.records:
        meeting = f"/meetings/{record.meeting}"
        watched.visit(meeting, own=record.payload)
        watched.visit(f"{meeting}/run", own=record.payload)
        watched.visit(f"{meeting}/minutes", own=record.payload)
        watched.visit(f"{meeting}/edit")
        watched.visit(f"{meeting}/suggest")


def test_downloads_are_never_rendered_as_pages(watched: Watched, world: World) -> None:
    """Minutes, calendars and exports carry the payloads raw: they must come
    as attachments of a type no browser renders as HTML."""
    request = watched.page.request
    record = world.records[0]
    for path in (
        f"/meetings/{record.meeting}/minutes.md",
        f"/meetings/{record.meeting}/calendar.ics",
        "/network/export.graphml",
        "/network/export.gexf",
        "/network/export.json",
        "/network/export.csv",
    ):
        response = request.get(path)
        assert response.status == 200, path
        headers = response.headers
        assert "html" not in headers["content-type"], path
        assert headers["content-disposition"].startswith("attachment"), path
        assert headers["x-content-type-options"] == "nosniff", path


def wait_for_graph(page: Page) -> None:
    expect(page.locator("#graph-status")).to_contain_text(
        re.compile(r"\d+ people, \d+ ties"), timeout=DRAWN
    )


def click_node(page: Page, person_id: int) -> str:
    """Zoom in on a node, click it as a person would; its label."""
    # Scrolled into view first: Cytoscape maps a click through the graph's
    # position on screen, which it learns only after a scroll has settled.
    page.locator("#cy").scroll_into_view_if_needed()
    page.evaluate(SETTLE)
    x, y, label = page.evaluate(
        """(id) => {
          const cy = document.getElementById('cy')._cyreg.cy;
          const node = cy.getElementById(String(id));
          if (node.empty()) { return [null, null, null]; }
          cy.zoom(3);
          cy.center(node);
          const at = node.renderedPosition();
          return [at.x, at.y, node.data('label')];
        }""",
        person_id,
    )
    assert label is not None, f"person {person_id} is not drawn"
    page.evaluate(SETTLE)  # Cytoscape finds what was clicked as last drawn
    page.locator("#cy").click(position={"x": x, "y": y})
    return label  # type: ignore[no-any-return]


def test_the_network_graph_and_its_side_panel(watched: Watched, world: World) -> None:
    page = watched.page
    for path in ("/network", f"/network?person={world.records[0].person}&radius=3"):
        page.goto(path)
        wait_for_graph(page)
        watched.check(path)
        TOTALS.pages += 1
        for record in world.records:
            label = click_node(page, record.person)
            heading = page.locator("#side h2")
            expect(heading).to_have_text(label)
            assert heading.text_content() == fit(record.payload, Person.full_name)
            TOTALS.clicks += 1
            TOTALS.shown += 1
            watched.check(f"{path}, clicked {label[:40]!r}")
        # Typing a payload into the search box finds, never runs, it.
        page.get_by_label("Find a person", exact=True).fill(PAYLOADS[1][:20])
        watched.check(f"{path}, searched")
    for record in world.records:
        watched.visit(f"/network?case={record.case}")
        wait_for_graph(page)
        watched.check(f"/network?case={record.case}, drawn")
        watched.visit(f"/network/what-if?person={record.person}", own=record.payload)
        watched.visit(
            f"/network/introduction?from={world.admin_person}&to={record.person}"
        )
        watched.visit(f"/contacts/new?person={record.person}&case={record.case}")


def test_payloads_typed_into_the_forms(watched: Watched, world: World) -> None:
    """Through the pages themselves: a comment (its flash names the payload
    task), an inline status change (htmx swaps the list), meeting notes saved
    as they are typed (htmx swaps the status line) and a person's name."""
    page = watched.page
    for record in world.records[:8]:
        page.goto(f"/tasks/{record.task}")
        page.get_by_label("Add a comment", exact=True).fill(record.payload)
        page.get_by_role("button", name="Post", exact=True).click()
        expect(page.get_by_text("Comment added to", exact=False)).to_be_visible()
        watched.check(f"commented on task {record.task}")
        TOTALS.pages += 1

    page.goto("/tasks/overdue")
    select = page.locator("form select[name=status]").first
    with page.expect_response(re.compile(r"/tasks/\d+/status")):
        select.select_option("in_progress")
    page.wait_for_load_state("load")
    watched.check("changed a status inline")
    TOTALS.pages += 1

    record = world.records[3]
    page.goto(f"/meetings/{record.meeting}/run")
    box = page.locator(".notes-form textarea").first
    with page.expect_response(re.compile(r"/items/\d+/notes")):
        box.fill(PAYLOADS[0] + PAYLOADS[5])
        box.blur()
    expect(page.locator(".notes-form .saved").first).to_contain_text("Saved")
    watched.check("meeting notes autosaved")
    TOTALS.pages += 1

    page.goto("/people/new")
    page.get_by_label("Full name", exact=True).fill(PAYLOADS[9])
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PAYLOADS[9])
    watched.check("a person named by the form")
    TOTALS.pages += 1
