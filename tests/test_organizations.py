from caseboard.extensions import db
from caseboard.models import AuditEvent, Organization
from tests.conftest import sign_in


def org_form(**overrides):
    return {
        "name": "Harbor Rescue Mission",
        "kind": "faith",
        "description": "Shelter",
        "services": "Emergency shelter beds\nHot meals\n\nHot meals",
        "phone": "555-100-2000",
        "email": "",
        "website": "",
        "address": "",
    } | overrides


def test_list_searches_names_and_services_and_filters_by_kind(
    client, make_user, make_organization
):
    make_organization(name="Harbor Rescue Mission", kind="faith", services=["Beds"])
    make_organization(
        name="Street Reach",
        kind="community_organization",
        services=["Naloxone distribution"],
    )
    make_organization(name="Harbor City Police Department", kind="police")
    sign_in(client, make_user())

    by_service = client.get("/organizations?q=naloxone").text
    assert "Street Reach" in by_service and "Rescue Mission" not in by_service

    by_kind = client.get("/organizations?kind=police").text
    assert "Police Department" in by_kind and "Street Reach" not in by_kind

    harbor = client.get("/organizations?q=harbor").text
    assert "Rescue Mission" in harbor and "Police Department" in harbor

    # An unknown kind or a wildcard in the search is harmless.
    assert client.get("/organizations?kind=<script>").status_code == 200
    assert "No organization matches" in client.get("/organizations?q=%25_%25").text


def test_list_is_paginated(client, make_user, make_organization, app):
    for n in range(30):
        make_organization(name=f"Bar {n:02d}")
    sign_in(client, make_user(role="admin"))
    first = client.get("/organizations?q=Bar").text
    assert "Page 1 of 2" in first and "Bar 00" in first and "Bar 29" not in first
    assert "Bar 29" in client.get("/organizations?q=Bar&page=2").text
    assert client.get("/organizations?page=banana").status_code == 200


def test_coordinator_creates_an_organization_with_services(client, make_user):
    sign_in(client, make_user(role="coordinator"))
    response = client.post("/organizations/new", data=org_form())
    assert response.status_code == 302
    organization = db.session.scalars(
        db.select(Organization).where(Organization.name == "Harbor Rescue Mission")
    ).one()
    assert [s.name for s in organization.services] == [
        "Emergency shelter beds",
        "Hot meals",
    ]
    page = client.get(response.headers["Location"]).text
    assert "Harbor Rescue Mission" in page and "Emergency shelter beds" in page
    actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert actions.count("create") >= 1


def test_bad_input_shows_errors_and_saves_nothing(client, make_user, make_organization):
    make_organization(name="Harbor Rescue Mission")
    sign_in(client, make_user(role="coordinator"))
    before = db.session.scalar(db.select(db.func.count(Organization.id)))

    empty = client.post("/organizations/new", data=org_form(name="  "))
    assert "This field is required." in empty.text
    bad = client.post(
        "/organizations/new",
        data=org_form(name="New place", kind="spaceship", email="not-an-email"),
    )
    assert "Not a valid choice." in bad.text
    assert "Invalid email address." in bad.text
    duplicate = client.post(
        "/organizations/new", data=org_form(name="harbor rescue mission")
    )
    assert "Another organization already has this name." in duplicate.text
    too_long = client.post("/organizations/new", data=org_form(name="x" * 201))
    assert "Field cannot be longer than 200 characters." in too_long.text

    after = db.session.scalar(db.select(db.func.count(Organization.id)))
    assert after == before


def test_edit_saves_and_audits_the_change(client, make_user, make_organization):
    organization = make_organization(name="Copper Kettle")
    sign_in(client, make_user(role="coordinator"))
    response = client.post(
        f"/organizations/{organization.id}/edit",
        data=org_form(
            name="Copper Kettle Pub",
            kind="business",
            services="Trivia",
            version=organization.version,
        ),
    )
    assert response.status_code == 302
    db.session.refresh(organization)
    assert organization.name == "Copper Kettle Pub"
    event = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "update")
    ).one()
    assert event.changes["name"] == ["Copper Kettle", "Copper Kettle Pub"]
    assert event.changes["services"] == [[], ["Trivia"]]


def test_a_second_save_of_a_stale_form_is_a_conflict_not_an_overwrite(
    client, make_user, make_organization
):
    organization = make_organization(name="Night Owl Club", description="Dance club")
    sign_in(client, make_user(role="coordinator"))
    stale_version = organization.version
    first = client.post(
        f"/organizations/{organization.id}/edit",
        data=org_form(
            name="Night Owl Club",
            kind="business",
            description="Dance club, capacity 450",
            version=stale_version,
        ),
    )
    assert first.status_code == 302
    second = client.post(
        f"/organizations/{organization.id}/edit",
        data=org_form(
            name="Night Owl Club",
            kind="business",
            description="Closed for renovation",
            version=stale_version,
        ),
    )
    assert second.status_code == 200
    assert "Changed by someone else while you edited" in second.text
    assert "Dance club, capacity 450" in second.text  # theirs
    assert "Closed for renovation" in second.text  # yours, still in the form
    db.session.refresh(organization)
    assert organization.description == "Dance club, capacity 450"

    # Saving again from the conflict page is a deliberate overwrite.
    third = client.post(
        f"/organizations/{organization.id}/edit",
        data=org_form(
            name="Night Owl Club",
            kind="business",
            description="Closed for renovation",
            version=organization.version,
        ),
    )
    assert third.status_code == 302
    db.session.refresh(organization)
    assert organization.description == "Closed for renovation"


def test_organization_page_lists_current_and_former_people(
    client, make_user, make_person, make_organization
):
    from datetime import date

    from caseboard.services.people import end_membership

    organization = make_organization(name="Parks and Recreation", services=["Rangers"])
    current = make_person(organization=organization, full_name="Ana Current")
    former = make_person(organization=organization, full_name="Bo Former")
    end_membership(None, former.memberships[0], date(2024, 1, 1))
    db.session.commit()
    sign_in(client, make_user())
    page = client.get(f"/organizations/{organization.id}").text
    assert current.full_name in page
    assert "Former members (1)" in page and "Bo Former" in page
    assert "Rangers" in page
