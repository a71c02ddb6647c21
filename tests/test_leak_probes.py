"""Leak probes: what organization A keeps to itself must show nowhere to
anyone else.

Notes restricted to A (on a case everyone sees, on the restricted case, on a
person of A, on meetings) all carry one marker, as do the titles of the cases
A's outsiders may not see and of everything on them. A user of organization B
(a member and a coordinator) and a read-only user of another organization
then read every page, list, search, count, feed, export and calendar file
they can reach, and no answer may hold the marker, nor the phone number,
email or address of that person of A (which only A's staff, the coordinators
of cases they hold a role on and administrators may read). A's own staff see
all of it in the places meant for it: the probes would notice a leak.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import AuditEvent, Note
from tests.test_permission_matrix import World, as_viewer, build_world

OUTSIDERS = ("member_off", "b_coordinator", "c_read_only")
FORMATS = ("graphml", "gexf", "json", "csv")


@pytest.fixture
def access_world(
    make_organization, make_person, make_user, make_case, make_task, make_meeting
) -> World:
    return build_world(
        make_organization, make_person, make_user, make_case, make_task, make_meeting
    )


@dataclass(frozen=True)
class Look:
    url: str
    echo: str = ""  # what the page repeats from the request (a search box)
    subjects: tuple[str, ...] = ()  # what this search must not find


def looks(w: World, viewer) -> list[Look]:
    """Everywhere the viewer may look for what A keeps to itself."""
    shared = w.cases["coalition"]
    restricted = w.cases["restricted"]
    a, b = w.organizations["A"], w.organizations["B"]
    person = w.person.id
    coalition_meeting = w.coalition_meeting.id
    network_scopes = [
        "",
        f"?case={shared.case.id}",
        f"?person={person}",
        f"?org={a.id}",
        f"?org={b.id}",
        f"?person={person}&radius=3",
    ]
    pages = [
        # Dashboard, lists and counts.
        "/",
        "/cases",
        "/cases?status=all",
        f"/cases?organization={a.id}",
        f"/cases?organization={b.id}",
        f"/cases?coordinator={w.builder.id}",
        "/cases?overdue=1",
        "/people",
        "/organizations",
        f"/organizations/{a.id}",
        f"/organizations/{b.id}",
        "/meetings",
        "/tasks/mine",
        "/tasks/organization",
        "/tasks/overdue",
        # The case everyone sees, with its restricted note.
        f"/cases/{shared.case.id}",
        f"/cases/{shared.case.id}/board",
        f"/cases/{shared.case.id}/timeline",
        f"/cases/{shared.case.id}/history",
        f"/tasks/{shared.task.id}",
        f"/cases/{shared.case.id}/tasks/new?response={restricted.response.id}",
        # The person of A, with a restricted note and contact details.
        f"/people/{person}",
        f"/people/{person}/history",
        f"/people/{person}/edit",
        f"/people/{viewer.person_id}",  # B's own page: B's task on a hidden case
        "/people/options?q=Dana",
        "/cases/options?q=case",
        f"/cases/options?q={w.secret}",
        "/organizations/options?q=Harbor",
        # Meetings: the shared case's, and the coalition's (an item about the
        # restricted case, a restricted note), with their minutes and files.
        *(
            f"/meetings/{meeting}{page}"
            for meeting in (shared.meeting.id, coalition_meeting)
            for page in (
                "",
                "/minutes",  # with the summary for email
                "/minutes.md",
                "/calendar.ics",
                "/run",
                "/suggest",
                "/edit",
            )
        ),
        # The network: the page, its side panel data, every export.
        *(f"/network{scope}" for scope in network_scopes),
        *(f"/network/data.json{scope}" for scope in network_scopes),
        *(f"/network/status{scope}" for scope in network_scopes),
        *(
            f"/network/export.{fmt}{scope}"
            for fmt in FORMATS
            for scope in network_scopes
        ),
        f"/network/what-if?person={person}",
        f"/network/introduction?from={viewer.person_id}&to={person}",
        f"/contacts/new?case={restricted.case.id}",
        "/account/security",
        # What B may not open answers without saying what it is.
        f"/cases/{restricted.case.id}",
        f"/meetings/{restricted.meeting.id}/minutes.md",
        f"/network/export.csv?case={restricted.case.id}",
    ]
    hidden_titles = tuple(w.cases[v].case.title for v in ("participants", "restricted"))
    searches = [
        # A restricted note's words must not find its subject.
        Look("/cases?q=note+on+case", "note on case", (shared.case.title,)),
        Look("/people?q=note+on+person", "note on person", (w.person.full_name,)),
        # Nor may contact details the viewer cannot read.
        *(
            Look(f"/people?{urlencode({'q': detail})}", detail, (w.person.full_name,))
            for detail in (w.phone, w.email, w.address)
        ),
        Look(f"/cases?q={w.secret}", w.secret, hidden_titles),
        Look(f"/organizations?q={w.secret}", w.secret),
    ]
    return [Look(page) for page in pages] + searches


def secrets(w: World) -> dict[str, str]:
    return {
        "restricted text": w.secret,
        "phone": w.phone,
        "email": w.email,
        "address": w.address,
    }


def leaks_in(text: str, look: Look, w: World) -> list[str]:
    found = [f"found {subject!r}" for subject in look.subjects if subject in text]
    if look.echo:  # the search box holds what was searched for: not a leak
        for form in {look.echo, html.escape(look.echo), html.escape(look.echo, False)}:
            text = text.replace(form, "")
    return found + [name for name, value in secrets(w).items() if value in text]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_nothing_a_keeps_to_itself_shows_to_anyone_else(client, access_world, who):
    w = access_world
    viewer = w.users[who]
    as_viewer(client, viewer)
    places, leaks, errors, answers = looks(w, viewer), [], [], Counter()
    for look in places:
        response = client.get(look.url)
        answers[response.status_code] += 1
        if response.status_code >= 500:  # 503 too: this network is computed live
            errors.append(f"{look.url}: {response.status_code}")
        leaks += [f"{look.url}: {leak}" for leak in leaks_in(response.text, look, w)]
    print(
        f"\n{who}: looked in {len(places)} places (answers {dict(answers)}),"
        f" {len(leaks)} leaks"
    )
    assert not errors, errors
    assert not leaks, f"{len(leaks)} leaks in {len(places)} places:\n" + "\n".join(
        leaks
    )


@pytest.mark.parametrize("who", OUTSIDERS)
def test_a_restricted_note_is_not_even_counted_for_anyone_else(
    client, access_world, who
):
    w = access_world
    shared = w.cases["coalition"]
    # Each subject's notes section: how many notes A's staff and others see.
    subjects = {
        f"/cases/{shared.case.id}": (2, 1),  # a restricted note, an open one
        f"/people/{w.person.id}": (1, 0),
        f"/meetings/{shared.meeting.id}": (1, 0),
        f"/meetings/{w.coalition_meeting.id}": (1, 0),
    }
    for viewer, column in ((w.users["member_on"], 0), (w.users[who], 1)):
        as_viewer(client, viewer)
        for url, counts in subjects.items():
            page = client.get(url).text
            assert page.count('<li class="note') == counts[column], (url, viewer)
            assert ("badge restricted" in page) == (column == 0), (url, viewer)


def test_a_staff_see_what_is_kept_for_them_so_the_probes_would_notice(
    client, access_world
):
    w = access_world
    as_viewer(client, w.users["member_on"])
    shared = w.cases["coalition"]
    expected = {
        f"/cases/{shared.case.id}": shared.restricted_note.body,
        f"/cases/{w.cases['restricted'].case.id}": w.secret,
        f"/people/{w.person.id}": w.person_note.body,
        f"/meetings/{shared.meeting.id}": shared.meeting_note.body,
        f"/meetings/{w.coalition_meeting.id}": w.coalition_meeting_note.body,
        f"/meetings/{w.coalition_meeting.id}/minutes.md": w.hidden_item.title,
        "/cases": w.cases["restricted"].case.title,
        "/tasks/overdue": w.cases["restricted"].task.title,
    }
    for url, text in expected.items():
        assert text in client.get(url).text, url
    for page in (f"/people/{w.person.id}", f"/people/{w.person.id}/history"):
        text = client.get(page).text
        assert w.phone in text and w.email in text and w.address in text, page


def test_creating_a_restricted_note_leaves_its_text_out_of_the_audit_trail(
    access_world,
):
    restricted = db.session.scalars(select(Note).where(Note.restricted_to.any()))
    bodies = [note.body for note in restricted]
    assert len(bodies) == 8
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "notes")
    ).all()
    assert len(events) == len(bodies) + 3  # and the open note of each case
    for event in events:
        written = f"{event.changes} {event.object_label}"
        assert not [body for body in bodies if body in written], written
    created = [e for e in events if e.changes["restricted_to"][1]]
    assert len(created) == 8
    assert all(event.changes["body"] == [None, None] for event in created)
