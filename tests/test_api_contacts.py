"""The contact log through the API: what an agency's system reads back of
the contacts it and others logged, under the rule of the network pages."""

from __future__ import annotations

from datetime import date, timedelta

from caseboard.services.contacts import log_interaction
from tests.api_client import bearer, token_for


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def test_the_log_hides_a_hidden_cases_contacts_and_others_notes(
    db, client, make_user, make_organization, make_case, make_person
):
    police, shelter = make_organization(kind="police"), make_organization()
    officer = make_user(organization=police)
    outreach = make_user(organization=shelter)
    owner = make_person()
    hidden = make_case(lead=police, visibility="participants", title="Informant")
    log = log_interaction  # as the pages log them
    secret = log(
        officer,
        occurred_on=days_ago(3),
        kind="call",
        people=[officer.person, owner],
        case=hidden,
        notes="Named the dealer",
    )
    private = log(
        officer,
        occurred_on=days_ago(2),
        kind="visit",
        people=[officer.person, owner],
        notes="Owner scared of reprisals",
    )
    shared = log(
        outreach,
        occurred_on=days_ago(1),
        kind="foot_beat",
        people=[outreach.person, officer.person],
        notes="Tents moved",
    )
    db.session.commit()
    token = token_for(outreach, "read")
    listed = client.get("/api/v1/contacts", headers=bearer(token))
    assert listed.status_code == 200
    assert [c["id"] for c in listed.json] == [shared.id, private.id]  # newest first
    assert listed.headers["X-Total-Count"] == "2"
    by_id = {c["id"]: c for c in listed.json}
    assert by_id[shared.id]["notes"] == "Tents moved"
    assert by_id[private.id]["notes"] is None
    assert by_id[private.id]["notes_withheld"] is True
    assert "reprisals" not in listed.text and "dealer" not in listed.text
    assert (
        client.get(f"/api/v1/contacts/{secret.id}", headers=bearer(token)).status_code
        == 404
    )
    one = client.get(f"/api/v1/contacts/{private.id}", headers=bearer(token))
    assert one.json["people"] == sorted([officer.person.id, owner.id])
    # The officer took part in all three: every note is theirs to read.
    mine = client.get("/api/v1/contacts", headers=bearer(token_for(officer, "read")))
    assert {c["notes"] for c in mine.json} == {
        "Named the dealer",
        "Owner scared of reprisals",
        "Tents moved",
    }


def test_the_log_filters_as_a_client_asks(
    db, client, make_user, make_organization, make_case, make_person
):
    police = make_organization(kind="police")
    officer = make_user(role="admin", organization=police)
    owner, neighbour = make_person(), make_person()
    case = make_case(lead=police)
    call = log_interaction(
        officer, occurred_on=days_ago(40), kind="call", people=[officer.person, owner]
    )
    visit = log_interaction(
        officer,
        occurred_on=days_ago(5),
        kind="visit",
        people=[owner, neighbour],
        case=case,
    )
    db.session.commit()
    token = bearer(token_for(officer, "read"))

    def ids(query: str) -> list[int]:
        answer = client.get(f"/api/v1/contacts?{query}", headers=token)
        assert answer.status_code == 200, answer.json
        return [c["id"] for c in answer.json]

    assert ids(f"person={neighbour.id}") == [visit.id]
    assert ids(f"person={owner.id}") == [visit.id, call.id]
    assert ids(f"organization={police.id}") == [call.id]  # the officer took part
    assert ids(f"case={case.id}") == [visit.id]
    assert ids("kind=call") == [call.id]
    assert ids(f"since={days_ago(10).isoformat()}") == [visit.id]
    assert ids(f"until={days_ago(10).isoformat()}") == [call.id]
    bad = client.get("/api/v1/contacts?kind=telepathy", headers=token)
    assert bad.status_code == 422
    assert bad.mimetype == "application/problem+json"
    assert "kind" in bad.json["errors"]["query"]


def test_a_logged_contact_reads_back_the_same(db, client, make_user, make_person):
    officer = make_user()
    owner = make_person()
    token = bearer(token_for(officer))
    made = client.post(
        "/api/v1/contacts",
        json={
            "occurred_on": days_ago(0).isoformat(),
            "kind": "call",
            "people": [officer.person.id, owner.id],
            "notes": "Agreed to close at 1 am",
        },
        headers=token,
    )
    assert made.status_code == 201, made.json
    read = client.get(f"/api/v1/contacts/{made.json['id']}", headers=token)
    assert read.json == made.json
    assert read.json["notes"] == "Agreed to close at 1 am"
    assert read.json["recorded_by_id"] == officer.id
