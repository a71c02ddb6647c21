"""Every page issues a bounded number of SQL queries: the same on a small
dataset and on one ten times larger (no query per row)."""

from datetime import date, timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from caseboard.api.conventions import MOST_PER_PAGE
from caseboard.extensions import db
from caseboard.jobs import jobs_of
from caseboard.models import ApiToken, PersonMetric
from caseboard.models.base import utcnow
from caseboard.services.cases import add_comment, add_response, add_role
from caseboard.services.contacts import log_interaction
from caseboard.services.tasks import change_status, create_task
from tests.accreditation_world import grow_accreditation
from tests.api_client import bearer, token_for
from tests.conftest import sign_in

PAGES = [
    "/",
    "/cases",
    "/cases?overdue=1&sort=priority&status=all",
    "/cases/{case}",
    "/cases/{case}/board",
    "/cases/{case}/timeline",
    "/tasks/{task}",
    "/tasks/mine",
    "/notifications",
    "/tasks/organization",
    "/tasks/overdue",
    "/organizations",
    "/organizations/{organization}",
    "/people",
    "/people/{person}",
    "/admin/users",
    "/admin/mail",
    "/meetings",
    "/meetings/{meeting}",
    "/meetings/{meeting}/run",
    "/meetings/{meeting}/run?group=owner",
    "/meetings/{meeting}/minutes",
    "/meetings/{meeting}/minutes.md",
    "/meetings/{meeting}/suggest",
    "/coalitions",
    "/coalitions/{coalition}",
    "/accreditation/{coalition}",
    "/accreditation/{coalition}?status=in_progress&theme=Premises",
    "/accreditation/{coalition}/export.csv",
    "/accreditation/{coalition}/scheme",
    "/accreditation/venues/{establishment}",
    "/asks/{ask}",
    "/coalitions/{coalition}/ask-prompts",
    "/rounds",
    "/rounds/today",
    "/rounds/coverage",
    "/rounds/{round}",
    "/rounds/today/map.geojson",
    "/rounds/{round}/map.geojson",
    "/rounds/stops/{stop}",
    "/rounds/{round}/edit",
    "/rounds/stops/{stop}/edit",
    "/coalitions/{coalition}/map",
    "/coalitions/{coalition}/map.geojson",
    "/cases/{case}/map",
    "/hotspots",
    "/hotspots.geojson",
    # A case's network as the side panel reads it (issue 18).
    "/network/data.json?case={case}",
    # A person's neighbourhood: read from the tie table and the stored rows.
    "/network?person={person}",
    "/network/data.json?person={person}&radius=1",
    # The API, with a token: lists a page at a time, and single objects.
    "/api/v1/cases?status=all&per_page={per_page}",
    "/api/v1/cases/{case}",
    "/api/v1/tasks?per_page={per_page}",
    "/api/v1/tasks/{task}",
    "/api/v1/meetings?per_page={per_page}",
    "/api/v1/meetings/{meeting}",
    "/api/v1/organizations?per_page={per_page}",
    "/api/v1/cases/{case}/measures",
    "/api/v1/contacts?per_page={per_page}",
    "/api/v1/contacts/{contact}",
    "/api/v1/ties?person={person}&per_page={per_page}",
    "/api/v1/ties?case={case}&per_page={per_page}",
    "/api/v1/coalitions/{coalition}/accreditation",
    "/api/v1/coalitions/{coalition}/establishments?per_page={per_page}",
    "/api/v1/establishments/{establishment}",
    "/api/v1/rounds?per_page={per_page}",
    "/api/v1/rounds/{round}",
    "/api/v1/rounds/stops/{stop}/visits?per_page={per_page}",
]


def on_the_map(viewer, case, n):
    """The case's place gets coordinates and a target area around it."""
    from caseboard.models import Area
    from caseboard.services.maps import save_area

    place = case.places[0]
    place.latitude, place.longitude = 41.63 + n * 0.001, -70.92
    save_area(
        viewer,
        case,
        area=Area.TARGET,
        description="",
        expected_version=None,
        place=place,
        radius_m=100,
    )


