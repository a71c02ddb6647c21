"""Cross-site request forgery, and its twin: a GET that changes something.

With CSRF protection on, as in production, every route that changes state
(every rule accepting POST, PUT, PATCH or DELETE) refuses a request without a
valid token — none, a forged one, or one from another session — with a 400
that says nothing was saved, and the database is exactly as before. Each
route is sent a body it would otherwise accept (see ``FORMS``), so a route
that skipped the check would show up as a change. A new state-changing route
fails ``test_every_state_changing_route_is_exercised`` until it is added.

And no GET changes anything: every GET route, with real ids, as an
administrator and as a member, leaves every table as it was, except for the
reads the audit trail records on purpose (``READ_AUDIT``) and the network
snapshot cache.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from io import BytesIO
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from caseboard.extensions import db
from caseboard.models import Area, Base
from caseboard.network.exports import FORMATS
from caseboard.queries.asks import prompt_set
from tests.conftest import sign_in
from tests.factories import PASSWORD
from tests.test_permission_matrix import SQUARE, drawn_area

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REFUSAL = "The form had expired or came from another site, so nothing was saved."

# Reads the audit trail records on purpose: reading restricted notes, an
# export, a probe for a hidden id. A GET may add these, and nothing else.
READ_AUDIT = frozenset({"view_restricted", "export", "access_denied"})
# The network snapshot cache: a GET may compute and store a view.
CACHE_TABLES = frozenset({"network_snapshots", "data_versions"})

World = SimpleNamespace
SOON = (date.today() + timedelta(days=10)).isoformat()
TODAY = date.today().isoformat()
NEW_PASSWORD = "a quiet harbour at dawn"

# The ids each URL placeholder is filled with.
IDS: dict[str, Callable[[World], int]] = {
    "case_id": lambda w: w.case.id,
    "response_id": lambda w: w.response.id,
    "role_id": lambda w: w.role.id,
    "task_id": lambda w: w.task.id,
    "meeting_id": lambda w: w.meeting.id,
    "item_id": lambda w: w.item.id,
    "note_id": lambda w: w.note.id,
    "person_id": lambda w: w.colleague.id,
    "membership_id": lambda w: w.membership.id,
    "organization_id": lambda w: w.org.id,
    "user_id": lambda w: w.target.id,
    "measure_id": lambda w: measure_of(w).id,
    "start_id": lambda w: start_of(w).id,
    "coalition_id": lambda w: w.coalition.id,
    "coalition_member_id": lambda w: w.coalition_member.id,
    # Refused before the view reads them: any row of the kind will do.
    "coalition_person_id": lambda w: w.coalition_member.id,
    "case_share_id": lambda w: w.coalition_member.id,
    "establishment_id": lambda w: accreditation_of(w).establishment.id,
    "standard_id": lambda w: accreditation_of(w).standard.id,
    "round_id": lambda w: w.round.id,
    "ask_id": lambda w: w.ask.id,
    "stop_id": lambda w: w.stop.id,
    "area_id": lambda w: area_of(w).id,
    "notification_id": lambda w: notification_of(w).id,
    "token_id": lambda w: token_of(w).id,
    "contact_id": lambda w: contact_of(w).id,
}
# Placeholders of state-changing routes that are not ids.
WORDS: dict[str, str] = {"answer": "decline", "token": "not-a-token"}
# Routes that take no CSRF token by design, and the tests that cover them:
# RFC 8058's one-click unsubscribe is a POST from a mail client, without
# cookies; the signed token in its address is the proof.
CSRF_EXEMPT = {"unsubscribe.confirm": "tests/test_notifications_unsubscribe.py"}


def accreditation_of(w: World) -> Any:
    """The coalition's accreditation scheme (the world's organization signs
    its standards off), made the first time a URL names one."""
    from tests.accreditation_world import build_accreditation, make_business

    if getattr(w, "accreditation", None) is None:
        w.accreditation = build_accreditation(
            w.coalition, w.org, make_business(w.coalition, "Forged Tavern")
        )
        w.unenrolled = make_business(w.coalition, "Forged Saloon")
        w.scheme, w.standard = w.accreditation.scheme, w.accreditation.standard
        db.session.commit()
    return w.accreditation


def area_of(w: World) -> Any:
    """An area of the case (its control buffer), drawn when a URL names one."""
    return drawn_area(w.case, Area.CONTROL_BUFFER)


def notification_of(w: World) -> Any:
    """One of the administrator's notifications, made when a URL names one."""
    from caseboard.models import Notification

    found = db.session.scalar(
        sa.select(Notification).where(Notification.user_id == w.admin.id)
    )
    if found is None:
        found = Notification(user_id=w.admin.id, kind="comment", text="Hello")
        db.session.add(found)
        db.session.commit()
    return found


