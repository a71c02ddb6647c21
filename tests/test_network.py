"""The network pages, JSON, exports, what-if and CLI, on a small coalition:
a police broker between bar owners and the fire marshal's office."""

import io
import json
from datetime import date, timedelta

import networkx as nx
import pytest

from caseboard.extensions import db
from caseboard.services.contacts import log_interaction
from tests.conftest import sign_in


@pytest.fixture
def town(make_user, make_person, make_organization):
    police = make_organization(name="Police", kind="police")
    bars = make_organization(name="Anchor Tavern", kind="business")
    fire = make_organization(name="Fire Marshal", kind="municipal_agency")
    admin = make_user(role="admin", organization=police)
    ruiz = make_person(organization=police, full_name="Elena Ruiz")
    owner = make_person(organization=bars, full_name="Tom Kowalski")
    manager = make_person(organization=bars, full_name="Ashley King")
    marshal = make_person(organization=fire, full_name="Sean Fitzgerald")
    recent = date.today() - timedelta(days=3)
    for pair in [(ruiz, owner), (ruiz, manager), (owner, manager), (ruiz, marshal)]:
        log_interaction(admin, occurred_on=recent, kind="visit", people=list(pair))
    db.session.commit()
    return {"admin": admin, "ruiz": ruiz, "owner": owner, "marshal": marshal}


def test_network_json_has_people_ties_and_metrics(client, town):
    sign_in(client, town["admin"])
    data = client.get("/network/data.json").json
    names = {n["name"]: n for n in data["nodes"]}
    assert {"Elena Ruiz", "Tom Kowalski", "Ashley King", "Sean Fitzgerald"} <= set(
        names
    )
    assert names["Elena Ruiz"]["betweenness"] == max(
        n["betweenness"] for n in data["nodes"]
    )
    assert len(data["edges"]) == 4 and all(
        e["state"] == "active" for e in data["edges"]
    )
    assert data["betweenness_method"] == "exact"


def test_network_page_names_the_broker_and_the_single_point_of_failure(client, town):
    sign_in(client, town["admin"])
    page = client.get("/network").text
    assert "Brokers" in page and "Elena Ruiz" in page
    assert "Single points of failure" in page
    assert "If Elena Ruiz leaves" in page or "Elena Ruiz" in page


def test_exports_are_readable_by_other_tools(client, town):
    sign_in(client, town["admin"])
    graphml = client.get("/network/export.graphml")
    graph = nx.read_graphml(io.StringIO(graphml.text))
    assert graph.number_of_nodes() >= 4 and graph.number_of_edges() == 4
    assert {d["name"] for _, d in graph.nodes(data=True)} >= {"Elena Ruiz"}
    gexf = client.get("/network/export.gexf")
    assert nx.read_gexf(io.BytesIO(gexf.data)).number_of_edges() == 4
    assert "source_name" in client.get("/network/export.csv").text
    assert json.loads(client.get("/network/export.json").text)["links"]
    assert client.get("/network/export.pdf").status_code == 404


def test_what_if_the_broker_leaves(client, town):
    sign_in(client, town["admin"])
    page = client.get(f"/network/what-if?person={town['ruiz'].id}").text
    assert "What if Elena Ruiz leaves?" in page
    assert "Sean Fitzgerald" in page  # a tie lost, and cut off from the bars
    assert client.get("/network/what-if").status_code == 404
    assert client.get("/network/what-if?person=999999").status_code == 404


def test_scopes_and_bad_filters(client, town, make_case):
    sign_in(client, town["admin"])
    person = town["ruiz"].id
    ego = client.get(f"/network/data.json?person={person}&radius=1").json
    assert len(ego["nodes"]) == 4
    strong = client.get("/network/data.json?min=0.99").json
    assert strong["edges"] == []
    for url in [
        "/network?min=abc&radius=99&as_of=nope",
        "/network?case=999999",
        "/network?person=99999999999999",
    ]:
        assert client.get(url).status_code in (200, 404), url
    case = make_case()
    assert client.get(f"/network?case={case.id}").status_code == 200


def test_a_hidden_case_scope_is_not_found(
    client, town, make_case, make_user, make_organization
):
    case = make_case()
    case.visibility = "participants"
    db.session.commit()
    sign_in(client, make_user(organization=make_organization(name="Elsewhere")))
    assert client.get(f"/network?case={case.id}").status_code == 404
    assert client.get(f"/network/data.json?case={case.id}").status_code == 404


