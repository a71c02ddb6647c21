"""Issue 18: the background job stores one row per person beside the
coalition's result, and the person page and the dashboard read only the rows
they show."""

from datetime import date, timedelta

import networkx as nx
import pytest
from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import PersonMetric
from caseboard.network import snapshots
from caseboard.network.graph import Scope, build
from caseboard.network.model import active_ties
from caseboard.network.stored import stored_metrics
from caseboard.services.contacts import log_interaction
from tests.conftest import sign_in
from tests.test_network_snapshots import run_jobs


@pytest.fixture
def star(make_user, make_person, make_organization):
    """A hub tied to three people, one of whom is tied on to a fifth: the
    hub and that one are the brokers."""
    police = make_organization(name="Police", kind="police")
    admin = make_user(role="admin", organization=police)
    names = ["Hana Hub", "Ann Arm", "Bo Arm", "Cy Arm", "Dee End"]
    people = {
        n.split()[0]: make_person(organization=police, full_name=n) for n in names
    }
    recent = date.today() - timedelta(days=3)
    for a, b in [("Hana", "Ann"), ("Hana", "Bo"), ("Hana", "Cy"), ("Cy", "Dee")]:
        log_interaction(
            admin, occurred_on=recent, kind="visit", people=[people[a], people[b]]
        )
    db.session.commit()
    return admin, people


def stored_after_job(app, client, admin):
    sign_in(client, admin)
    client.get("/network")  # small enough to show live; the job stores it too
    assert run_jobs(app) == 1


def test_the_rows_equal_the_networkx_reference(app, client, star):
    admin, people = star
    stored_after_job(app, client, admin)
    graph = active_ties(build(admin, Scope()).graph)
    degree = nx.degree_centrality(graph)
    betweenness = nx.betweenness_centrality(graph)
    closeness = nx.closeness_centrality(graph)
    rows, computed_at = stored_metrics(admin)
    assert computed_at is not None
    assert {row.person_id for row in rows} == {p.id for p in people.values()}
    for row in rows:
        assert row.degree == pytest.approx(degree[row.person_id], abs=1e-4)
        assert row.betweenness == pytest.approx(betweenness[row.person_id], abs=1e-4)
        assert row.closeness == pytest.approx(closeness[row.person_id], abs=1e-4)
    hub = next(row for row in rows if row.person_id == people["Hana"].id)
    # Hana lies between every pair but (Cy, Dee): 5 of the 6 pairs of others.
    assert hub.betweenness == pytest.approx(5 / 6, abs=1e-4)
    assert hub.degree == 0.75 and hub.name == "Hana Hub"  # 3 of 4 others


def test_top_and_people_read_only_what_they_ask_for(app, client, star):
    admin, people = star
    stored_after_job(app, client, admin)
    top, _ = stored_metrics(admin, top=2)
    assert [row.name for row in top] == ["Hana Hub", "Cy Arm"]
    by_degree, _ = stored_metrics(admin, top=("degree", 1))
    assert [row.name for row in by_degree] == ["Hana Hub"]
    one, _ = stored_metrics(admin, people=[people["Dee"].id])
    assert [row.name for row in one] == ["Dee End"] and one[0].betweenness == 0
    with pytest.raises(ValueError):
        stored_metrics(admin, top=("name", 3))


def test_nothing_stored_yet_is_none(star):
    admin, _ = star
    assert stored_metrics(admin) is None


def test_a_new_result_replaces_the_rows(app, client, star):
    admin, people = star
    stored_after_job(app, client, admin)
    log_interaction(
        admin,
        occurred_on=date.today(),
        kind="call",
        people=[people["Ann"], people["Dee"]],
    )
    db.session.commit()
    snapshots.memory.clear()
    client.get("/network")
    assert run_jobs(app) == 1
    assert db.session.scalar(select(func.count(PersonMetric.id))) == 5
    dee, _ = stored_metrics(admin, people=[people["Dee"].id])
    assert dee[0].degree == 0.5  # Cy and now Ann, of four others


def test_person_page_and_dashboard_show_the_stored_figures(app, client, star):
    admin, people = star
    sign_in(client, admin)
    page = client.get(f"/people/{people['Hana'].id}").text
    assert "have not been computed yet" in page
    assert "Not computed yet" in client.get("/").text
    stored_after_job(app, client, admin)
    page = client.get(f"/people/{people['Hana'].id}").text
    assert "Betweenness (broker)" in page and "0.8333" in page
    dashboard = client.get("/").text
    assert dashboard.index("Hana Hub") < dashboard.index("Cy Arm")
    assert "betweenness 0.833" in dashboard


def test_another_viewers_result_is_not_read(app, client, star, make_user):
    """The rows belong to the result of the viewer's own visible set: a user
    who sees other cases reads nothing until their own result is stored."""
    admin, people = star
    stored_after_job(app, client, admin)
    officer = make_user(organization=people["Hana"].current_memberships[0].organization)
    db.session.commit()
    assert stored_metrics(officer) is None
    stored_after_job(app, client, officer)
    rows, _ = stored_metrics(officer, top=1)
    assert [row.name for row in rows] == ["Hana Hub"]


def test_the_visible_people_are_read_once_per_data_version(
    star, make_person, count_queries
):
    """The digest that finds a viewer's stored result reads the people's ids
    once per data version; a new person (a new version) is counted at once."""
    admin, _ = star
    first = snapshots.visible_people_digest(admin)
    with count_queries() as again:
        assert snapshots.visible_people_digest(admin) == first
    assert not any("FROM people" in statement for statement in again.statements)
    make_person(full_name="Newly Added")
    db.session.commit()
    digest, count = snapshots.visible_people_digest(admin)
    assert count == first[1] + 1 and digest != first[0]