def contact_of(w: World) -> Any:
    """A contact between the member and their colleague about the case,
    logged when a URL names one."""
    from caseboard.services.contacts import log_interaction

    if getattr(w, "contact", None) is None:
        w.contact = log_interaction(
            w.member,
            occurred_on=date.today(),
            kind="call",
            people=[w.member.person, w.colleague],
            case=w.case,
        )
        db.session.commit()
    return w.contact


def token_of(w: World) -> Any:
    """A personal API token of the member's, made when a URL names one."""
    from caseboard.models import ApiToken
    from caseboard.services.api_tokens import create_token

    found = db.session.scalar(
        sa.select(ApiToken).where(ApiToken.user_id == w.member.id)
    )
    if found is None:
        found = create_token(w.member, w.member, "nightly", "read").token
        db.session.commit()
    return found


def start_of(w: World) -> Any:
    """A response start of the case, made when a URL names one."""
    from caseboard.models import ResponseStart
    from caseboard.services.measures import add_response_start

    found = db.session.scalar(
        sa.select(ResponseStart).where(ResponseStart.case_id == w.case.id)
    )
    if found is None:
        found = add_response_start(None, w.case, date(2025, 1, 1))
        db.session.commit()
    return found


def measure_of(w: World) -> Any:
    """The case's measure, made the first time a URL names one."""
    from caseboard.models import Measure
    from caseboard.services.measures import create_measure

    found = db.session.scalar(sa.select(Measure).where(Measure.case_id == w.case.id))
    if found is None:
        found = create_measure(None, w.case, name="Assaults")
        db.session.commit()
    return found


def csv_upload() -> tuple[BytesIO, str]:
    return BytesIO(b"name,kind\nForged Imports Ltd,business\n"), "orgs.csv"


