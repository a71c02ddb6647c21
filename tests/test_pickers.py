"""In a big coalition person fields become type-ahead pickers: the page sends
only the current choice, the search answers with visible people, and a
submitted id is accepted exactly when the viewer may see that person."""

import re

import pytest
from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.forms import choices
from caseboard.models import Interaction, Task
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


@pytest.fixture
def running(make_user, make_organization, make_person, make_case, make_meeting):
    """A meeting with no case of its own, so an action item's case is chosen
    on the run page; three or more of each kind, so ``big`` makes pickers."""
    from caseboard.services.agenda import add_agenda_item

    police = make_organization(name="Harbor Police")
    make_organization(name="Parks Department")
    make_organization(name="Harbour Bar")
    coordinator = make_user(role="coordinator", organization=police)
    case = make_case(lead=police, coordinator=coordinator, title="Water Street")
    make_case(lead=police, coordinator=coordinator, title="Riverside Park")
    make_case(lead=police, coordinator=coordinator, title="Dock Road")
    officer = make_person(organization=police, full_name="Dana Reyes")
    make_person(organization=police, full_name="Tom Kowalski")
    meeting = make_meeting(actor=coordinator)
    first = add_agenda_item(coordinator, meeting, title="Any other business")
    second = add_agenda_item(coordinator, meeting, title="Round the table")
    db.session.commit()
    return {
        "coordinator": coordinator,
        "police": police,
        "case": case,
        "officer": officer,
        "meeting": meeting,
        "items": (first, second),
    }


def _select(page: str, id: str) -> str:
    found = re.search(rf'<select[^>]* id="{id}"[^>]*>.*?</select>', page, re.S)
    assert found, id
    return found.group(0)


ACTION_SELECTS = [
    ("owner", "/people/options"),
    ("org", "/organizations/options"),
    ("case", "/cases/options"),
]


def test_a_small_coalition_runs_a_meeting_with_plain_selects(client, running):
    item = running["items"][0]
    sign_in(client, running["coordinator"])
    page = client.get(f"/meetings/{running['meeting'].id}/run").text
    owner, org, case = (_select(page, f"{p}-{item.id}") for p, _ in ACTION_SELECTS)
    assert "Dana Reyes" in owner and "Tom Kowalski" in owner
    assert "Harbor Police" in org and "Parks Department" in org
    assert "Water Street" in case and "Riverside Park" in case
    assert "data-picker" not in owner + org + case


def test_a_big_coalition_runs_a_meeting_with_pickers(client, running, big):
    meeting, (first, second) = running["meeting"], running["items"]
    sign_in(client, running["coordinator"])
    page = client.get(f"/meetings/{meeting.id}/run").text
    for item in (first, second):
        for prefix, url in ACTION_SELECTS:
            shown = _select(page, f"{prefix}-{item.id}")
            assert f'data-picker="{url}"' in shown
            assert re.findall(r"<option[^>]*>([^<]*)</option>", shown) == ["—"]

    # Chosen through the pickers (their search answers with these ids), and
    # refused for the date: the refused item's selects keep what was chosen.
    assert running["officer"].id in [
        o["value"] for o in client.get("/people/options?q=reyes").json["options"]
    ]
    chosen = {
        "title": "Walk the beat",
        "assignee_id": running["officer"].id,
        "organization_id": running["police"].id,
        "case_id": running["case"].id,
    }
    base = f"/meetings/{meeting.id}/items"
    refused = client.post(
        f"{base}/{first.id}/actions", data={**chosen, "due_on": "2001-01-01"}
    )
    assert refused.status_code == 200 and "cannot be due in the past" in refused.text
    kept = {p: _select(refused.text, f"{p}-{first.id}") for p, _ in ACTION_SELECTS}
    for prefix, field, label in [
        ("owner", "assignee_id", "Dana Reyes"),
        ("org", "organization_id", "Harbor Police"),
        ("case", "case_id", "Water Street"),
    ]:
        assert f'<option selected value="{chosen[field]}">{label}' in kept[prefix]
    assert "data-picker" in kept["owner"] and "Tom Kowalski" not in kept["owner"]
    # The other item's form is blank, not a copy of the refused one.
    assert "Dana Reyes" not in _select(refused.text, f"owner-{second.id}")
    assert db.session.scalar(select(func.count(Task.id))) == 0

    added = client.post(f"{base}/{first.id}/actions", data={**chosen, "due_on": ""})
    assert added.status_code == 302
    task = db.session.scalars(select(Task)).one()
    assert (task.title, task.assignee, task.organization, task.case) == (
        "Walk the beat",
        running["officer"],
        running["police"],
        running["case"],
    )
