"""Who may change who belongs to an organization, and what membership gives.

A position in an organization opens that organization's restricted cases and
notes, so placing someone in one is an access change: site administrators
and the organization's own administrators decide it, and the trail says so.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import AuditEvent, CaseRole, Membership, Person
from caseboard.services import imports
from caseboard.services.cases import add_role, end_role
from caseboard.services.notes import add_note
from caseboard.services.people import end_membership
from tests.conftest import sign_in


@pytest.fixture
def town(make_organization, make_user, make_case):
    police = make_organization(name="Harbor Police", kind="police")
    hall = make_organization(name="City Hall", kind="municipal_agency")
    admin = make_user(role="admin", organization=hall)
    case = make_case(
        title="Informant handling",
        lead=police,
        visibility="restricted",
        access_organization_ids=[police.id],
    )
    return {
        "police": police,
        "hall": hall,
        "admin": admin,
        "coordinator": make_user(role="coordinator", organization=hall),
        "officer": make_user(organization=police),
        "case": case,
    }


def access_changes(organization) -> list[AuditEvent]:
    """The access changes naming the organization, oldest first."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "access_change")
        .order_by(AuditEvent.id)
    )
    return [e for e in events if organization.name in e.changes["organization"]]


def test_a_coordinator_cannot_join_an_organization_to_read_its_cases(client, town):
    coordinator = town["coordinator"]
    sign_in(client, coordinator)
    case_url = f"/cases/{town['case'].id}"
    assert client.get(case_url).status_code == 404
    answer = client.post(
        f"/people/{coordinator.person_id}/memberships",
        data={"organization_id": town["police"].id, "title": "Liaison"},
    )
    assert answer.status_code == 403
    db.session.expire_all()
    assert town["police"].id not in {
        m.organization_id for m in coordinator.person.current_memberships
    }
    assert client.get(case_url).status_code == 404


def test_a_coordinator_cannot_create_a_person_inside_an_organization(client, town):
    sign_in(client, town["coordinator"])
    answer = client.post(
        "/people/new",
        data={"full_name": "Planted Colleague", "organization_id": town["police"].id},
    )
    assert answer.status_code == 403
    assert not db.session.scalar(
        select(Person).where(Person.full_name == "Planted Colleague")
    )
    # Without an organization, anyone who adds people still may.
    answer = client.post("/people/new", data={"full_name": "Free Agent"})
    assert answer.status_code == 302


def test_organization_administrators_manage_their_members_only(
    client, town, make_person
):
    from caseboard.permissions import can_manage_members

    officer = town["officer"]
    [position] = officer.person.current_memberships
    assert not can_manage_members(officer, town["police"])
    sign_in(client, town["admin"])
    grant = f"/organizations/{town['police'].id}/members/{position.id}/administrator"
    assert client.post(grant).status_code == 302
    db.session.refresh(position)
    assert position.is_administrator
    assert can_manage_members(officer, town["police"])
    assert not can_manage_members(officer, town["hall"])

    recruit = make_person(full_name="New Recruit", organization=town["hall"])
    sign_in(client, officer)
    page = client.get(f"/organizations/{town['police'].id}").text
    assert "Remove administrator" in page
    joins = f"/people/{recruit.id}/memberships"
    police, hall = town["police"].id, town["hall"].id
    assert client.post(joins, data={"organization_id": hall}).status_code == 403
    assert client.post(joins, data={"organization_id": police}).status_code == 302
    # Her City Hall position is not the officer's to end; a police one is.
    [at_hall] = [m for m in recruit.memberships if m.organization_id == hall]
    end = f"/people/{recruit.id}/memberships/{at_hall.id}/end"
    assert client.post(end, data={"ended_on": date.today()}).status_code == 403

    kinds = [e.changes["change"][1] for e in access_changes(town["police"])]
    assert kinds == ["joined", "made administrator", "joined"]
    sign_in(client, town["coordinator"])
    page = client.get(f"/organizations/{town['police'].id}").text
    assert "Make administrator" not in page and "Remove administrator" not in page
    assert client.post(f"{grant}/revoke").status_code == 403
    sign_in(client, officer)
    assert client.post(f"{grant}/revoke").status_code == 302
    db.session.refresh(position)
    assert not position.is_administrator
    assert not can_manage_members(officer, town["police"])