# Every state-changing route: a body it would accept from a signed-in
# administrator with a valid token. Query-string values go under "?".
FORMS: dict[str, Callable[[World], dict[str, Any]]] = {
    "account.password": lambda w: {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    },
    "account.new_recovery_codes": lambda w: {"codes-password": PASSWORD},
    "account.set_up_second_factor": lambda w: {"password": PASSWORD, "code": "1"},
    "account.turn_off_second_factor": lambda w: {"off-password": PASSWORD},
    "account.sign_out_others": lambda w: {},
    "notifications.read": lambda w: {},
    "calendar.settings": lambda w: {},
    "calendar.revoke": lambda w: {},
    "notifications.read_all": lambda w: {},
    "notifications.settings": lambda w: {"version": "0", "digest": "weekly"},
    "unsubscribe.confirm": lambda w: {"List-Unsubscribe": "One-Click"},
    "tokens.create": lambda w: {"name": "nightly import", "scope": "read"},
    "tokens.revoke": lambda w: {},
    "admin.problem_types": lambda w: {"name": "Forged problem type"},
    "admin.edit_user": lambda w: {
        "email": w.target.email,
        "site_role": "admin",
        "active": "y",
        "version": w.target.version,
    },
    "accreditation.scheme": lambda w: {
        "name": "Forged scheme",
        "renewal_window_days": "30",
        "case_id": "",
        "version": accreditation_of(w).scheme.version,
    },
    "accreditation.add_standard": lambda w: {
        "theme": "Forged",
        "title": "Forged standard",
        "agency_id": w.org.id,
        "validity_days": "365",
    },
    "accreditation.edit_standard": lambda w: {
        "theme": "Forged",
        "title": "Forged standard",
        "agency_id": w.org.id,
        "validity_days": "365",
        "version": accreditation_of(w).standard.version,
    },
    "accreditation.enrol": lambda w: {
        "organization_id": accreditation_of(w) and w.unenrolled.id,
        "manager_id": "",
    },
    "accreditation.progress": lambda w: {"note": "Forged progress"},
    "accreditation.sign_off": lambda w: {"note": "Forged sign-off"},
    "admin.unlock": lambda w: {},
    "admin.reset_factor": lambda w: {},
    "admin.new_user": lambda w: {
        "email": "forged@example.org",
        "full_name": "Forged User",
        "organization_id": w.org.id,
        "site_role": "admin",
        "password": NEW_PASSWORD,
    },
    "assessment.new_measure": lambda w: {
        "name": "Forged measure",
        "kind": "count",
        "direction": "down",
        "period": "month",
        "harm_weight": "1",
    },
    "assessment.edit_measure": lambda w: {
        "name": "Forged measure",
        "kind": "count",
        "direction": "down",
        "period": "month",
        "harm_weight": "1",
        "version": measure_of(w).version,
    },
    "assessment.data": lambda w: {"v-target-2025-01-01": "99"},
    "assessment.import_preview": lambda w: {
        "file": (
            BytesIO(
                f"case,measure,area,period,value\n{w.case.id},X,target,2025-01,1\n".encode()
            ),
            "points.csv",
        ),
        "replace": "keep",
    },
    "assessment.import_apply": lambda w: {"token": "a-held-upload"},
    "assessment.window": lambda w: {"periods": "6", "starts_on": TODAY},
    "assessment.remove_start": lambda w: {},
    "assessment.assessment_due": lambda w: {
        "due_on": TODAY,
        "version": w.case.version,
    },
    "maps.save_area": lambda w: {
        "area": "control",
        "shape": "polygon",
        "geometry": json.dumps(SQUARE),
    },
    "maps.remove_area": lambda w: {},
    "auth.login": lambda w: {"email": w.admin.email, "password": PASSWORD},
    "auth.second_factor": lambda w: {"code": "123456"},
    "auth.logout": lambda w: {},
    "cases.comment": lambda w: {"body": "Forged comment"},
    "cases.edit": lambda w: {
        "title": "Forged title",
        "problem_type_id": w.case.problem_type_id,
        "priority": "high",
        "visibility": "coalition",
        "opened_on": TODAY,
        "status": "active",
        "version": w.case.version,
    },
    "cases.add_place": lambda w: {"name": "Forged place"},
    "cases.add_response": lambda w: {"description": "Forged", "status": "planned"},
    "cases.response_status": lambda w: {"status": "done"},
    "cases.add_role": lambda w: {
        "role": "observer",
        "organization_id": w.other.id,
        "started_on": TODAY,
    },
    "cases.end_role": lambda w: {"ended_on": TODAY},
    "cases.sara": lambda w: {"who": "Forged answer", "version": w.case.version},
    "cases.move_stage": lambda w: {
        "to_stage": "analysis",
        "reason": "Forged",
        "version": w.case.version,
    },
    "cases.new": lambda w: {
        "title": "Forged case",
        "problem_type_id": w.case.problem_type_id,
        "lead_organization_id": w.org.id,
        "priority": "normal",
        "visibility": "coalition",
        "opened_on": TODAY,
    },
    "coalitions.new": lambda w: {"name": "Forged coalition"},
    "coalitions.add_member": lambda w: {
        "organization_id": w.org.id,
        "status": "active",
    },
    "coalitions.end_member": lambda w: {},
    "coalitions.answer_invitation": lambda w: {},
    "coalitions.name_person": lambda w: {"person_id": w.colleague.id},
    "coalitions.end_naming": lambda w: {},
    "coalitions.end_share": lambda w: {},
    "coalitions.choose": lambda w: {"coalition_id": w.coalition.id},
    "coalitions.share": lambda w: {
        "coalition_id": w.second_coalition.id,
        "reason": "Forged share",
    },
    "contacts.new": lambda w: {
        "occurred_on": TODAY,
        "kind": "call",
        "people": [w.admin.person_id, w.colleague.id],
    },
    "contacts.add_tie": lambda w: {"other_id": w.admin.person_id, "kind": "mentor"},
    "imports.preview": lambda w: {"kind": "organizations", "file": csv_upload()},
    "imports.apply": lambda w: {"token": "a-held-upload"},
    "meetings.attendance": lambda w: {"person_id": w.colleague.id, "status": "present"},
    "meetings.edit": lambda w: {
        "title": "Forged meeting",
        "day": SOON,
        "time": "10:00",
        "duration_minutes": 60,
        "repeats": "none",
        "version": w.meeting.version,
    },
    "meetings.add_item": lambda w: {"title": "Forged item"},
    "meetings.add_action": lambda w: {"title": "Forged action", "due_on": SOON},
    "meetings.add_decision": lambda w: {"text": "Forged decision"},
    "meetings.move_item": lambda w: {"up": "1"},
    "meetings.item_notes": lambda w: {"notes": "Forged", "version": w.item.version},
    "meetings.remove_item": lambda w: {},
    "meetings.item_status": lambda w: {"status": "done"},
    "meetings.schedule_next": lambda w: {},
    "meetings.publish": lambda w: {},
    "meetings.all_present": lambda w: {},
    "meetings.suggest": lambda w: {"pick": ["anything"]},
    "meetings.new": lambda w: {
        "title": "Forged meeting",
        "case_id": "",
        "day": SOON,
        "time": "10:00",
        "duration_minutes": 60,
        "repeats": "none",
    },
    "network.handover": lambda w: {"?": {"person": w.colleague.id}, "due_on": SOON},
    "notes.add_case": lambda w: {"body": "Forged note"},
    "notes.add_person": lambda w: {"body": "Forged note"},
    "notes.add_meeting": lambda w: {"body": "Forged note"},
    "notes.add_stop": lambda w: {"body": "Forged note"},
    "asks.new": lambda w: {"what": "Forged ask", "organization_id": w.org.id},
    "asks.move": lambda w: {"to_stage": "action", "version": w.ask.version},
    "asks.tie": lambda w: {"response_id": ""},
    "asks.prompts": lambda w: {
        "action": "Forged step",
        "version": prompt_set(w.coalition.id).version,
    },
    "rounds.new": lambda w: {
        "name": "Forged round",
        "beat": "F1",
        "coalition_id": w.coalition.id,
        "team_id": w.org.id,
    },
    "rounds.add_stop": lambda w: {"place": "Forged", "ideal_days": 9, "max_days": 9},
    "rounds.visit": lambda w: {"note": "Forged visit"},
    "rounds.edit": lambda w: {
        "name": "Forged round",
        "beat": "F1",
        "team_id": w.org.id,
        "version": w.round.version,
    },
    "rounds.edit_stop": lambda w: {
        "place": "Forged",
        "ideal_days": 9,
        "max_days": 9,
        "version": w.stop.version,
    },
    "rounds.end_stop": lambda w: {"version": w.stop.version},
    "notes.delete": lambda w: {},
    "organizations.edit": lambda w: {
        "name": "Forged name",
        "kind": "business",
        "version": w.org.version,
    },
    "organizations.new": lambda w: {"name": "Forged organization", "kind": "business"},
    "organizations.grant_administrator": lambda w: {},
    "organizations.revoke_administrator": lambda w: {},
    "people.add_membership_view": lambda w: {"organization_id": w.other.id},
    "people.end_membership_view": lambda w: {"ended_on": TODAY},
    "people.edit": lambda w: {"full_name": "Forged name", "version": 1},
    "people.new": lambda w: {"full_name": "Forged person"},
    "tasks.new": lambda w: {"title": "Forged task", "priority": "normal"},
    "tasks.comment": lambda w: {"body": "Forged comment"},
    "tasks.edit": lambda w: {
        "title": "Forged task",
        "priority": "high",
        "status": "done",
        "version": w.task.version,
    },
    "tasks.change_status": lambda w: {"status": "done", "version": w.task.version},
}


