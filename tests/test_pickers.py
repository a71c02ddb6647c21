"""In a big coalition person fields become type-ahead pickers: the page sends
only the current choice, the search answers with visible people, and a
submitted id is accepted exactly when the viewer may see that person."""

import pytest
from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.forms import choices
from caseboard.models import Interaction
from tests.conftest import sign_in


@pytest.fixture
def big(monkeypatch):
    monkeypatch.setattr(choices, "PICKER_ABOVE", 2)


def test_small_coalitions_get_a_plain_select_of_everyone(
    client, make_user, make_person
):
    user = make_user()
    make_person(full_name="Maria Lopez")
    sign_in(client, user)
    page = client.get("/contacts/new").text
    assert "Maria Lopez" in page and "data-picker" not in page


def test_big_coalitions_get_a_picker_with_only_the_current_choice(
    client, make_user, make_person, big
):
    user = make_user()
    maria = make_person(full_name="Maria Lopez")
    make_person(full_name="Tom Kowalski")
    sign_in(client, user)
    page = client.get(f"/contacts/new?person={maria.id}").text
    assert 'data-picker="/people/options"' in page
    assert "Maria Lopez" in page and "Tom Kowalski" not in page

    found = client.get("/people/options?q=kowal").json["options"]
    assert [o["label"].split(" · ")[0] for o in found] == ["Tom Kowalski"]
    assert client.get("/people/options?q=").json["options"] == []


def test_a_blank_picker_looks_nothing_up(
    client, make_user, make_person, count_queries, big
):
    """With nothing chosen there is no current choice to send: the page asks
    the database for none (a meeting's run page has several such fields)."""
    user = make_user(role="coordinator")
    make_person(full_name="Maria Lopez")
    make_person(full_name="Tom Kowalski")
    sign_in(client, user)
    with count_queries() as counted:
        page = client.get("/meetings/new").text  # invitees: none yet
    assert 'data-picker="/people/options"' in page
    assert "Maria Lopez" not in page and "Tom Kowalski" not in page
    flat = [" ".join(q.split()) for q in counted.statements]
    assert not [q for q in flat if "FROM people WHERE people.id IN" in q]


def test_a_picked_person_is_accepted_and_a_made_up_one_refused(
    client, make_user, make_person, big
):
    user = make_user()
    tom = make_person(full_name="Tom Kowalski")
    sign_in(client, user)
    form = {"occurred_on": "2026-11-01", "kind": "call", "case_id": "0"}
    ok = client.post("/contacts/new", data={**form, "people": [user.person_id, tom.id]})
    assert ok.status_code == 302
    refused = client.post(
        "/contacts/new", data={**form, "people": [user.person_id, 999999]}
    )
    assert refused.status_code == 200
    assert "is not a valid choice" in refused.text
    assert db.session.scalar(select(func.count(Interaction.id))) == 1


def test_editing_keeps_a_linked_person_the_page_did_not_list(
    client, make_user, make_person, make_case, big
):
    admin = make_user(role="admin")
    guardian = make_person(full_name="Ashley King")
    case = make_case(guardian_person_id=guardian.id)
    sign_in(client, admin)
    page = client.get(f"/cases/{case.id}/edit").text
    assert f'<option selected value="{guardian.id}">Ashley King</option>' in page


def test_organization_and_case_pickers_search_only_what_the_viewer_sees(
    client, make_user, make_organization, make_case, big
):
    police = make_organization(name="Police Department")
    make_organization(name="Parks Department")
    make_organization(name="Harbour Bar")
    make_case(title="Harbour fights", lead=police)
    make_case(
        title="Harbour informants",
        lead=police,
        visibility="restricted",
        access_organization_ids=[police.id],
    )
    outsider = make_user()
    sign_in(client, outsider)
    orgs = client.get("/organizations/options?q=depart").json["options"]
    assert [o["label"] for o in orgs] == ["Parks Department", "Police Department"]
    cases = client.get("/cases/options?q=harbour").json["options"]
    assert [c["label"] for c in cases] == ["Harbour fights"]
    page = client.get("/network").text
    assert 'data-picker="/organizations/options"' in page
    assert "Parks Department" not in page and "Harbour informants" not in page
