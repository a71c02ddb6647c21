from datetime import date, timedelta

from caseboard.extensions import db
from caseboard.models import Membership, Person
from tests.conftest import sign_in


def person_form(**overrides):
    return {
        "full_name": "Keisha Brooks",
        "email": "keisha@example.org",
        "phone": "",
        "address": "",
        "notes": "",
    } | overrides


def test_search_finds_people_by_name_title_and_organization(
    client, make_user, make_person, make_organization
):
    fire = make_organization(name="Fire Marshal's Office")
    make_person(
        organization=fire, full_name="Sean Fitzgerald", title="Deputy Fire Marshal"
    )
    make_person(full_name="Jamal Carter", title="Outreach Worker")
    sign_in(client, make_user())
    assert "Sean Fitzgerald" in client.get("/people?q=fitz").text
    by_title = client.get("/people?q=outreach").text
    assert "Jamal Carter" in by_title
    by_org = client.get("/people?q=fire+marshal").text
    assert "Sean Fitzgerald" in by_org and "Jamal Carter" not in by_org


def test_create_a_person_with_their_current_position(
    client, make_user, make_organization
):
    shelter = make_organization(name="Bridgeway Shelter")
    # An administrator: a position opens the organization's restricted work.
    sign_in(client, make_user(role="admin"))
    response = client.post(
        "/people/new",
        data=person_form(
            organization_id=shelter.id, title="Case Manager", started_on="2024-03-01"
        ),
    )
    assert response.status_code == 302
    person = db.session.scalars(
        db.select(Person).where(Person.full_name == "Keisha Brooks")
    ).one()
    assert [(m.organization.name, m.title) for m in person.memberships] == [
        ("Bridgeway Shelter", "Case Manager")
    ]
    page = client.get(response.headers["Location"]).text
    assert "Case Manager" in page and "Bridgeway Shelter" in page


def test_new_person_bad_input_changes_nothing(client, make_user):
    sign_in(client, make_user())
    count = db.session.scalar(db.select(db.func.count(Person.id)))
    response = client.post(
        "/people/new",
        data=person_form(
            full_name="", email="nope", organization_id="99999", started_on="not a date"
        ),
    )
    assert "This field is required." in response.text
    assert "Invalid email address." in response.text
    assert "Not a valid choice." in response.text
    assert "Not a valid date value." in response.text
    assert db.session.scalar(db.select(db.func.count(Person.id))) == count


def test_edit_a_person_and_a_stale_edit_is_refused(client, make_user, make_person):
    person = make_person(full_name="Maria Lopez")
    # An administrator: a coordinator outside her organization would not see
    # (or change) her phone number at all.
    sign_in(client, make_user(role="admin"))
    version = person.version
    ok = client.post(
        f"/people/{person.id}/edit",
        data=person_form(full_name="Maria Lopez", phone="555-1234", version=version),
    )
    assert ok.status_code == 302
    stale = client.post(
        f"/people/{person.id}/edit",
        data=person_form(full_name="Maria Lopez", phone="555-9999", version=version),
    )
    assert "Changed by someone else while you edited" in stale.text
    db.session.refresh(person)
    assert person.phone == "555-1234"


def test_a_changed_job_keeps_its_history(
    client, make_user, make_person, make_organization
):
    patrol = make_organization(name="Harbor City Police Department", kind="police")
    housing = make_organization(name="Housing Authority", kind="municipal_agency")
    person = make_person(organization=patrol, full_name="Dana Okafor", title="Officer")
    sign_in(client, make_user(role="admin"))  # who changes who belongs
    old = person.memberships[0]

    ended = client.post(
        f"/people/{person.id}/memberships/{old.id}/end",
        data={"ended_on": date.today().isoformat()},
    )
    assert ended.status_code == 302
    added = client.post(
        f"/people/{person.id}/memberships",
        data={
            "organization_id": housing.id,
            "title": "Liaison",
            "started_on": date.today().isoformat(),
            "ended_on": "",
        },
    )
    assert added.status_code == 302

    memberships = db.session.scalars(
        db.select(Membership).where(Membership.person_id == person.id)
    ).all()
    assert len(memberships) == 2  # ended, not deleted
    db.session.refresh(person)
    assert [m.organization.name for m in person.current_memberships] == [
        "Housing Authority"
    ]
    page = client.get(f"/people/{person.id}").text
    assert "Harbor City Police Department" in page and "Liaison" in page


def test_membership_dates_must_make_sense(
    client, make_user, make_person, make_organization
):
    person = make_person()
    other = make_organization()
    sign_in(client, make_user(role="admin"))  # who changes who belongs
    response = client.post(
        f"/people/{person.id}/memberships",
        data={
            "organization_id": other.id,
            "title": "X",
            "started_on": "2024-05-01",
            "ended_on": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.text
    far = (date.today() + timedelta(days=3000)).isoformat()
    response = client.post(
        f"/people/{person.id}/memberships/{person.memberships[0].id}/end",
        data={"ended_on": far},
    )
    follow = client.get(response.headers["Location"]).text
    assert "more than five years away" in follow
    db.session.refresh(person)
    assert len(person.memberships) == 1 and person.memberships[0].ended_on is None


def test_a_membership_of_another_person_is_not_found(client, make_user, make_person):
    a, b = make_person(), make_person()
    sign_in(client, make_user(role="admin"))
    response = client.post(
        f"/people/{a.id}/memberships/{b.memberships[0].id}/end",
        data={"ended_on": date.today().isoformat()},
    )
    assert response.status_code == 404