def state_changing_rules(app: Flask) -> list[Any]:
    """The pages' state-changing rules; the API's are below (no cookie)."""
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if r.methods & STATE_CHANGING and not r.rule.startswith("/api/")
        ),
        key=lambda r: r.endpoint,
    )


def test_the_api_takes_no_session_so_it_cannot_be_forged(
    app: Flask, client: FlaskClient, world: World
) -> None:
    """The API is exempt from CSRF tokens because it ignores cookies: a
    signed-in browser's request to any of its state-changing operations is
    refused (401) and changes nothing."""
    sign_in(client, world.admin)
    tried = 0
    with csrf_protection(app):
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/api/") or not rule.methods & STATE_CHANGING:
                continue
            url = app.url_map.bind("localhost").build(
                rule.endpoint, {name: IDS[name](world) for name in rule.arguments}
            )
            for method in sorted(rule.methods & STATE_CHANGING):
                before = database_rows()
                response = client.open(
                    url, method=method, json={"status": "done", "body": "x"}
                )
                assert response.status_code == 401, (method, url)
                assert not changed_tables(before, database_rows()), (method, url)
                tried += 1
    assert tried >= 3


def url_for_rule(app: Flask, endpoint: str, world: World, query: dict) -> str:
    (rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    values = {
        name: WORDS[name] if name in WORDS else IDS[name](world)
        for name in rule.arguments
    }
    return app.url_map.bind("localhost").build(endpoint, {**values, **query})


def database_rows() -> dict[str, list[sa.Row]]:
    """Every row of every table, in primary-key order. The session is rolled
    back first: what a request flushed and did not commit does not count."""
    db.session.rollback()
    return {
        table.name: list(
            db.session.execute(
                sa.select(table).order_by(*table.primary_key.columns)
            ).all()
        )
        for table in Base.metadata.sorted_tables
    }


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def csrf_token_of(client: FlaskClient, path: str = "/login") -> str:
    match = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).text
    )
    assert match, f"{path} has no CSRF token"
    return match.group(1)


