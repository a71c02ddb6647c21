"""The demo's three coalitions, walked as their users see them.

A member of a Water Street bar (Tom Kowalski, The Anchor Tavern) must see
none of the homeless outreach coalition's cases, tasks, meetings or minutes
by any route: every page the app answers to GET (lists, search, pickers,
exports, network pages and exports, calendar files), with every id of the
outreach coalition's objects where a route takes one. A police user of both
coalitions sees both, and the top bar's switcher narrows the lists to one.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from caseboard.demo import load_demo
from caseboard.extensions import db
from caseboard.models import (
    AgendaItem,
    Case,
    Coalition,
    Decision,
    Meeting,
    Organization,
    Person,
    Task,
    User,
)
from caseboard.network.exports import FORMATS
from tests.conftest import sign_in

OUTREACH = "Harbor Homeless Outreach Coalition"
WATER = "Water Street Nightlife Initiative"
BAR_MEMBER = "tom.kowalski@example.org"
POLICE = "elena.ruiz@example.org"


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    load_demo(password="demo-password-1")
    db.session.commit()
    coalitions = {c.name: c for c in db.session.scalars(select(Coalition))}
    return coalitions


def _of(coalition: Coalition):  # type: ignore[no-untyped-def]
    cases = list(
        db.session.scalars(select(Case).where(Case.coalition_id == coalition.id))
    )
    case_ids = [c.id for c in cases]
    tasks = list(db.session.scalars(select(Task).where(Task.case_id.in_(case_ids))))
    meetings = list(
        db.session.scalars(select(Meeting).where(Meeting.coalition_id == coalition.id))
    )
    items = list(
        db.session.scalars(
            select(AgendaItem).where(
                AgendaItem.meeting_id.in_([m.id for m in meetings])
            )
        )
    )
    decisions = list(
        db.session.scalars(
            select(Decision).where(Decision.agenda_item_id.in_([i.id for i in items]))
        )
    )
    return cases, tasks, meetings, items, decisions


def _hidden_words(demo) -> set[str]:  # type: ignore[no-untyped-def]
    """Titles and texts of the outreach coalition's work that nothing of
    Water Street's shares."""
    cases, tasks, meetings, items, decisions = _of(demo[OUTREACH])
    theirs = {c.title for c in cases} | {t.title for t in tasks}
    theirs |= {m.title for m in meetings} | {i.title for i in items}
    theirs |= {d.text for d in decisions}
    w_cases, w_tasks, w_meetings, w_items, w_decisions = _of(demo[WATER])
    ours = {c.title for c in w_cases} | {t.title for t in w_tasks}
    ours |= {m.title for m in w_meetings} | {i.title for i in w_items}
    ours |= {d.text for d in w_decisions}
    return {w for w in theirs - ours if len(w) >= 12}


def _urls(app, demo) -> list[str]:  # type: ignore[no-untyped-def]
    """Every GET route, with the outreach coalition's ids where it takes one
    (and a few query strings: search, pickers, a case's network)."""
    cases, tasks, meetings, _items, _decisions = _of(demo[OUTREACH])
    people = list(
        db.session.scalars(
            select(Person).where(Person.full_name.in_(["Jamal Carter", "Marcus Bell"]))
        )
    )
    organizations = list(
        db.session.scalars(
            select(Organization).where(
                Organization.name.in_(
                    ["Street Reach Outreach", "Harbor Rescue Mission"]
                )
            )
        )
    )
    values = {
        "case_id": [c.id for c in cases],
        "task_id": [t.id for t in tasks],
        "meeting_id": [m.id for m in meetings],
        "person_id": [p.id for p in people],
        "organization_id": [o.id for o in organizations],
        "coalition_id": [demo[OUTREACH].id],
        "fmt": list(FORMATS),
    }
    word = cases[0].title.split()[0]
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if rule.rule in {"/logout", "/login", "/login/code"}:
            continue
        names = sorted(rule.arguments)
        if any(name not in values for name in names):
            continue
        if not names:
            urls.append(rule.rule)
            urls.append(f"{rule.rule}?q={word}")
            continue
        (name,) = names  # every route here takes one id
        for value in values[name]:
            urls.append(re.sub(rf"<(?:\w+:)?{name}>", str(value), rule.rule))
    for case in cases:
        for base in ("/network", "/network/data.json", "/network/export.csv"):
            urls.append(f"{base}?case={case.id}")
        urls.append(f"/meetings/new?case={case.id}")
        urls.append(f"/contacts/new?case={case.id}")
    urls += [f"/cases?q={word}&status=all", "/cases?status=all", "/tasks/overdue"]
    return urls