def build(scale, make_user, make_organization, make_person, make_case):
    """``scale`` cases, each with partners, tasks (some overdue, some mine),
    comments and responses; the viewer's organization is on every case."""
    home = make_organization(name=f"Police {scale}", kind="police")
    # Named to sort last, so no list page starts with the viewer's own row
    # (already loaded for the permission checks, it would save a query).
    viewer = make_user(
        role="admin", person=make_person(organization=home, full_name="Zz Viewer")
    )
    for _ in range(scale):
        make_person(organization=home)
    first_case = first_task = first_contact = None
    for n in range(scale):
        partner = make_organization()
        case = make_case(
            lead=home,
            coordinator=viewer,
            title=f"Case {scale}-{n}",
            place_name=f"Corner {n}",
        )
        on_the_map(viewer, case, n)
        add_role(viewer, case, role="partner", organization=partner)
        guardian = make_person(organization=partner)
        add_role(viewer, case, role="guardian", person=guardian)
        # A tie, so the network's stored rows grow with the data too.
        log_interaction(
            viewer,
            occurred_on=date.today(),
            kind="visit",
            people=[viewer.person, guardian],
            case=case,
        )
        response = add_response(
            viewer, case, description="Lighting", partner_organization=partner
        )
        contact = log_interaction(
            viewer,
            occurred_on=date.today() - timedelta(days=n),
            kind="call",
            people=[viewer.person, make_person(organization=partner)],
            case=case if n % 2 else None,
            notes="Called",
        )
        first_contact = first_contact or contact
        for k in range(4):
            task = create_task(
                viewer,
                case,
                title=f"Task {n}-{k}",
                assignee=viewer.person if k % 2 else None,
                organization=partner if k % 3 else home,
                due_on=date.today() + timedelta(days=k + 1),
                response=response if k == 0 else None,
            )
            add_comment(viewer, case, "On it", task=task)
            if k == 3:
                change_status(
                    viewer, task, status="done", expected_version=task.version
                )
            first_task = first_task or task
        for task in case.tasks[:2]:
            task.due_on = date.today() - timedelta(days=2)
        first_case = first_case or case
        db.session.commit()
    # The pages of one case must not grow with its roles and tasks either.
    for n in range(scale):
        organization = make_organization()
        add_role(viewer, first_case, role="service_provider", organization=organization)
        add_role(
            viewer,
            first_case,
            role="handler",
            person=make_person(organization=organization),
        )
        task = create_task(
            viewer,
            first_case,
            title=f"More {n}",
            organization=organization,
            assignee=viewer.person,
            due_on=date.today() + timedelta(days=3),
        )
        add_comment(viewer, first_case, "Noted", task=first_task)
        add_comment(viewer, first_case, "Update")
        if n % 2:
            change_status(viewer, task, status="done", expected_version=task.version)
    db.session.commit()
    meeting = _meeting(scale, viewer, first_case, make_person, home)
    # A second coalition, so the top bar's switcher shows on every page.
    from caseboard.services.coalitions import create_coalition

    create_coalition(None, name=f"Second coalition {scale}")
    db.session.commit()
    accreditation = grow_accreditation(first_case.coalition, home, scale)
    round_, stop = _round(scale, viewer, home, make_person, make_organization)
    ask = _asks(scale, viewer, first_case, home, make_person)
    return viewer, {
        "establishment": accreditation.establishment.id,
        "ask": ask.id,
        "round": round_.id,
        "stop": stop.id,
        "coalition": first_case.coalition_id,
        "meeting": meeting.id,
        "case": first_case.id,
        "task": first_task.id,
        "organization": home.id,
        "person": viewer.person_id,
        "contact": first_contact.id,
    }


def _asks(scale, viewer, case, home, make_person):
    """Asks on the case (and on the viewer's organization and a person) whose
    number and histories grow with ``scale``."""
    from caseboard.services import asks

    first = None
    for n in range(scale):
        ask = asks.create_ask(
            viewer, case, what=f"Ask {n}", organization=home, note=f"Asked {n}"
        )
        asks.create_ask(
            viewer,
            case,
            what=f"Ask of a person {n}",
            person=make_person(),
            stage="action",
        )
        first = first or ask
        asks.move_stage(
            viewer,
            first,
            expected_version=first.version,
            to_stage="contemplation" if n % 2 else "preparation",
            note=f"Move {n}",
        )
    db.session.commit()
    return first