@contextmanager
def csrf_protection(app: Flask) -> Iterator[None]:
    """CSRF on, as in production (TestConfig turns it off for the other tests)."""
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_every_state_changing_route_is_exercised(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in state_changing_rules(app)}
    missing = endpoints - set(FORMS)
    assert not missing, (
        f"New state-changing routes {sorted(missing)}: add them to FORMS in "
        "tests/test_csrf.py (and to tests/test_fuzz.py) with a body they accept."
    )
    assert not set(FORMS) - endpoints, "FORMS names routes that no longer exist"
    only_post = {
        m for r in state_changing_rules(app) for m in r.methods & STATE_CHANGING
    }
    assert only_post == {"POST"}, "PUT/PATCH/DELETE routes: extend the tests below"


def test_every_state_changing_route_refuses_a_request_without_a_valid_token(
    app: Flask, client: FlaskClient, world: World
) -> None:
    sign_in(client, world.admin)
    with csrf_protection(app):
        stranger = app.test_client()
        someone_elses = csrf_token_of(stranger)
        ways = {
            "no token": ({}, {}),
            "a forged token": ({"csrf_token": "forged"}, {}),
            "another session's token": ({"csrf_token": someone_elses}, {}),
            "a forged header": ({}, {"X-CSRFToken": "forged"}),
        }
        tried = 0
        for rule in state_changing_rules(app):
            if rule.endpoint in CSRF_EXEMPT:
                continue
            body = FORMS[rule.endpoint](world)
            url = url_for_rule(app, rule.endpoint, world, body.pop("?", {}))
            for method in sorted(rule.methods & STATE_CHANGING):
                for way, (token, headers) in ways.items():
                    before = database_rows()
                    data = {**body, **token}
                    if "file" in data:
                        data["file"] = csv_upload()
                    response = client.open(
                        url, method=method, data=data, headers=headers
                    )
                    where = f"{method} {url} ({rule.endpoint}) with {way}"
                    assert response.status_code == 400, where
                    assert REFUSAL in response.text, where
                    changed = changed_tables(before, database_rows())
                    assert not changed, f"{where} changed {changed}"
                    tried += 1
    routes = len(state_changing_rules(app))
    print(
        f"\nCSRF: {routes - len(CSRF_EXEMPT)} of {routes} state-changing routes "
        f"refused {tried} requests (exempt by design: {sorted(CSRF_EXEMPT)})"
    )


