"""Cross-agency probes: a user of organization B tries every route that takes
an id, and every URL that names a case in its query string, on the objects of
a case restricted to organization A (the case, its tasks, roles, responses,
meeting, agenda item, notes and assessment areas; no route names a place by
id). Each attempt must answer 404, change nothing (every table but the audit
trail compared before and after) and leave one ``access_denied`` event naming
the prober. The maps' data endpoints without an id are probed in
tests/test_maps_privacy.py.

Then the same objects named where B may look (a case, a meeting or a form B
may use): the answer must be the one a made-up id gets, and nothing changes.
B holds a role on the restricted case and one of its tasks is B's: neither
may open it. The coalition axis: a user of D, of another coalition, probes
the same way the objects of the case seen coalition-wide.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import Area, AuditEvent
from tests.api_client import bearer
from tests.test_permission_matrix import (
    ROUTES,
    TODAY,
    World,
    api_secret,
    as_viewer,
    ask_of,
    build_world,
    changed_tables,
    contact_of,
    database_state,
    drawn_area,
)

# B's member and B's coordinator probe the case restricted to A; D's member,
# of another coalition, probes the case seen coalition-wide (the coalition axis).
PROBERS = (
    ("member_off", "restricted"),
    ("b_coordinator", "restricted"),
    ("other_coalition", "coalition"),
)
# The path arguments that name an object of a case.
CASE_ARGUMENTS = {
    "case_id",
    "task_id",
    "meeting_id",
    "item_id",
    "role_id",
    "response_id",
    "note_id",
    "ask_id",
    "area_id",
    "contact_id",
}
# URLs naming a case in the query string, by URL rule.
QUERY_URLS = {
    "/network": ["/network?case={case}"],
    "/network/data.json": ["/network/data.json?case={case}"],
    "/network/status": ["/network/status?case={case}"],
    "/network/export.<fmt>": [
        f"/network/export.{fmt}?case={{case}}"
        for fmt in ("graphml", "gexf", "json", "csv")
    ],
    "/meetings/new": ["/meetings/new?case={case}"],
    "/api/v1/ties": ["/api/v1/ties?case={case}"],
    "/api/v1/network": ["/api/v1/network?case={case}"],
}
MISSING = 2_000_000_000  # an id no row has
PROBES: Counter[str] = Counter()


@pytest.fixture
def access_world(
    make_organization, make_person, make_user, make_case, make_task, make_meeting
) -> World:
    return build_world(
        make_organization, make_person, make_user, make_case, make_task, make_meeting
    )


@dataclass(frozen=True)
class Probe:
    rule: str  # the URL rule, as app.url_map spells it
    method: str
    url: str
    data: dict[str, Any] | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


def restricted_ids(w: World, visibility: str = "restricted") -> dict[str, list[int]]:
    """Every id of the probed case's objects, by path argument."""
    c = w.cases[visibility]
    return {
        "case_id": [c.case.id],
        "task_id": [c.task.id, c.action.id, *(t.id for t in c.extra_tasks)],
        "meeting_id": [c.meeting.id],
        "item_id": [c.item.id],
        "role_id": [role.id for role in c.case.roles],
        "response_id": [c.response.id],
        "note_id": [c.note.id, c.restricted_note.id, c.meeting_note.id],
        "ask_id": [ask_of(w, visibility).id],
        "area_id": [drawn_area(c.case, Area.CONTROL).id],
        "contact_id": [contact_of(w, visibility).id],
    }


def form_for(
    rule: str, w: World, prober, visibility: str = "restricted"
) -> dict[str, Any] | None:
    """The form the permission matrix sends, aimed at the probed case."""
    form = ROUTES[rule].form
    return form(w, visibility, prober) if form else None


def path_probes(app, w: World, prober, visibility: str) -> Iterator[Probe]:
    ids = restricted_ids(w, visibility)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        arguments = rule.arguments
        if not arguments or not arguments <= CASE_ARGUMENTS:
            continue
        names = sorted(arguments)
        for values in itertools.product(*(ids[name] for name in names)):
            url = rule.rule
            for name, value in zip(names, values, strict=True):
                url = re.sub(rf"<(?:int:)?{name}>", str(value), url)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                data = (
                    form_for(rule.rule, w, prober, visibility)
                    if method != "GET"
                    else None
                )
                yield Probe(rule.rule, method, url, data)


def query_probes(w: World, prober, visibility: str) -> Iterator[Probe]:
    case_id = w.cases[visibility].case.id
    for rule, urls in QUERY_URLS.items():
        methods = sorted(ROUTES[rule].expect)
        for url, method in itertools.product(urls, methods):
            data = form_for(rule, w, prober, visibility) if method == "POST" else None
            yield Probe(rule, method, url.format(case=case_id), data)