def _round(scale, viewer, home, make_person, make_organization):
    """A round of the viewer's team whose stops, visits and card notes grow
    with ``scale``; half its people are on an open case."""
    from caseboard.services import rounds

    round_ = rounds.create_round(
        viewer,
        home.coalition_memberships[0].coalition,
        name="Eastgate",
        beat="E",
        team=home,
    )
    first = None
    for n in range(scale):
        person = make_person(organization=make_organization())
        stop = rounds.add_stop(
            viewer,
            round_,
            place=f"Block {n % 3}",
            ideal_days=7,
            max_days=14,
            person=person,
            added_on=date.today() - timedelta(days=40),
            latitude=41.628 + n / 10_000,
            longitude=-70.905,
        )
        shop = rounds.add_stop(
            viewer,
            round_,
            place=f"Block {n % 3}",
            ideal_days=7,
            max_days=14,
            organization=make_organization(kind="business"),
            added_on=date.today() - timedelta(days=40),
        )
        rounds.log_visit(
            viewer,
            shop,
            note=f"Visit {n}",
            visited_on=date.today() - timedelta(days=20),
        )
        first = first or stop
        if n % 2:
            rounds.log_visit(viewer, first, note=f"Card note {n}")
    db.session.commit()
    return round_, first


def _meeting(scale, viewer, case, make_person, home):
    """A meeting whose agenda, attendance and outcomes grow with ``scale``."""
    from datetime import UTC, datetime

    from caseboard.services.agenda import (
        add_action_item,
        add_agenda_item,
        add_decision,
    )
    from caseboard.services.meetings import record_attendance, schedule_meeting

    people = [make_person(organization=home) for _ in range(scale)]
    meeting = schedule_meeting(
        viewer,
        title="Partners",
        case=None,
        invitees=people,
        starts_at=datetime.now(UTC) - timedelta(days=1),
    )
    for n, person in enumerate(people):
        record_attendance(
            viewer, meeting, person, status="present" if n % 3 else "apologies"
        )
        item = add_agenda_item(
            viewer, meeting, title=f"Item {n}", case=case, presenter=person, minutes=5
        )
        add_decision(viewer, item, f"Decision {n}")
        add_action_item(
            viewer,
            item,
            title=f"Action {n}",
            assignee=person,
            due_on=date.today() + timedelta(days=5),
        )
    db.session.commit()
    return meeting


def count_pages(client, viewer, ids, count_queries):
    sign_in(client, viewer)
    api = bearer(token_for(viewer, "read"))
    for token in db.session.scalars(select(ApiToken)):
        token.last_used_at = utcnow()  # so no request writes it down
    db.session.commit()
    ids = {**ids, "per_page": min(current_app.config["PAGE_SIZE"], MOST_PER_PAGE)}
    # The coalition's network result is stored with its per-person rows, which
    # the dashboard and the person page read (issue 18).
    assert client.get("/network").status_code == 200
    db.session.commit()
    assert jobs_of(current_app).run_pending() == 1
    db.session.expire_all()
    assert db.session.scalar(select(func.count(PersonMetric.id)))
    counts = {}
    for template in PAGES:
        url = template.format(**ids)
        db.session.expunge_all()  # no help from objects the test already loaded
        with count_queries() as counted:
            response = client.get(url, headers=api if url.startswith("/api/") else {})
        assert response.status_code == 200, url
        counts[template] = counted.n
    return counts


# Two ways to page, both compared like for like (the pager's count query runs
# at both sizes or at neither): one row per page, so every list has several
# pages; and pages large enough to hold every row of the larger dataset, so a
# query per row rendered (a missing eager load) shows as growth. The second
# is what the first cannot see: at one row per page an N+1 costs one query.
PAGE_SIZES = {"one row per page": 1, "every row on one page": 500}


@pytest.mark.parametrize("page_size", PAGE_SIZES.values(), ids=PAGE_SIZES.keys())
@pytest.mark.parametrize("small,large", [(2, 20)])
def test_query_counts_do_not_grow_with_the_data(
    app,
    client,
    count_queries,
    make_user,
    make_organization,
    make_person,
    make_case,
    small,
    large,
    page_size,
    empty_database,
    monkeypatch,
):
    monkeypatch.setitem(app.config, "PAGE_SIZE", page_size)
    monkeypatch.setitem(app.config, "TASK_PAGE_SIZE", page_size)
    viewer, ids = build(small, make_user, make_organization, make_person, make_case)
    small_counts = count_pages(client, viewer, ids, count_queries)
    empty_database()
    viewer, ids = build(large, make_user, make_organization, make_person, make_case)
    large_counts = count_pages(client, viewer, ids, count_queries)
    assert large_counts == small_counts
    # And the numbers stay modest; printed with -s for the closing note.
    # (21: every page counts the top bar's unread notifications once.)
    for page, n in small_counts.items():
        print(f"{n:3d} queries  {page}")
        assert n <= 21, page
    # A case's network JSON reads no months of ties and no last meeting: the
    # network over time is the page's, not the side panel's (issue 18).
    assert small_counts["/network/data.json?case={case}"] <= 12
