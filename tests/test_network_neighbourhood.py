"""A person's neighbourhood: its people and ties read from the tie table as
they stand now, each person's figures from the coalition's stored result with
its age — never centrality computed while the page waits."""

from datetime import date, timedelta

import pytest

from caseboard.extensions import db
from caseboard.jobs import jobs_of
from caseboard.network import centrality as centrality_module
from caseboard.network import report as report_module
from caseboard.services.contacts import log_interaction
from tests.conftest import sign_in

RECENT = date.today() - timedelta(days=3)


@pytest.fixture
def line(make_user, make_person, make_organization):
    """A chain: far – owner – ruiz – marshal, and king tied to owner."""
    police = make_organization(name="Police", kind="police")
    bars = make_organization(name="Anchor Tavern", kind="business")
    admin = make_user(role="admin", organization=police)
    people = {
        name: make_person(organization=org, full_name=full)
        for name, org, full in [
            ("ruiz", police, "Elena Ruiz"),
            ("owner", bars, "Tom Kowalski"),
            ("king", bars, "Ashley King"),
            ("marshal", police, "Sean Fitzgerald"),
            ("far", bars, "Nora Far"),
        ]
    }
    for a, b in [("ruiz", "owner"), ("ruiz", "marshal"), ("owner", "king")]:
        log_interaction(
            admin, occurred_on=RECENT, kind="visit", people=[people[a], people[b]]
        )
    log_interaction(
        admin, occurred_on=RECENT, kind="call", people=[people["king"], people["far"]]
    )
    db.session.commit()
    return {"admin": admin, **people}


def run_jobs(app) -> int:
    db.session.commit()  # the test's session would hold SQLite's write lock
    ran = jobs_of(app).run_pending()
    db.session.expire_all()
    return ran


def test_radius_one_and_two_are_the_people_within_reach(client, line):
    sign_in(client, line["admin"])
    one = client.get(f"/network/data.json?person={line['ruiz'].id}&radius=1").json
    assert {n["name"] for n in one["nodes"]} == {
        "Elena Ruiz",
        "Tom Kowalski",
        "Sean Fitzgerald",
    }
    assert len(one["edges"]) == 2
    two = client.get(f"/network/data.json?person={line['ruiz'].id}&radius=2").json
    names = {n["name"] for n in two["nodes"]}
    assert "Ashley King" in names and "Nora Far" not in names
    # The ties among the people reached, not only those on a path from her.
    assert len(two["edges"]) == 3


def test_figures_are_the_coalitions_stored_ones_with_their_age(
    app, client, line, monkeypatch
):
    sign_in(client, line["admin"])
    url = f"/network?person={line['owner'].id}"
    page = client.get(url).text
    assert "have not been computed yet" in page and "Not computed yet." in page
    data = client.get(f"/network/data.json?person={line['owner'].id}").json
    assert data["figures_computed_at"] is None and data["figures_fresh"] is False
    # The neighbourhood never sets off the coalition's job; its page does.
    assert run_jobs(app) == 0
    client.get("/network")
    assert run_jobs(app) == 1
    whole = {n["id"]: n for n in client.get("/network/data.json").json["nodes"]}

    def no_metrics(*args, **kwargs):
        raise AssertionError("computed while the page waits")

    monkeypatch.setattr(report_module, "centrality", no_metrics)
    monkeypatch.setattr(centrality_module, "betweenness_and_closeness", no_metrics)
    data = client.get(f"/network/data.json?person={line['owner'].id}").json
    assert data["figures_fresh"] is True and data["figures_computed_at"]
    for node in data["nodes"]:  # the whole coalition's figures, not the subgraph's
        for figure in ("betweenness", "degree", "closeness", "community"):
            assert node[figure] == whole[node["id"]][figure], figure
    # Ruiz brokers between the marshal and the bar in the whole coalition.
    ruiz = next(n for n in data["nodes"] if n["name"] == "Elena Ruiz")
    assert ruiz["betweenness"] > 0
    page = client.get(url).text
    assert "their place in the whole coalition" in page and "Up to date." in page
    assert "Elena Ruiz" in page


def test_a_contact_shows_at_once_and_the_figures_say_they_are_older(app, client, line):
    sign_in(client, line["admin"])
    client.get("/network")  # the coalition's figures, stored
    run_jobs(app)
    log_interaction(
        line["admin"],
        occurred_on=date.today(),
        kind="call",
        people=[line["ruiz"], line["far"]],
    )
    db.session.commit()
    data = client.get(f"/network/data.json?person={line['ruiz'].id}").json
    assert "Nora Far" in {n["name"] for n in data["nodes"]}  # the tie, now
    assert data["figures_fresh"] is False and data["figures_computed_at"]
    far = next(n for n in data["nodes"] if n["name"] == "Nora Far")
    assert far["betweenness"] == 0  # stored before her tie to Ruiz
    page = client.get(f"/network?person={line['ruiz'].id}").text
    assert "The data has changed since" in page
    assert run_jobs(app) == 0
    client.get("/network")
    assert run_jobs(app) == 1
    data = client.get(f"/network/data.json?person={line['ruiz'].id}").json
    assert data["figures_fresh"] is True


def test_a_tie_on_a_hidden_case_does_not_reach_anyone(
    client, line, make_user, make_case, make_organization
):
    other = make_organization(name="Housing", kind="municipal_agency")
    viewer = make_user(role="member", organization=other)
    hidden = make_case(title="Sealed", visibility="participants")
    log_interaction(
        line["admin"],
        occurred_on=RECENT,
        kind="call",
        people=[line["ruiz"], line["far"]],
        case=hidden,
    )
    db.session.commit()
    sign_in(client, line["admin"])
    seen = client.get(f"/network/data.json?person={line['ruiz'].id}").json
    assert "Nora Far" in {n["name"] for n in seen["nodes"]}
    sign_in(client, viewer)
    seen = client.get(f"/network/data.json?person={line['ruiz'].id}").json
    assert "Nora Far" not in {n["name"] for n in seen["nodes"]}
    assert len(seen["edges"]) == 2
