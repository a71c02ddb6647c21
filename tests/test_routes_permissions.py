"""Every route answers an anonymous visitor with the sign-in page, and each
area refuses the users who may not use it."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import ApiToken
from caseboard.models.base import utcnow
from tests.api_client import bearer, token_for
from tests.conftest import sign_in

# The calendar feed: calendar apps read it by the token in its URL (a
# made-up token is a 404; see tests/test_notifications_calendar.py). A mail's
# unsubscribe link works without signing in (tests/test_notifications_unsubscribe.py).
PUBLIC = {
    "auth.login",
    "main.healthz",
    "static",
    "calendar.feed",
    "unsubscribe.confirm",
}
# The API takes a token, never the sign-in page: without one, 401 (below).
API_PUBLIC = {"api-docs.openapi_json", "api_guide.documentation"}


def is_api(rule) -> bool:
    return rule.rule.startswith("/api/")


def concrete_urls(app):
    """Every rule of the app with its id placeholders filled in."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or is_api(rule):
            continue
        url = re.sub(r"<(?:int:)?\w+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def test_every_route_sends_an_anonymous_visitor_to_sign_in(app, client):
    urls = list(concrete_urls(app))
    assert len(urls) >= 15
    for endpoint, method, url in urls:
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, method, url)
        assert response.headers["Location"].startswith("/login"), (endpoint, url)


