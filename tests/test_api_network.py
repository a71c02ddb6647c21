"""The network through the API: ties as the caller may know them, and a
scope's metrics read from what was stored — a client is answered 202 while
they are computed, never kept waiting for the computation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.jobs import jobs_of
from caseboard.models import NetworkSnapshot
from caseboard.network import snapshots
from caseboard.services.contacts import log_interaction
from tests.api_client import bearer, token_for


@pytest.fixture(autouse=True)
def no_memory():
    snapshots.memory.clear()
    yield
    snapshots.memory.clear()


def run_jobs(app) -> int:
    db.session.commit()
    ran = jobs_of(app).run_pending()
    db.session.expire_all()
    return ran


def test_ties_leave_out_what_a_hidden_case_would_tell(
    db, client, make_user, make_organization, make_case, make_person
):
    police, shelter = make_organization(kind="police"), make_organization()
    officer = make_user(organization=police)
    outreach = make_user(organization=shelter)
    owner, informant = make_person(), make_person()
    hidden = make_case(lead=police, visibility="participants", title="Informant")
    log_interaction(
        officer,
        occurred_on=date.today(),
        kind="call",
        people=[officer.person, informant],
        case=hidden,
    )
    log_interaction(
        officer, occurred_on=date.today(), kind="visit", people=[officer.person, owner]
    )
    db.session.commit()
    url = f"/api/v1/ties?person={officer.person.id}"

    def others(user) -> dict[int, dict]:
        answer = client.get(url, headers=bearer(token_for(user, "read")))
        assert answer.status_code == 200, answer.json
        me = officer.person.id
        return {
            t["person_b_id"] if t["person_a_id"] == me else t["person_a_id"]: t
            for t in answer.json
        }

    seen_by_officer, seen_by_outreach = others(officer), others(outreach)
    assert set(seen_by_officer) == {owner.id, informant.id}
    assert set(seen_by_outreach) == {owner.id}
    visit = seen_by_outreach[owner.id]
    # One fresh visit: 1 − exp(−0.40), active, on today's date.
    assert visit["strength"] == pytest.approx(0.3297, abs=1e-4)
    assert visit["state"] == "active"
    assert visit["last_contact"] == date.today().isoformat()
    assert visit["contacts"] == 1
    token = bearer(token_for(outreach, "read"))
    assert (
        client.get(f"/api/v1/ties?case={hidden.id}", headers=token).status_code == 404
    )
    both = client.get(f"/api/v1/ties?case={hidden.id}&person={owner.id}", headers=token)
    assert both.status_code == 422
    weak = client.get(f"{url}&min_strength=0.5", headers=token)
    assert weak.json == [] and weak.headers["X-Total-Count"] == "0"


def test_metrics_are_answered_from_what_was_stored_with_their_age(
    app, db, client, make_user, make_organization, make_case, make_person
):
    police = make_organization(kind="police")
    officer = make_user(role="admin", organization=police)
    owner, neighbour = make_person(), make_person()
    log_interaction(
        officer, occurred_on=date.today(), kind="call", people=[officer.person, owner]
    )
    log_interaction(
        officer, occurred_on=date.today(), kind="call", people=[owner, neighbour]
    )
    db.session.commit()
    token = bearer(token_for(officer, "read"))
    url = f"/api/v1/network?person={owner.id}"
    waiting = client.get(url, headers=token)
    assert waiting.status_code == 202, waiting.json
    assert waiting.headers["Location"] == url
    assert int(waiting.headers["Retry-After"]) > 0
    assert waiting.json["status"] == "queued"
    assert db.session.scalars(select(NetworkSnapshot)).all() == []  # nothing yet

    assert run_jobs(app) == 1
    row = db.session.scalar(select(NetworkSnapshot))
    row.computed_at = datetime.now(UTC) - timedelta(minutes=5)
    db.session.commit()
    ready = client.get(waiting.headers["Location"], headers=token)
    assert ready.status_code == 200, ready.json
    assert ready.json["fresh"] is True
    assert 300 <= ready.json["age_seconds"] < 400
    people = {p["person_id"]: p for p in ready.json["people"]}
    assert set(people) == {officer.person.id, owner.id, neighbour.id}
    # The owner is the one path between the other two: all of the brokering.
    assert people[owner.id]["betweenness"] == pytest.approx(1.0)
    assert ready.json["articulation_points"] == [owner.id]
    assert ready.json["ties"] == 2


def grow_ties(officer, hidden, people, make_person, total: int) -> None:
    """More people, each in touch with the one before on a day of their own
    (so strengths differ), every third one on the hidden case, and declared
    ties now and then."""
    from caseboard.services.contacts import declare_tie

    while len(people) < total:
        person, before = make_person(), people[-1]
        n = len(people)
        log_interaction(
            officer,
            occurred_on=date.today() - timedelta(days=n % 40),
            kind="call" if n % 2 else "visit",
            people=[before, person],
            case=hidden if n % 3 == 0 else None,
        )
        if n % 5 == 0:
            declare_tie(officer, before, person, kind="works_with")
        if n % 7 == 0:  # strained, and never in touch: a tie of strength 0
            declare_tie(officer, people[n - 3], person, kind="strained")
        people.append(person)
    db.session.commit()


def test_everyone_s_ties_are_paged_in_sql_as_the_scope_lists_them(
    db, client, make_user, make_organization, make_case, make_person, count_queries
):
    from caseboard.network.graph import Scope
    from caseboard.network.reading import ties_of_scope

    police, shelter = make_organization(kind="police"), make_organization()
    officer = make_user(organization=police)
    outreach = make_user(organization=shelter)
    hidden = make_case(lead=police, visibility="participants", title="Informant")
    people = [officer.person]

    def pages(user, per_page: int) -> tuple[list[tuple[int, int]], list[int]]:
        token = bearer(token_for(user, "read"))
        seen, counts, page = [], [], 1
        while True:
            url = f"/api/v1/ties?per_page={per_page}&page={page}"
            with count_queries() as counted:
                answer = client.get(url, headers=token)
            assert answer.status_code == 200, answer.json
            counts.append(counted.n)
            seen += [(t["person_a_id"], t["person_b_id"]) for t in answer.json]
            if 'rel="next"' not in answer.headers["Link"]:
                assert int(answer.headers["X-Total-Count"]) == len(seen)
                return seen, counts
            page += 1

    grow_ties(officer, hidden, people, make_person, 6)
    _, small = pages(outreach, 2)
    grow_ties(officer, hidden, people, make_person, 50)
    for user in (officer, outreach):
        expected = [(t.a, t.b) for t in ties_of_scope(user, Scope())]
        seen, large = pages(user, 7)
        assert seen == expected  # the same ties, in the same order
    assert len(expected) < 49  # the hidden case's contacts left out
    # The same queries for 6 or 50 people; a page whose ties have shares on
    # cases checks those cases by id, one query more, whatever the size.
    assert max(large) <= max(small)
    assert max(large[1:]) <= max(small[1:]) + 1
    strong = client.get(
        "/api/v1/ties?min_strength=0.3", headers=bearer(token_for(officer, "read"))
    )
    assert all(t["strength"] >= 0.3 for t in strong.json)
    stronger = [t for t in ties_of_scope(officer, Scope()) if t.strength >= 0.3]
    assert strong.headers["X-Total-Count"] == str(len(stronger))


def test_metrics_come_a_page_at_a_time_from_the_stored_rows(
    app,
    db,
    client,
    make_user,
    make_organization,
    make_case,
    make_person,
    monkeypatch,
    count_queries,
):
    """The rows kept beside the payload answer: the payload is never
    unpickled, a page of people is read in SQL, and the queries do not grow
    with the network."""
    officer = make_user(role="admin", organization=make_organization(kind="police"))
    hidden = make_case(title="Quiet", visibility="participants")
    people = [officer.person]
    token = bearer(token_for(officer, "read"))

    def stored_for(total: int) -> None:
        grow_ties(officer, hidden, people, make_person, total)
        assert client.get("/api/v1/network", headers=token).status_code == 202
        run_jobs(app)
        snapshots.memory.clear()

    def never(*args, **kwargs):
        raise AssertionError("the payload was unpickled")

    monkeypatch.setattr(snapshots, "unpack", never)
    stored_for(5)
    with count_queries() as small:
        first = client.get("/api/v1/network?per_page=2", headers=token)
    assert first.status_code == 200, first.json
    assert [p["person_id"] for p in first.json["people"]] == sorted(
        p.id for p in people
    )[:2]
    assert first.headers["X-Total-Count"] == "5"
    assert 'rel="next"' in first.headers["Link"]
    assert first.json["ties"] == 4 and first.json["bridges"]
    last = client.get("/api/v1/network?per_page=2&page=3", headers=token).json
    assert len(last["people"]) == 1 and last["bridges"] == first.json["bridges"]
    assert last["articulation_points"] == first.json["articulation_points"]

    stored_for(50)
    with count_queries() as large:
        answer = client.get("/api/v1/network?per_page=2", headers=token)
    assert answer.status_code == 200, answer.json
    assert answer.headers["X-Total-Count"] == "50" and len(answer.json["people"]) == 2
    assert large.n == small.n


def test_a_result_stored_before_its_points_of_failure_were_kept_is_computed_again(
    app, db, client, make_user, make_organization, make_person
):
    officer = make_user(role="admin", organization=make_organization(kind="police"))
    owner = make_person()
    log_interaction(
        officer, occurred_on=date.today(), kind="call", people=[officer.person, owner]
    )
    db.session.commit()
    token = bearer(token_for(officer, "read"))
    url = f"/api/v1/network?person={owner.id}"
    assert client.get(url, headers=token).status_code == 202
    run_jobs(app)
    row = db.session.scalar(select(NetworkSnapshot))
    row.points_of_failure = None  # as stored before the column was added
    db.session.commit()
    assert client.get(url, headers=token).status_code == 202
    assert run_jobs(app) == 1
    again = client.get(url, headers=token)
    assert again.status_code == 200 and again.json["ties"] == 1
