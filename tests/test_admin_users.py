from caseboard.extensions import db
from caseboard.models import AuditEvent, User
from tests.conftest import sign_in
from tests.factories import PASSWORD


def new_user_form(**overrides):
    return {
        "email": "Fatima.Haddad@Example.org",
        "full_name": "Fatima Haddad",
        "organization_id": "0",
        "title": "Case Manager",
        "site_role": "member",
        "password": "a long enough passphrase",
    } | overrides


def test_admin_creates_a_user_who_can_then_sign_in(
    client, make_user, make_organization, app
):
    shelter = make_organization(name="Bridgeway Shelter")
    sign_in(client, make_user(role="admin"))
    response = client.post(
        "/admin/users/new", data=new_user_form(organization_id=shelter.id)
    )
    assert response.status_code == 302
    user = db.session.scalars(
        db.select(User).where(User.email == "fatima.haddad@example.org")
    ).one()
    assert user.person.full_name == "Fatima Haddad"
    assert user.person.current_memberships[0].organization == shelter
    assert "a long enough passphrase" not in user.password_hash
    assert user.password_hash.startswith("$argon2id$")

    fresh = app.test_client()
    signed_in = fresh.post(
        "/login",
        data={
            "email": "fatima.haddad@example.org",
            "password": "a long enough passphrase",
        },
    )
    assert signed_in.status_code == 302


def test_admin_gives_an_existing_person_sign_in_access(client, make_user, make_person):
    person = make_person(full_name="Hector Alvarez", email="hector@abc.example.org")
    sign_in(client, make_user(role="admin"))
    form = client.get(f"/admin/users/new?person={person.id}").text
    assert "Give Hector Alvarez sign-in access" in form
    assert "hector@abc.example.org" in form
    response = client.post(
        f"/admin/users/new?person={person.id}",
        data=new_user_form(email="hector@abc.example.org", full_name=""),
    )
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.user is not None and person.user.email == "hector@abc.example.org"


def test_new_user_bad_input_is_refused(client, make_user):
    admin = make_user(role="admin")
    sign_in(client, admin)
    count = db.session.scalar(db.select(db.func.count(User.id)))
    short = client.post("/admin/users/new", data=new_user_form(password="short"))
    assert "Field must be between 12 and 128 characters long." in short.text
    taken = client.post(
        "/admin/users/new", data=new_user_form(email=admin.email.upper())
    )
    assert "Another user already signs in with this email." in taken.text
    nameless = client.post("/admin/users/new", data=new_user_form(full_name=""))
    assert "A new user needs a name." in nameless.text
    role = client.post("/admin/users/new", data=new_user_form(site_role="superuser"))
    assert "Not a valid choice." in role.text
    assert db.session.scalar(db.select(db.func.count(User.id))) == count


def test_admin_resets_a_password_and_the_old_one_stops_working(client, make_user, app):
    user = make_user()
    sign_in(client, make_user(role="admin"))
    response = client.post(
        f"/admin/users/{user.id}/edit",
        data={
            "email": user.email,
            "site_role": "member",
            "active": "y",
            "new_password": "brand new passphrase",
            "version": user.version,
        },
    )
    assert response.status_code == 302
    fresh = app.test_client()
    old = fresh.post("/login", data={"email": user.email, "password": PASSWORD})
    assert old.status_code == 200
    new = fresh.post(
        "/login", data={"email": user.email, "password": "brand new passphrase"}
    )
    assert new.status_code == 302
    events = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.object_type == "users")
    ).all()
    assert "reset_password" in [e.action for e in events]
    assert all("brand new" not in str(e.changes) for e in events)


def test_an_admin_cannot_demote_or_deactivate_themself(client, make_user):
    admin = make_user(role="admin")
    sign_in(client, admin)
    response = client.post(
        f"/admin/users/{admin.id}/edit",
        data={
            "email": admin.email,
            "site_role": "member",
            "active": "y",
            "version": admin.version,
        },
    )
    assert "You cannot remove your own administrator access." in response.text
    db.session.refresh(admin)
    assert admin.is_admin


def test_user_list_shows_roles_and_status(client, make_user):
    sign_in(client, make_user(role="admin"))
    gone = make_user(role="read_only")
    gone.active = False
    db.session.commit()
    page = client.get("/admin/users").text
    assert "Read-only" in page and "Deactivated" in page