def test_public_routes_are_only_sign_in_health_static_files_and_the_feed(app, client):
    """Exactly these answer an anonymous visitor with anything but the
    sign-in page: asked, not listed, so an extra public route fails here."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints >= PUBLIC
    public = set()
    for rule in app.url_map.iter_rules():
        if is_api(rule):
            continue
        url = re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            to_sign_in = response.headers.get("Location", "").startswith("/login")
            if not (response.status_code == 302 and to_sign_in):
                public.add(rule.endpoint)
    assert public == PUBLIC


def test_every_api_operation_answers_a_caller_without_a_token_401(app, client):
    """With a problem document and a Bearer challenge; only the description
    of the API and its documentation page are open."""
    operations = 0
    for rule in app.url_map.iter_rules():
        if not is_api(rule) or rule.endpoint in API_PUBLIC:
            continue
        url = re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, json={})
            assert response.status_code == 401, (method, url)
            assert response.mimetype == "application/problem+json"
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            operations += 1
    assert operations >= 5
    for endpoint in API_PUBLIC:
        (rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
        assert client.get(rule.rule).status_code == 200


def test_every_api_operation_answers_a_revoked_or_expired_token_401(
    app, client, make_user
):
    """A token that was revoked, or has expired, opens no operation: 401
    with the reason, before any rule of the operation is asked."""
    user = make_user(role="admin")
    revoked, expired = token_for(user), token_for(user)
    first, last = db.session.scalars(select(ApiToken).order_by(ApiToken.id)).all()[-2:]
    first.revoked_at = utcnow()
    last.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    operations = 0
    for rule in app.url_map.iter_rules():
        if not is_api(rule) or rule.endpoint in API_PUBLIC:
            continue
        url = re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for secret, why in ((revoked, "revoked"), (expired, "expired")):
                response = client.open(
                    url, method=method, json={}, headers=bearer(secret)
                )
                assert response.status_code == 401, (method, url, why)
                assert why in response.json["detail"]
            operations += 1
    assert operations >= 20


def test_ping_answers_only_signed_in_users_with_their_name(client, make_user):
    assert client.get("/ping").headers["Location"].startswith("/login")
    user = make_user()
    sign_in(client, user)
    assert client.get("/ping").json == {"user": user.person.full_name}


ADMIN_URLS = ["/admin/users", "/admin/users/new", "/admin/audit", "/admin/mail"]


@pytest.mark.parametrize("role", ["coordinator", "member", "read_only"])
def test_only_administrators_reach_user_management(client, make_user, role):
    sign_in(client, make_user(role=role))
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 403, url
    assert client.post("/admin/users/new", data={}).status_code == 403
    assert client.post("/admin/users/1/unlock").status_code == 403


def test_administrator_reaches_user_management(client, make_user):
    admin = make_user(role="admin")
    sign_in(client, admin)
    for url in [*ADMIN_URLS, f"/admin/users/{admin.id}/edit"]:
        assert client.get(url).status_code == 200, url


ACCOUNT_URLS = ["/account/security", "/account/security/second-factor"]


@pytest.mark.parametrize("role", ["admin", "coordinator", "member", "read_only"])
def test_every_user_reaches_their_own_account_security(client, make_user, role):
    sign_in(client, make_user(role=role))
    for url in ACCOUNT_URLS:
        assert client.get(url).status_code == 200, url


def test_the_code_step_of_sign_in_needs_the_password_step_first(client):
    assert client.get("/login/code").headers["Location"].startswith("/login")
    assert client.post("/login/code").headers["Location"].startswith("/login")


@pytest.mark.parametrize(
    ("role", "own_org", "expected"),
    [
        ("admin", False, 200),
        ("coordinator", False, 200),
        ("member", True, 200),
        ("member", False, 403),
        ("read_only", True, 403),
    ],
)
def test_who_may_edit_an_organization(
    client, make_user, make_organization, role, own_org, expected
):
    organization = make_organization()
    user = make_user(role=role, organization=organization if own_org else None)
    sign_in(client, user)
    assert client.get(f"/organizations/{organization.id}").status_code == 200
    edit = f"/organizations/{organization.id}/edit"
    assert client.get(edit).status_code == expected
    page = client.get(f"/organizations/{organization.id}").text
    assert (edit in page) == (expected == 200)  # the button follows the rule


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 200), ("coordinator", 200), ("member", 403), ("read_only", 403)],
)
def test_who_may_create_an_organization(client, make_user, role, expected):
    sign_in(client, make_user(role=role))
    assert client.get("/organizations/new").status_code == expected


@pytest.fixture
def signed_in_near(client, make_user, make_person, make_organization):
    """Sign in a user of ``role``; answer a person who is them ("self"),
    works where they do ("colleague") or elsewhere ("stranger")."""

    def sign_in_as(role, relation):
        organization = make_organization()
        user = make_user(role=role, organization=organization)
        target = {
            "self": user.person,
            "colleague": make_person(organization=organization),
            "stranger": make_person(),
        }[relation]
        sign_in(client, user)
        return target

    return sign_in_as


@pytest.mark.parametrize(
    ("role", "relation", "expected"),
    [
        ("admin", "stranger", 200),
        ("coordinator", "stranger", 200),
        ("member", "self", 200),
        ("member", "colleague", 200),
        ("member", "stranger", 403),
        ("read_only", "self", 403),
    ],
)
def test_who_may_edit_a_person(client, signed_in_near, role, relation, expected):
    target = signed_in_near(role, relation)
    assert client.get(f"/people/{target.id}/edit").status_code == expected


@pytest.mark.parametrize(
    ("role", "relation", "expected"),
    [
        ("admin", "stranger", 302),
        # Editing a person is not changing who belongs to an organization:
        # a position opens the organization's restricted work.
        ("coordinator", "stranger", 403),
        ("member", "self", 302),  # leaving one's own position narrows access
        ("member", "colleague", 403),
        ("member", "stranger", 403),
        ("read_only", "self", 403),
    ],
)
def test_who_may_end_a_position(client, signed_in_near, role, relation, expected):
    target = signed_in_near(role, relation)
    end_url = f"/people/{target.id}/memberships/{target.memberships[0].id}/end"
    response = client.post(end_url, data={"ended_on": "2026-01-01"})
    assert response.status_code == expected


@pytest.mark.parametrize("role", ["admin", "coordinator", "member", "read_only"])
def test_history_pages_follow_who_may_see_the_case_or_person(
    client, make_user, make_case, make_person, role
):
    hidden = make_case(visibility="participants")
    shared = make_case()
    person = make_person()
    sign_in(client, make_user(role=role))
    assert client.get(f"/cases/{shared.id}/history").status_code == 200
    expected = 200 if role == "admin" else 404
    assert client.get(f"/cases/{hidden.id}/history").status_code == expected
    assert client.get(f"/people/{person.id}/history").status_code == 200


def test_read_only_users_cannot_add_people(client, make_user):
    sign_in(client, make_user(role="read_only"))
    assert client.get("/people/new").status_code == 403
    assert client.post("/people/new", data={"full_name": "X"}).status_code == 403


def test_unknown_ids_answer_404(client, make_user):
    sign_in(client, make_user(role="admin"))
    for url in ["/organizations/999", "/people/999", "/admin/users/999/edit"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Not found" in response.text
