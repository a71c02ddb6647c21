import re

from caseboard.extensions import db
from caseboard.models import AuditEvent
from tests.conftest import sign_in
from tests.factories import PASSWORD

BAD = "That email and password do not match an active account."


def login(client, email, password, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


def test_sign_in_with_the_form_reaches_the_dashboard(client, make_user):
    user = make_user()
    response = login(client, user.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/")
    assert user.person.full_name.split()[0] in page.text


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    user = make_user()
    wrong_password = login(client, user.email, "not the password at all")
    unknown_email = login(client, "nobody@example.org", PASSWORD)
    assert BAD in wrong_password.text and BAD in unknown_email.text
    strip = lambda text: text.replace(user.email, "").replace(  # noqa: E731
        "nobody@example.org", ""
    )
    assert strip(wrong_password.text) == strip(unknown_email.text)
    assert client.get("/").status_code == 302  # still signed out


def test_a_failed_sign_in_is_audited(client, make_user):
    user = make_user()
    login(client, user.email, "wrong wrong wrong")
    actions = db.session.scalars(
        db.select(AuditEvent.action).where(AuditEvent.object_id == user.id)
    ).all()
    assert "sign_in_failed" in actions


def test_a_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user()
    user.active = False
    db.session.commit()
    assert BAD in login(client, user.email, PASSWORD).text


def test_a_locked_account_gets_the_same_answer_as_a_wrong_password(client, make_user):
    locked, other = make_user(), make_user()
    for _ in range(5):
        login(client, locked.email, "not the password at all")
    on_locked = login(client, locked.email, PASSWORD)
    on_other = login(client, other.email, "not the password at all")
    assert BAD in on_locked.text
    strip = lambda text: text.replace(locked.email, "").replace(  # noqa: E731
        other.email, ""
    )
    assert strip(on_locked.text) == strip(on_other.text)


def test_sign_in_follows_next_only_within_the_site(client, make_user):
    user = make_user()
    response = client.post(
        "/login?next=/people", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/people"
    client.post("/logout")
    response = client.post(
        "/login?next=https://evil.example.com/",
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_sign_out_needs_a_post_and_ends_every_session_of_the_user(
    app, client, make_user
):
    user = make_user()
    sign_in(client, user)
    other_device = sign_in(app.test_client(), user)
    confirm = client.get("/logout")
    assert confirm.status_code == 200 and "Sign out?" in confirm.text
    assert client.get("/").status_code == 200  # a GET changed nothing
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302
    assert other_device.get("/").status_code == 302
    assert "signed out, on this device and every other" in client.get("/login").text


def test_deactivating_a_user_refuses_their_copied_cookie(client, make_user, app):
    admin = make_user(role="admin")
    victim = make_user()
    victim_client = app.test_client()
    sign_in(victim_client, victim)
    assert victim_client.get("/").status_code == 200
    sign_in(client, admin)
    response = client.post(
        f"/admin/users/{victim.id}/edit",
        data={"email": victim.email, "site_role": "member", "version": victim.version},
    )
    assert response.status_code == 302
    assert victim_client.get("/").status_code == 302


def test_sign_in_refuses_a_post_without_a_valid_csrf_token(app, client, make_user):
    user = make_user()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = login(client, user.email, PASSWORD, csrf_token="forged")
        assert refused.status_code == 400
        assert "nothing was saved" in refused.text
        token = csrf_token_from(client.get("/login").text)
        accepted = login(client, user.email, PASSWORD, csrf_token=token)
        assert accepted.status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def csrf_token_from(html: str) -> str:
    match = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', html
    ) or re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)