def test_cli_report_json(app, town):
    result = app.test_cli_runner().invoke(args=["network", "report", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) >= {"people", "articulation_points", "bridges"}
    assert report["people"][0]["name"] == "Elena Ruiz"
    assert "Elena Ruiz" in report["articulation_points"]
    assert {
        "name",
        "organization",
        "degree",
        "betweenness",
        "closeness",
        "community",
    } <= set(report["people"][0])
    exported = app.test_cli_runner().invoke(
        args=["network", "export", "--format", "csv"]
    )
    assert exported.exit_code == 0 and "Elena Ruiz" in exported.output


def test_warm_introduction_names_the_broker(client, town):
    sign_in(client, town["admin"])
    page = client.get(
        f"/network/introduction?from={town['owner'].id}&to={town['marshal'].id}"
    ).text
    assert "Ask Elena Ruiz for an introduction." in page
    assert client.get("/network/introduction?from=1").status_code == 404


def test_case_coverage_shows_partners_without_a_working_tie(
    client, town, make_case, make_organization, make_person
):
    from caseboard.services.cases import add_role

    police = town["ruiz"].current_memberships[0].organization
    shelter = make_organization(name="Harbor Rescue Mission")
    make_person(organization=shelter, full_name="Ruth Abdullah")
    case = make_case(lead=police, title="Encampment")
    add_role(town["admin"], case, role="partner", organization=shelter)
    db.session.commit()
    sign_in(client, town["admin"])
    page = client.get(f"/network?case={case.id}").text
    assert "Case coverage" in page
    assert "Harbor Rescue Mission</strong> (partner) has no tie to the lead" in page
    assert "Nobody is named as handler of the offenders." in page


def test_brokers_between_two_groups_are_ranked_with_their_ties(client, town):
    sign_in(client, town["admin"])
    page = client.get("/network/brokers").text
    assert "Kind: Business" in page and "Fire Marshal" in page
    bars = town["owner"].current_memberships[0].organization_id
    fire = town["marshal"].current_memberships[0].organization_id
    found = client.get(f"/network/brokers?a=org-{fire}&b=kind-business").text
    assert "1 broker between Fire Marshal and Kind: Business" in found
    row = found[found.index("<tbody>") : found.index("</tbody>")]
    assert "Elena Ruiz" in row and "Sean Fitzgerald" in row
    assert "Tom Kowalski" in row and "Ashley King" in row
    direct = client.get(f"/network/brokers?a=kind-police&b=org-{bars}").text
    assert "3 brokers between Kind: Police and Anchor Tavern" in direct
    rows = direct[direct.index("<tbody>") :].split("<tr>")[1:]
    assert "Elena Ruiz" in rows[0].split("</td>")[1]  # tied to both bar people
    assert 'class="tag">member' in rows[0]
    for query, message in [
        (f"a=org-{bars}&b=org-{bars}", "these are the same"),
        ("a=org-999999&b=kind-business", "Choose two groups from the lists."),
        ("a=nonsense&b=", "Choose two groups from the lists."),
    ]:
        answer = client.get(f"/network/brokers?{query}")
        assert answer.status_code == 200 and message in answer.text, query


def test_an_introduction_to_oneself_says_so(client, town):
    sign_in(client, town["admin"])
    person = town["ruiz"].id
    page = client.get(f"/network/introduction?from={person}&to={person}").text
    assert "nobody needs an introduction to themselves" in page


def test_every_export_carries_the_metrics_and_gexf_labels_are_names(client, town):
    sign_in(client, town["admin"])
    metrics = {"degree", "betweenness", "closeness", "community"}
    graphml = nx.read_graphml(io.StringIO(client.get("/network/export.graphml").text))
    ruiz = next(d for _, d in graphml.nodes(data=True) if d["name"] == "Elena Ruiz")
    assert metrics <= set(ruiz) and ruiz["betweenness"] > 0
    gexf = nx.read_gexf(io.BytesIO(client.get("/network/export.gexf").data))
    labels = {d["label"] for _, d in gexf.nodes(data=True)}
    assert "Elena Ruiz" in labels
    assert metrics <= set(next(iter(gexf.nodes(data=True)))[1])
    header = client.get("/network/export.csv").text.splitlines()[0].split(",")
    assert {f"source_{m}" for m in metrics} <= set(header)
    nodes = json.loads(client.get("/network/export.json").text)["nodes"]
    assert all(metrics <= set(node) for node in nodes)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("min=abc", "Minimum strength must be a number from 0 to 1"),
        ("min=-0.5", "Minimum strength must be a number from 0 to 1"),
        ("min=7", "Minimum strength must be a number from 0 to 1"),
        ("as_of=2026-02-30", "“2026-02-30” is not a valid date"),
        ("radius=nine", "Radius must be 1, 2 or 3"),
    ],
)
def test_bad_filter_values_get_a_message(client, town, query, message):
    sign_in(client, town["admin"])
    page = client.get(f"/network?{query}").text
    assert message in page


def test_the_summary_restates_the_as_of_date(client, town):
    sign_in(client, town["admin"])
    day = date.today() - timedelta(days=1)
    page = client.get(f"/network?as_of={day.isoformat()}").text
    assert "Minimum strength must" not in page
    summary = page[page.index('<p class="muted">') :]
    summary = summary[: summary.index("</p>")]
    assert f"as of {day.day} {day:%b %Y}" in summary  # 3 Mar 2025


def test_what_if_keeps_the_case_scope_it_came_from(
    client, town, make_case, make_user, make_organization
):
    case = make_case(title="Water Street assaults")
    sign_in(client, town["admin"])
    ruiz = town["ruiz"].id
    page = client.get(f"/network/what-if?person={ruiz}&case={case.id}").text
    assert "Within the network of the case" in page and "Water Street assaults" in page
    whole = client.get(f"/network/what-if?person={ruiz}").text
    assert "Within the network of the case" not in whole
    assert "Sean Fitzgerald" in whole and "Sean Fitzgerald" not in page
    case.visibility = "participants"
    db.session.commit()
    sign_in(client, make_user(organization=make_organization(name="Elsewhere")))
    hidden = client.get(f"/network/what-if?person={ruiz}&case={case.id}")
    assert hidden.status_code == 404


def test_communities_are_listed_with_their_people(client, town):
    sign_in(client, town["admin"])
    page = client.get("/network").text
    section = page[page.index('id="communities"') :]
    section = section[: section.index("</section>")]
    assert "Community 1" in section and "Elena Ruiz" in section
    assert 'value="community"' in page  # colour by community
    assert 'id="hide-isolated"' in page