def test_ending_a_position_is_an_access_change_with_who_ended_it(town):
    officer = town["officer"]
    [position] = officer.person.current_memberships
    end_membership(town["admin"], position, date.today())
    db.session.commit()
    assert position.ended_by_id == town["admin"].id
    *_, event = access_changes(town["police"])
    assert event.changes["change"] == [None, "left"]
    assert event.actor_id == town["admin"].id


def test_the_people_import_refuses_organizations_the_importer_may_not_manage(
    town,
):
    data = (
        b"name,email,organization\r\n"
        b"Pat Doe,pat@example.org,Harbor Police\r\n"
        b"Sam Roe,sam@example.org,City Hall\r\n"
        b"Lee Poe,lee@example.org,\r\n"
    )
    preview = imports.preview("people", data, town["coordinator"])
    assert {row.number: row.message for row in preview.errors} == {
        2: "organization: you may not add people to “Harbor Police” "
        "(its administrators or a site administrator may)",
        3: "organization: you may not add people to “City Hall” "
        "(its administrators or a site administrator may)",
    }
    assert imports.preview("people", data, town["admin"]).ok


def test_a_self_made_role_does_not_open_contact_details(
    client, town, make_person, make_case
):
    informant = make_person(
        organization=town["police"], full_name="Dana Whitfield", phone="555-0142"
    )
    coordinator = town["coordinator"]
    case = make_case(lead=town["hall"], coordinator=coordinator)
    sign_in(client, coordinator)
    added = client.post(
        f"/cases/{case.id}/roles",
        data={"role": "observer", "person_id": informant.id},
    )
    assert added.status_code == 302
    assert "555-0142" not in client.get(f"/people/{informant.id}").text
    # The legitimate path: someone else gave her the role on this case.
    add_role(town["admin"], case, role="guardian", person=informant)
    db.session.commit()
    assert "555-0142" in client.get(f"/people/{informant.id}").text


def test_history_hides_reads_of_notes_the_viewer_may_not_see(
    client, town, make_case, make_person, make_user
):
    case = make_case(lead=town["police"])
    person = make_person(organization=town["police"])
    for subject in (case, person):
        add_note(town["admin"], subject, "Warrant pending", [town["police"]])
    db.session.commit()
    sign_in(client, town["officer"])  # reads them: an audit event each
    client.get(f"/cases/{case.id}")
    client.get(f"/people/{person.id}")
    officer_name = town["officer"].person.full_name
    history = (f"/cases/{case.id}/history", f"/people/{person.id}/history")
    for url in history:
        assert "view restricted" in client.get(url).text, url
    sign_in(client, town["coordinator"])
    for url in history:
        page = client.get(url).text
        assert "view restricted" not in page, url
        assert officer_name not in page, url


def test_the_people_import_does_not_reveal_hidden_emails(town, make_person):
    make_person(
        organization=town["police"], full_name="Dana Whitfield", email="dana@pd.org"
    )
    data = b"name,email\r\nSomeone Else,dana@pd.org\r\n"
    seen_by_coordinator = imports.preview("people", data, town["coordinator"])
    message = seen_by_coordinator.rows[0].message or ""
    assert "email" not in message
    assert str(seen_by_coordinator.rows[0].action) == "create"
    # A colleague of Dana's sees her email, so is told.
    colleague_view = imports.preview("people", data, None)
    assert colleague_view.rows[0].message == "already recorded with this email"


def test_a_future_end_date_keeps_a_position_and_a_role_current(
    town, make_person, make_case
):
    person = make_person(organization=town["police"])
    [position] = person.memberships
    end_membership(town["admin"], position, date.today() + timedelta(days=5))
    case = make_case(lead=town["hall"])
    role = add_role(town["admin"], case, role="guardian", person=person)
    end_role(town["admin"], role, date.today() + timedelta(days=5))
    db.session.commit()
    assert position.is_current and role.is_current and role in case.active_roles
    assert role.ended_by_id == town["admin"].id
    for model, row in ((Membership, position), (CaseRole, role)):
        current = select(func.count()).where(model.id == row.id, model.is_current)
        assert db.session.scalar(current) == 1
    for row in (position, role):
        row.ended_on = date.today()
    db.session.commit()
    assert not position.is_current and not role.is_current
    current = select(func.count()).where(CaseRole.id == role.id, CaseRole.is_current)
    assert db.session.scalar(current) == 0
