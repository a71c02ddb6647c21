"""Who sees what across agencies: cases restricted to named organizations,
restricted notes, and people's contact details."""

import pytest
from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import AuditEvent, Note
from caseboard.services.cases import add_role
from tests.conftest import sign_in


@pytest.fixture
def agencies(make_organization, make_user, make_person):
    police = make_organization(name="Police", kind="police")
    outreach = make_organization(name="Outreach", kind="community_organization")
    bars = make_organization(name="Bars", kind="business")
    return {
        "police": police,
        "outreach": outreach,
        "bars": bars,
        "officer": make_user(organization=police),
        "worker": make_user(organization=outreach),
        "owner": make_user(organization=bars),
        "admin": make_user(role="admin", organization=police),
    }


@pytest.fixture
def police_only(agencies, make_case):
    case = make_case(
        title="Informant handling",
        lead=agencies["police"],
        visibility="restricted",
        access_organization_ids=[agencies["police"].id],
    )
    # The bar owner holds a role, but the case is named for the police only.
    add_role(
        agencies["admin"], case, role="place_manager", organization=agencies["bars"]
    )
    db.session.commit()
    return case


def test_a_restricted_case_shows_only_to_the_named_organizations(
    client, agencies, police_only
):
    sign_in(client, agencies["officer"])
    assert client.get(f"/cases/{police_only.id}").status_code == 200
    assert "Informant handling" in client.get("/cases").text
    for outsider in ("worker", "owner"):
        sign_in(client, agencies[outsider])
        assert client.get(f"/cases/{police_only.id}").status_code == 404
        assert "Informant handling" not in client.get("/cases").text
        refused = client.post(
            f"/cases/{police_only.id}/edit", data={"title": "Taken over"}
        )
        assert refused.status_code == 404
    sign_in(client, agencies["admin"])
    assert client.get(f"/cases/{police_only.id}").status_code == 200
    probes = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access_denied")
    ).all()
    assert len(probes) == 4  # two outsiders, a page and an edit each
    assert {p.object_type for p in probes} == {"cases"}
    assert (
        db.session.get(type(police_only), police_only.id).title == "Informant handling"
    )


def test_restricting_a_case_needs_a_named_organization(client, agencies, make_case):
    case = make_case(lead=agencies["police"])
    sign_in(client, agencies["admin"])
    page = client.post(
        f"/cases/{case.id}/edit",
        data={
            "title": case.title,
            "problem_type_id": case.problem_type_id,
            "priority": "normal",
            "visibility": "restricted",
            "opened_on": case.opened_on.isoformat(),
            "status": "open",
            "version": case.version,
        },
    )
    assert "Name at least one organization" in page.text
    db.session.refresh(case)
    assert case.visibility == "coalition"


def test_a_restricted_note_is_read_only_by_the_named_organizations(
    client, agencies, make_case
):
    case = make_case(lead=agencies["police"])
    sign_in(client, agencies["officer"])
    client.post(
        f"/cases/{case.id}/notes",
        data={
            "body": "Warrant pending for the manager",
            "restricted_to": [agencies["police"].id],
        },
    )
    client.post(f"/cases/{case.id}/notes", data={"body": "Meeting moved to Tuesday"})
    assert db.session.scalar(select(func.count(Note.id))) == 2

    page = client.get(f"/cases/{case.id}").text
    assert "Warrant pending" in page and "Only Police" in page
    viewed = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "view_restricted")
    )
    assert viewed == 1

    sign_in(client, agencies["worker"])
    page = client.get(f"/cases/{case.id}").text
    assert "Meeting moved to Tuesday" in page
    assert "Warrant pending" not in page and "Only Police" not in page
    note = db.session.scalar(select(Note).where(Note.body.like("Warrant%")))
    assert client.post(f"/notes/{note.id}/delete").status_code == 404


def test_a_note_cannot_be_restricted_away_from_its_author(client, agencies, make_case):
    case = make_case(lead=agencies["police"])
    sign_in(client, agencies["worker"])
    answer = client.post(
        f"/cases/{case.id}/notes",
        data={"body": "For police eyes", "restricted_to": [agencies["police"].id]},
        follow_redirects=True,
    )
    assert "Include one of your own organizations" in answer.text
    assert db.session.scalar(select(func.count(Note.id))) == 0


def test_only_the_author_deletes_a_note(client, agencies, make_case):
    case = make_case(lead=agencies["police"])
    sign_in(client, agencies["officer"])
    client.post(f"/cases/{case.id}/notes", data={"body": "Shared note"})
    note = db.session.scalar(select(Note))
    sign_in(client, agencies["worker"])
    assert client.post(f"/notes/{note.id}/delete").status_code == 403
    sign_in(client, agencies["officer"])
    assert client.post(f"/notes/{note.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count(Note.id))) == 0


def test_contact_details_show_to_colleagues_and_case_coordinators_only(
    client, agencies, make_person, make_user, make_case
):
    informant = make_person(
        organization=agencies["bars"], full_name="Dana Whitfield", phone="555-0142"
    )
    db.session.commit()
    sign_in(client, agencies["owner"])  # a colleague at the bars
    assert "555-0142" in client.get(f"/people/{informant.id}").text
    sign_in(client, agencies["worker"])
    page = client.get(f"/people/{informant.id}").text
    assert "555-0142" not in page and "Shown to their colleagues" in page

    coordinator = make_user(role="coordinator", organization=agencies["outreach"])
    sign_in(client, coordinator)
    assert "555-0142" not in client.get(f"/people/{informant.id}").text
    assert "555-0142" not in client.get(f"/people/{informant.id}/edit").text
    case = make_case(lead=agencies["outreach"], coordinator=coordinator)
    add_role(agencies["admin"], case, role="guardian", person=informant)
    db.session.commit()
    assert "555-0142" in client.get(f"/people/{informant.id}").text


def test_searching_by_email_does_not_probe_hidden_details(
    client, agencies, make_person
):
    make_person(
        organization=agencies["bars"],
        full_name="Dana Whitfield",
        email="dana@bars.example",
    )
    db.session.commit()
    sign_in(client, agencies["worker"])
    assert "Dana Whitfield" not in client.get("/people?q=dana@bars").text
    sign_in(client, agencies["owner"])
    assert "Dana Whitfield" in client.get("/people?q=dana@bars").text


def test_contacts_on_a_hidden_case_make_no_tie_for_outsiders(
    client, agencies, police_only, make_person
):
    from datetime import date

    from caseboard.network.ties import ties_of_person
    from caseboard.services.contacts import log_interaction

    handler = make_person(organization=agencies["police"], full_name="Det. Ortiz")
    source = make_person(organization=agencies["bars"], full_name="Quiet Source")
    log_interaction(
        agencies["admin"],
        occurred_on=date.today(),
        kind="visit",
        people=[handler, source],
        case=police_only,
    )
    db.session.commit()
    sign_in(client, agencies["officer"])
    names = {n["name"] for n in client.get("/network/data.json").json["nodes"]}
    assert {"Det. Ortiz", "Quiet Source"} <= names
    sign_in(client, agencies["worker"])
    data = client.get("/network/data.json").json
    assert not data["edges"]
    assert ties_of_person(handler.id, agencies["worker"]) == []
    assert len(ties_of_person(handler.id, agencies["officer"])) == 1