def denied_events(user_id: int) -> int:
    return db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "access_denied", AuditEvent.actor_id == user_id
        )
    )


def answer(client, probe: Probe, token: str = ""):
    """The probe as the prober sends it: an API operation with the prober's
    token and a JSON body, a page with their session."""
    if probe.rule.startswith("/api/"):
        response = client.open(
            probe.url, method=probe.method, json=probe.data, headers=bearer(token)
        )
    else:
        response = client.open(probe.url, method=probe.method, data=probe.data)
    PROBES["tried"] += 1
    PROBES[f"answered {response.status_code}"] += 1
    return response


@pytest.mark.parametrize(("who", "visibility"), PROBERS)
def test_every_id_of_a_restricted_case_is_a_404_for_another_agency(
    app, client, access_world, who, visibility
):
    w = access_world
    prober = w.users[who]
    # What the answers must not name: the hidden titles (the coalition-wide
    # case's title has no secret word in it).
    hidden = w.secret if visibility == "restricted" else w.cases[visibility].case.title
    as_viewer(client, prober)
    token = api_secret(w, prober)
    probes = [
        *path_probes(app, w, prober, visibility),
        *query_probes(w, prober, visibility),
    ]
    endpoints = {probe.rule for probe in probes}
    wrong = []
    for probe in probes:
        before, denied = database_state(), denied_events(prober.id)
        response = answer(client, probe, token)
        if response.status_code != 404:
            wrong.append(f"{probe}: {response.status_code}, expected 404")
        if hidden in response.text:
            wrong.append(f"{probe}: the answer names what it hides")
        if changed := changed_tables(before, database_state()):
            wrong.append(f"{probe}: changed {changed}")
        if (audited := denied_events(prober.id) - denied) != 1:
            wrong.append(f"{probe}: {audited} access_denied events, expected 1")
    print(f"\n{who}: {len(probes)} probes on {len(endpoints)} routes; {PROBES}")
    assert not wrong, f"{len(wrong)} of {len(probes)} probes went wrong:\n" + "\n".join(
        wrong
    )
    # Every method of every route that names a case's object by id was tried.
    tried = {(probe.rule, probe.method) for probe in probes}
    by_id = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.arguments and rule.arguments <= CASE_ARGUMENTS
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert by_id <= tried, sorted(by_id - tried)


def side_door_probes(w: World) -> list[tuple[str, str, dict[str, Any] | None]]:
    """The restricted case's objects named through a page or form B may use;
    ``{id}`` is the hidden object's id, or a made-up one to compare with."""
    c, shared = w.cases["restricted"], w.cases["coalition"]
    coalition_meeting = f"/meetings/{w.coalition_meeting.id}"
    item_actions = {
        "move": {"up": "1"},
        "remove": {},
        "status": {"status": "done"},
        "notes": {"notes": "Changed", "version": 1},
        "decisions": {"text": "Decided"},
        "actions": {"title": "Do it"},
    }
    probes: list[tuple[str, str, dict[str, Any] | None]] = [
        # Children of the restricted case under a case B may see.
        *(
            (
                "POST",
                f"/cases/{shared.case.id}/roles/{{id:{role.id}}}/end",
                {"ended_on": TODAY},
            )
            for role in c.case.roles
        ),
        (
            "POST",
            f"/cases/{shared.case.id}/responses/{{id:{c.response.id}}}/status",
            {"status": "done"},
        ),
        (
            "GET",
            f"/cases/{shared.case.id}/tasks/new?response={{id:{c.response.id}}}",
            None,
        ),
        (
            "POST",
            f"/cases/{shared.case.id}/tasks/new",
            {
                "title": "Probe",
                "priority": "normal",
                "response_id": f"{{id:{c.response.id}}}",
            },
        ),
        # Agenda items about the restricted case, under the coalition meeting
        # (which B's coordinator may run) and under B's own view of items.
        *(
            ("POST", f"{coalition_meeting}/items/{{id:{item.id}}}/{action}", data)
            for item in (w.hidden_item, c.item)
            for action, data in item_actions.items()
        ),
        # Forms that name a case.
        ("GET", f"/contacts/new?case={{id:{c.case.id}}}", None),
        (
            "POST",
            "/contacts/new",
            {
                "occurred_on": TODAY,
                "kind": "call",
                "people": [w.person.id, w.builder.person_id],
                "case_id": f"{{id:{c.case.id}}}",
            },
        ),
        (
            "POST",
            "/meetings/new",
            {
                "title": "Probe",
                "case_id": f"{{id:{c.case.id}}}",
                "day": TODAY,
                "time": "18:00",
                "duration_minutes": 60,
                "repeats": "none",
            },
        ),
        (
            "POST",
            f"{coalition_meeting}/items",
            {"title": "Probe", "case_id": f"{{id:{c.case.id}}}"},
        ),
        # Restricted notes on what B may see: a person of A, the coalition meeting.
        ("POST", f"/notes/{{id:{w.person_note.id}}}/delete", {}),
        ("POST", f"/notes/{{id:{w.coalition_meeting_note.id}}}/delete", {}),
    ]
    return probes