def test_a_water_street_bar_member_sees_nothing_of_the_outreach_coalition(
    app, client, demo
):
    member = db.session.scalars(select(User).where(User.email == BAR_MEMBER)).one()
    hidden = _hidden_words(demo)
    assert len(hidden) > 20  # cases, tasks, meetings, agenda items, decisions
    sign_in(client, member)
    wrong, answered = [], 0
    for url in _urls(app, demo):
        response = client.get(url)
        answered += 1
        if response.status_code >= 500:
            wrong.append(f"{url}: {response.status_code}")
            continue
        text = response.get_data(as_text=True)
        leaked = sorted(w for w in hidden if w in text)
        if leaked:
            wrong.append(f"{url}: {response.status_code} names {leaked[:3]}")
    assert answered > 100
    assert not wrong, "\n".join(wrong)
    # And yet the bar member does see Water Street's own work.
    water_case = _of(demo[WATER])[0][0]
    assert client.get(f"/cases/{water_case.id}").status_code == 200
    assert water_case.title in client.get("/cases?status=all").text


def test_a_police_user_of_both_coalitions_sees_both_and_can_switch(client, demo):
    police = db.session.scalars(select(User).where(User.email == POLICE)).one()
    outreach_case = _of(demo[OUTREACH])[0][0]
    water_case = _of(demo[WATER])[0][0]
    sign_in(client, police)
    listed = client.get("/cases?status=all").text
    assert outreach_case.title in listed and water_case.title in listed
    page = client.get("/")
    assert "All my coalitions" in page.text and OUTREACH in page.text
    answer = client.post(
        "/coalitions/choose", data={"coalition_id": demo[WATER].id, "next": "/cases"}
    )
    assert answer.status_code == 302 and answer.headers["Location"] == "/cases"
    db.session.expire_all()
    assert police.chosen_coalition_id == demo[WATER].id  # remembered
    listed = client.get("/cases?status=all").text
    assert water_case.title in listed and outreach_case.title not in listed
    # Chosen is a scope, not a permission: the other coalition's case opens.
    assert client.get(f"/cases/{outreach_case.id}").status_code == 200
    client.post("/coalitions/choose", data={"coalition_id": ""})
    listed = client.get("/cases?status=all").text
    assert outreach_case.title in listed and water_case.title in listed


def test_a_water_street_meeting_suggests_and_reviews_only_water_street(client, demo):
    from caseboard.queries.meetings import suggest_agenda
    from caseboard.queries.tasks import open_tasks_for_review

    coordinator = db.session.scalars(select(User).where(User.email == POLICE)).one()
    water_ids = {c.id for c in _of(demo[WATER])[0]}
    meetings = [
        m for m in _of(demo[WATER])[2] if m.case_id is None and not m.is_published
    ]
    assert meetings
    for meeting in meetings:
        suggested = {s.case_id for s in suggest_agenda(coordinator, meeting)}
        assert suggested and suggested <= water_ids
        reviewed = {t.case_id for t in open_tasks_for_review(coordinator, meeting)}
        assert reviewed <= water_ids
    sign_in(client, coordinator)
    page = client.get(f"/meetings/{meetings[0].id}/suggest").text
    for case in _of(demo[OUTREACH])[0]:
        assert case.title not in page
