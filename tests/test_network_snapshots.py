"""Coalition-wide figures at city scale come from a background job, are
stored with their age, reused until the data changes, and recomputed then."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from caseboard.extensions import db
from caseboard.jobs import jobs_of
from caseboard.models import DataVersion, NetworkSnapshot, SnapshotStatus, Task
from caseboard.network import freshness, snapshot_job, snapshots
from caseboard.network.report import build_report
from caseboard.services.cases import add_role
from caseboard.services.contacts import log_interaction
from tests.conftest import sign_in


@pytest.fixture
def coalition(make_user, make_person, make_organization):
    police = make_organization(name="Police", kind="police")
    bars = make_organization(name="Anchor Tavern", kind="business")
    admin = make_user(role="admin", organization=police)
    ruiz = make_person(organization=police, full_name="Elena Ruiz")
    owner = make_person(organization=bars, full_name="Tom Kowalski")
    king = make_person(organization=bars, full_name="Ashley King")
    recent = date.today() - timedelta(days=3)
    for pair in [(ruiz, owner), (owner, king)]:
        log_interaction(admin, occurred_on=recent, kind="visit", people=list(pair))
    db.session.commit()
    return {"admin": admin, "ruiz": ruiz, "owner": owner, "king": king}


@pytest.fixture
def city_scale(monkeypatch):
    """Pretend the coalition is too big to compute while a page waits."""
    monkeypatch.setattr(snapshots, "LIVE_LIMIT", 2)


def run_jobs(app) -> int:
    # The test's own session would hold SQLite's write lock across the job.
    db.session.commit()
    ran = jobs_of(app).run_pending()
    db.session.expire_all()
    return ran


def test_the_version_changes_with_network_data_and_not_with_case_titles(
    coalition, make_case
):
    case = make_case(title="Bar district")
    before = freshness.current(db.session)
    case.title = "Bar district violence"
    db.session.commit()
    assert freshness.current(db.session) == before
    log_interaction(
        coalition["admin"],
        occurred_on=date.today(),
        kind="call",
        people=[coalition["ruiz"], coalition["king"]],
    )
    db.session.commit()
    assert freshness.current(db.session) != before


def test_a_city_sized_coalition_is_computed_in_the_background(
    app, client, coalition, city_scale
):
    sign_in(client, coalition["admin"])
    page = client.get("/network").text
    assert "too big to compute while you wait" in page
    assert "Brokers" not in page
    waiting = client.get("/network/data.json")
    assert waiting.status_code == 503 and waiting.headers["Retry-After"]
    assert "HX-Refresh" not in client.get("/network/status").headers

    assert run_jobs(app) == 1
    row = db.session.scalar(select(NetworkSnapshot))
    assert row.status == SnapshotStatus.DONE and row.people == 3 and row.ties == 2
    assert client.get("/network/status").headers["HX-Refresh"] == "true"
    page = client.get("/network").text
    assert "by the background job" in page and "up to date" in page
    names = {n["name"] for n in client.get("/network/data.json").json["nodes"]}
    assert names == {"Elena Ruiz", "Tom Kowalski", "Ashley King"}


def test_asking_again_while_queued_queues_nothing_more(
    app, client, coalition, city_scale
):
    sign_in(client, coalition["admin"])
    for _ in range(3):
        client.get("/network")
    assert run_jobs(app) == 1


def test_a_burst_of_contacts_while_queued_queues_one_job(
    app, client, coalition, city_scale
):
    """Issue 18: recomputation is debounced. The job reads the data as it is
    when it starts, so the three contacts logged while it waits are all in
    the one result."""
    sign_in(client, coalition["admin"])
    client.get("/network")
    for pair in [("ruiz", "king"), ("owner", "ruiz"), ("king", "owner")]:
        log_interaction(
            coalition["admin"],
            occurred_on=date.today(),
            kind="call",
            people=[coalition[name] for name in pair],
        )
        db.session.commit()
        client.get("/network")
    assert run_jobs(app) == 1
    page = client.get("/network").text
    assert "up to date" in page
    assert len(client.get("/network/data.json").json["edges"]) == 3


def test_changed_data_shows_the_old_figures_with_their_age_then_new_ones(
    app, client, coalition, city_scale
):
    sign_in(client, coalition["admin"])
    client.get("/network")
    run_jobs(app)
    log_interaction(
        coalition["admin"],
        occurred_on=date.today(),
        kind="call",
        people=[coalition["ruiz"], coalition["king"]],
    )
    db.session.commit()
    page = client.get("/network").text
    assert "These figures are from" in page and "data has changed" in page
    assert len(client.get("/network/data.json").json["edges"]) == 2  # the old ones
    run_jobs(app)
    assert len(client.get("/network/data.json").json["edges"]) == 3


def test_a_second_view_reuses_the_result(app, client, coalition, count_queries):
    sign_in(client, coalition["admin"])
    # The whole coalition (a neighbourhood is read from the tie table each
    # time: tests/test_network_neighbourhood.py).
    url = "/network/data.json"
    with count_queries() as first:
        client.get(url)
    with count_queries() as second:
        again = client.get(url)
    assert again.status_code == 200
    # The version, the viewer's visible people, the side panel's roles: the
    # ties and people are not read again.
    assert second.n < first.n
    assert not any("interaction_participants" in s for s in second.statements)


def test_a_tampered_snapshot_is_ignored_and_recomputed(
    app, client, coalition, city_scale
):
    sign_in(client, coalition["admin"])
    client.get("/network")
    run_jobs(app)
    snapshots.memory.clear()
    row = db.session.scalar(select(NetworkSnapshot))
    row.payload = b"\0" * 32 + row.payload[32:]
    db.session.commit()
    assert client.get("/network/data.json").status_code == 503
    run_jobs(app)
    assert client.get("/network/data.json").status_code == 200


def test_a_failed_job_is_reported_then_retried(
    app, client, coalition, city_scale, monkeypatch
):
    sign_in(client, coalition["admin"])

    def broken(graph):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(snapshot_job, "build_report", broken)
    client.get("/network")
    run_jobs(app)  # the queue logs the error and goes on
    assert "Computing the network failed" in client.get("/network").text
    assert run_jobs(app) == 0  # not asked again at once, on every view
    monkeypatch.setattr(snapshot_job, "build_report", build_report)
    row = db.session.scalar(select(NetworkSnapshot))
    row.started_at -= snapshots.RETRY_FAILED_AFTER
    db.session.commit()
    client.get("/network")
    assert run_jobs(app) == 1
    assert client.get("/network/data.json").status_code == 200


def test_what_if_turns_into_handover_tasks(client, coalition, make_case, make_user):
    admin, ruiz, owner = coalition["admin"], coalition["ruiz"], coalition["owner"]
    case = make_case(title="Anchor Tavern fights")
    add_role(admin, case, role="partner", person=ruiz)
    add_role(admin, case, role="place_manager", person=owner)
    db.session.commit()
    sign_in(client, admin)
    page = client.get(f"/network/what-if?person={ruiz.id}").text
    assert "Handover: name who takes over Elena Ruiz" in page

    due = (date.today() + timedelta(days=7)).isoformat()
    answer = client.post(
        f"/network/what-if/handover?person={ruiz.id}",
        data={"due_on": due},
        follow_redirects=True,
    )
    assert "1 handover task created" in answer.text
    tasks = db.session.scalars(select(Task).where(Task.case_id == case.id)).all()
    assert [t.title for t in tasks] == [
        "Handover: name who takes over Elena Ruiz's role"
    ]
    assert tasks[0].due_on.isoformat() == due

    again = client.post(
        f"/network/what-if/handover?person={ruiz.id}", follow_redirects=True
    )
    assert "0 handover tasks created; 1 left out" in again.text
    assert db.session.scalar(select(Task.id).where(Task.id != tasks[0].id)) is None


def test_handover_needs_edit_rights_and_a_sane_date(client, coalition, make_user):
    member = make_user(role="member")
    sign_in(client, member)
    ruiz = coalition["ruiz"]
    past = client.post(
        f"/network/what-if/handover?person={ruiz.id}",
        data={"due_on": "2001-01-01"},
        follow_redirects=True,
    )
    assert "cannot be due in the past" in past.text
    assert client.post("/network/what-if/handover?person=999999").status_code == 404


def test_the_version_row_is_recreated_when_missing(coalition):
    db.session.execute(update(DataVersion).values(value=5))
    db.session.execute(DataVersion.__table__.delete())
    freshness.bump(db.session)
    db.session.commit()
    assert freshness.current(db.session) != 0


def test_a_handover_from_a_cases_what_if_keeps_to_that_case(
    client, coalition, make_case
):
    admin, ruiz, owner = coalition["admin"], coalition["ruiz"], coalition["owner"]
    anchor, pier = make_case(title="Anchor Tavern fights"), make_case(title="Pier 9")
    for case in (anchor, pier):
        add_role(admin, case, role="partner", person=ruiz)
        add_role(admin, case, role="place_manager", person=owner)
    db.session.commit()
    sign_in(client, admin)
    page = client.get(f"/network/what-if?person={ruiz.id}&case={anchor.id}").text
    assert f"what-if/handover?person={ruiz.id}&amp;case={anchor.id}" in page
    answer = client.post(
        f"/network/what-if/handover?person={ruiz.id}&case={anchor.id}",
        data={"due_on": (date.today() + timedelta(days=7)).isoformat()},
    )
    assert answer.headers["Location"].endswith(f"person={ruiz.id}&case={anchor.id}")
    tasks = db.session.scalars(select(Task)).all()
    assert {t.case_id for t in tasks} == {anchor.id}