HOLE = re.compile(r"\{id:(\d+)\}")


def filled(value: Any, real: bool) -> Any:
    """``{id:N}`` becomes N, or the made-up id."""
    if isinstance(value, str):
        return HOLE.sub(lambda m: m.group(1) if real else str(MISSING), value)
    if isinstance(value, dict):
        return {k: filled(v, real) for k, v in value.items()}
    return value


@pytest.mark.parametrize("who", [who for who, _ in PROBERS])
def test_hidden_ids_named_where_another_agency_may_look_answer_as_made_up_ones(
    client, access_world, who
):
    w = access_world
    prober = w.users[who]
    as_viewer(client, prober)
    wrong, audited, probes = [], 0, side_door_probes(w)
    for method, url, data in probes:
        answers = []
        for real in (False, True):
            probe = Probe("", method, filled(url, real), filled(data, real))
            before, denied = database_state(), denied_events(prober.id)
            response = answer(client, probe)
            answers.append(response.status_code)
            if response.status_code == 500:
                wrong.append(f"{probe}: 500")
            if w.secret in response.text:
                wrong.append(f"{probe}: the answer names what it hides")
            if changed := changed_tables(before, database_state()):
                wrong.append(f"{probe}: changed {changed}")
            audited += real and denied_events(prober.id) > denied
        if answers[0] != answers[1]:
            wrong.append(
                f"{method} {filled(url, True)}: {answers[1]}, "
                f"but {answers[0]} for a made-up id"
            )
    print(
        f"\n{who}: {len(probes)} side-door probes (each also with a made-up id),"
        f" {audited} audited; {PROBES}"
    )
    assert not wrong, "\n".join(wrong)


def other_coalition_probes(
    client, w: World, chosen: Callable[[str], bool], secret: str, what: str
) -> tuple[list[str], int]:
    """D's member, of another coalition, tries every method of the chosen
    rows of ROUTES on A's coalition's objects: what went wrong (not a 404,
    ``secret`` named, a table changed, not audited once) and how many tries."""
    prober = w.users["other_coalition"]
    as_viewer(client, prober)
    wrong, tried = [], 0
    for rule, route in ROUTES.items():
        if not chosen(rule):
            continue
        for method in route.expect:
            url = route.url_for(w, None)
            data = (
                route.form(w, None, prober) if route.form and method == "POST" else None
            )
            before, denied = database_state(), denied_events(prober.id)
            response = answer(client, Probe(rule, method, url, data))
            tried += 1
            if response.status_code != 404:
                wrong.append(f"{method} {url}: {response.status_code}, expected 404")
            if secret in response.text:
                wrong.append(f"{method} {url}: the answer names {what}")
            if changed := changed_tables(before, database_state()):
                wrong.append(f"{method} {url}: changed {changed}")
            if denied_events(prober.id) - denied != 1:
                wrong.append(f"{method} {url}: not audited once")
    return wrong, tried


def test_every_accreditation_route_is_a_404_for_another_coalition(client, access_world):
    """D's member, of another coalition, names A's coalition's scheme, its
    standard and its establishment on every accreditation route: each
    answers 404, changes nothing and is audited once. (Another agency of the
    same coalition is refused a sign-off with 403: the permission matrix's
    ``signs_off`` rows.)"""
    wrong, tried = other_coalition_probes(
        client,
        access_world,
        lambda rule: rule.startswith("/accreditation/"),
        "Anchor Tavern",
        "the establishment",
    )
    assert tried >= 11
    assert not wrong, "\n".join(wrong)


def test_every_round_route_is_a_404_for_another_coalition(client, access_world):
    """D's member, of another coalition, names A's coalition's round and its
    stop on every visit-round route (its map data included): each answers
    404, changes nothing, names no stop and is audited once."""
    wrong, tried = other_coalition_probes(
        client,
        access_world,
        lambda rule: rule.startswith("/rounds/") and "_id>" in rule,
        "Block 1",
        "the stop",
    )
    assert tried >= 6
    assert not wrong, "\n".join(wrong)
