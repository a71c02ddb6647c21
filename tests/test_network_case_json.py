"""A case's network JSON (the side panel's figures and roles) does less per
request — no network over time, the people's ids kept across contacts — and
still shows exactly what the viewer may see."""

from datetime import date, timedelta

import pytest

from caseboard.extensions import db
from caseboard.network import snapshots
from caseboard.network.graph import Scope
from caseboard.services.cases import add_role
from caseboard.services.contacts import log_interaction
from tests.conftest import sign_in


@pytest.fixture
def cases(make_user, make_person, make_organization, make_case):
    """An open coalition-wide case with two role holders who met, and a case
    seen only by its participants in which one of them holds a role too."""
    police = make_organization(name="Police", kind="police")
    bars = make_organization(name="Anchor Tavern", kind="business")
    admin = make_user(role="admin", organization=police)
    viewer = make_user(organization=police)
    ruiz = make_person(organization=police, full_name="Elena Ruiz")
    owner = make_person(organization=bars, full_name="Tom Kowalski")
    open_case = make_case(lead=police, title="Assaults at closing time")
    hidden = make_case(lead=bars, title="Tavern licence dispute")
    hidden.visibility = "participants"
    add_role(admin, open_case, role="guardian", person=ruiz)
    add_role(admin, open_case, role="place_manager", person=owner)
    add_role(admin, hidden, role="place_manager", person=owner)
    recent = date.today() - timedelta(days=3)
    log_interaction(
        admin, occurred_on=recent, kind="visit", people=[ruiz, owner], case=open_case
    )
    db.session.commit()
    return {
        "admin": admin,
        "viewer": viewer,
        "ruiz": ruiz,
        "owner": owner,
        "open": open_case,
        "hidden": hidden,
    }


def _roles(client, case_id: int) -> dict[str, list[str]]:
    data = client.get(f"/network/data.json?case={case_id}").json
    return {node["name"]: node["roles"] for node in data["nodes"]}


def test_roles_on_hidden_cases_stay_hidden(client, cases):
    sign_in(client, cases["viewer"])
    roles = _roles(client, cases["open"].id)
    assert roles["Tom Kowalski"] == ["Place manager · Assaults at closing time"]
    assert roles["Elena Ruiz"] == ["Guardian · Assaults at closing time"]
    sign_in(client, cases["admin"])
    assert sorted(_roles(client, cases["open"].id)["Tom Kowalski"]) == [
        "Place manager · Assaults at closing time",
        "Place manager · Tavern licence dispute",
    ]


def test_roles_on_closed_cases_are_not_listed(client, cases):
    cases["hidden"].status = "closed"
    db.session.commit()
    sign_in(client, cases["admin"])
    roles = _roles(client, cases["open"].id)
    assert roles["Tom Kowalski"] == ["Place manager · Assaults at closing time"]


def test_the_json_leaves_out_the_network_over_time_and_the_page_keeps_it(
    client, cases, count_queries
):
    sign_in(client, cases["viewer"])
    url = f"/network/data.json?case={cases['open'].id}"
    with count_queries() as counted:
        data = client.get(url).json
    assert not any("tie_months" in s for s in counted.statements)
    assert [(e["state"], e["contacts"]) for e in data["edges"]] == [("active", 1)]
    # The page, asked next, is not handed the JSON's lighter result.
    page = client.get(f"/network?case={cases['open'].id}").text
    assert "Cross-organization ties by month" in page
    full = snapshots.analyse(
        cases["viewer"], Scope(kind="case", object_id=cases["open"].id), cases["open"]
    )
    light = snapshots.analyse(
        cases["viewer"],
        Scope(kind="case", object_id=cases["open"].id),
        cases["open"],
        with_history=False,
    )
    assert full.built is not None and full.built.history is not None
    assert light.built is not None
    assert list(light.built.graph.edges(data=True)) == list(
        full.built.graph.edges(data=True)
    )
    assert light.report is not None and full.report is not None
    assert light.report.metrics == full.report.metrics


def test_a_contact_logged_does_not_read_the_peoples_ids_again(
    cases, make_person, count_queries
):
    admin = cases["admin"]
    first = snapshots.visible_people_digest(admin)
    log_interaction(
        admin,
        occurred_on=date.today(),
        kind="call",
        people=[cases["ruiz"], cases["owner"]],
    )
    db.session.commit()
    with count_queries() as again:
        assert snapshots.visible_people_digest(admin) == first
    assert not any("FROM people" in s for s in again.statements)
    make_person(full_name="Newly Added")
    db.session.commit()
    digest, count = snapshots.visible_people_digest(admin)
    assert count == first[1] + 1 and digest != first[0]


def test_a_contact_logged_shows_in_the_case_json_at_once(client, cases):
    sign_in(client, cases["viewer"])
    url = f"/network/data.json?case={cases['open'].id}"
    assert [e["contacts"] for e in client.get(url).json["edges"]] == [1]
    log_interaction(
        cases["admin"],
        occurred_on=date.today(),
        kind="call",
        people=[cases["ruiz"], cases["owner"]],
        case=cases["open"],
    )
    db.session.commit()
    assert [e["contacts"] for e in client.get(url).json["edges"]] == [2]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_power_iteration_gives_networkx_eigenvector_centrality(seed):
    import networkx as nx

    from caseboard.network.centrality import _power_iteration

    G = nx.gnm_random_graph(60, 150, seed=seed)
    G = G.subgraph(max(nx.connected_components(G), key=len)).copy()
    G.add_edge(next(iter(G)), next(iter(G)))  # a self-loop, counted once
    expected = nx.eigenvector_centrality(G, max_iter=1000)
    assert _power_iteration(G, 1000) == pytest.approx(expected, abs=1e-12)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        _power_iteration(G, 1)