def test_a_valid_token_is_accepted(
    app: Flask, client: FlaskClient, world: World
) -> None:
    """The control: the refusals above are about the token, not the bodies."""
    sign_in(client, world.admin)
    with csrf_protection(app):
        token = csrf_token_of(client, f"/cases/{world.case.id}")
        for endpoint in ("cases.comment", "notes.add_person", "organizations.new"):
            body = FORMS[endpoint](world)
            url = url_for_rule(app, endpoint, world, {})
            before = database_rows()
            response = client.post(url, data={**body, "csrf_token": token})
            assert response.status_code == 302, endpoint
            assert changed_tables(before, database_rows()), endpoint


# GET never changes anything --------------------------------------------------

# Query strings that make a GET route do more than its bare URL.
QUERIES: dict[str, list[Callable[[World], dict[str, Any]]]] = {
    "network.index": [
        lambda w: {},
        lambda w: {"case": w.case.id},
        lambda w: {"org": w.org.id},
        lambda w: {"person": w.colleague.id, "radius": 2},
    ],
    "network.data": [lambda w: {}, lambda w: {"case": w.case.id}],
    "network.status": [lambda w: {}],
    "network.what_if": [lambda w: {"person": w.colleague.id}],
    "network.introduction": [
        lambda w: {"from": w.colleague.id, "to": w.admin.person_id}
    ],
    "meetings.new": [lambda w: {}, lambda w: {"case": w.case.id}],
    "contacts.new": [lambda w: {"person": w.colleague.id, "case": w.case.id}],
    "admin.new_user": [lambda w: {}, lambda w: {"person": w.colleague.id}],
    "cases.sara": [lambda w: {}, lambda w: {"stage": "assessment"}],
    "cases.new": [lambda w: {}],
    "tasks.new": [lambda w: {"response": w.response.id}],
    "imports.new": [lambda w: {"kind": "people"}],
    "cases.index": [lambda w: {}, lambda w: {"overdue": 1, "stage": "scanning"}],
    "admin.audit": [lambda w: {}, lambda w: {"action": "create"}],
    "admin.reads": [
        lambda w: {},
        lambda w: {"person": w.colleague.id},
        lambda w: {"case": w.case.id},
    ],
}
# Placeholders other than ids.
OTHER_VALUES: dict[str, list[str]] = {
    "fmt": sorted(FORMATS),
    "filename": ["css/caseboard.css", "js/network.js"],
    "token": ["not-a-token"],
}


def get_urls(app: Flask, world: World, missing_ids: bool = False) -> Iterator[str]:
    adapter = app.url_map.bind("localhost")
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods:
            continue
        other = [name for name in rule.arguments if name not in IDS]
        choices = [{}]
        for name in other:
            assert name in OTHER_VALUES, f"{rule.rule}: what should <{name}> be?"
            choices = [{**c, name: v} for c in choices for v in OTHER_VALUES[name]]
        ids = {
            name: 99_999 if missing_ids else IDS[name](world)
            for name in rule.arguments
            if name in IDS
        }
        for query in QUERIES.get(rule.endpoint, [lambda w: {}]):
            for values in choices:
                yield adapter.build(rule.endpoint, {**ids, **values, **query(world)})


def writes_of_a_read(before: dict, after: dict) -> list[str]:
    """What changed beyond the reads the audit trail records and the cache."""
    problems = []
    for name in before:
        if name in CACHE_TABLES or before[name] == after[name]:
            continue
        if name == "audit_events":
            old, new = before[name], after[name]
            if new[: len(old)] != old:
                problems.append("audit_events: an existing event changed")
            problems += [
                f"audit_events: a {row.action!r} event"
                for row in new[len(old) :]
                if row.action not in READ_AUDIT
            ]
        else:
            problems.append(name)
    return problems


@pytest.mark.parametrize("who", ["admin", "member"])
def test_no_get_request_changes_anything(
    app: Flask, client: FlaskClient, world: World, who: str
) -> None:
    sign_in(client, getattr(world, who))
    checked = 0
    for missing in (False, True):
        for url in get_urls(app, world, missing_ids=missing):
            before = database_rows()
            response = client.get(url)
            response.close()  # static files are streamed from an open file
            assert response.status_code < 500, url
            problems = writes_of_a_read(before, database_rows())
            assert not problems, f"GET {url} as {who} changed: {problems}"
            checked += 1
    # Still signed in: no GET signed the user out (GET /logout only asks).
    assert client.get("/ping").status_code == 200
    print(f"\nGET as {who}: {checked} requests, no state changed")
