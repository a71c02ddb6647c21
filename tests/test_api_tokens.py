"""Personal API tokens: made at Security (shown once, kept hashed), listed,
revoked by their user or an administrator, printed by the CLI; a revoked or
expired token gets 401, a read token 403 on a write, and a write through a
token is audited with the token's name."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import ApiToken, AuditEvent
from caseboard.models.base import utcnow
from caseboard.services.api_tokens import digest
from tests.api_client import bearer, token_for
from tests.conftest import sign_in


def test_a_token_is_shown_once_and_kept_only_as_a_digest(client, make_user):
    user = make_user()
    sign_in(client, user)
    page = client.post(
        "/account/tokens",
        data={"name": "nightly 311 import", "scope": "write", "expires_days": "30"},
    )
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    token = db.session.scalars(select(ApiToken)).one()
    secret = text.split('id="secret"')[1].split('value="')[1].split('"')[0]
    assert secret.startswith("cbt_")
    assert token.secret_hash == digest(secret) and secret not in token.secret_hash
    assert token.name == "nightly 311 import" and token.scope == "write"
    assert timedelta(days=29) < token.expires_at - utcnow() <= timedelta(days=30)
    security = client.get("/account/security").get_data(as_text=True)
    assert "nightly 311 import" in security and secret not in security
    answer = client.get("/api/v1/tasks", headers=bearer(secret))
    assert answer.status_code == 200


def test_a_token_without_a_name_is_not_made(client, make_user):
    sign_in(client, make_user())
    client.post("/account/tokens", data={"name": " ", "scope": "read"})
    assert db.session.scalars(select(ApiToken)).all() == []


def test_revoked_and_expired_tokens_get_401(client, make_user):
    user = make_user()
    revoked, expired = token_for(user), token_for(user)
    sign_in(client, user)
    first = db.session.scalars(select(ApiToken).order_by(ApiToken.id)).first()
    assert client.post(f"/account/tokens/{first.id}/revoke").status_code == 302
    last = db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
    last.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    for secret, why in ((revoked, "revoked"), (expired, "expired")):
        answer = client.get("/api/v1/tasks", headers=bearer(secret))
        assert answer.status_code == 401
        assert answer.mimetype == "application/problem+json"
        assert why in answer.json["detail"]
        assert 'error="invalid_token"' in answer.headers["WWW-Authenticate"]
    for headers in ({}, bearer("cbt_made-up"), {"Authorization": "Basic eDp5"}):
        assert client.get("/api/v1/tasks", headers=headers).status_code == 401


def test_no_cookie_is_accepted_or_set_on_the_api(client, make_user):
    """A browser's session cannot be used against the API (so no CSRF)."""
    sign_in(client, make_user())
    answer = client.get("/api/v1/tasks")
    assert answer.status_code == 401
    assert "Set-Cookie" not in answer.headers


def test_someone_elses_token_is_not_theirs_to_revoke_but_an_admins(client, make_user):
    owner, other, admin = make_user(), make_user(), make_user(role="admin")
    secret = token_for(owner)
    token = db.session.scalars(select(ApiToken)).one()
    sign_in(client, other)
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 404
    assert client.get("/account/tokens/all").status_code == 403
    assert client.get("/api/v1/tasks", headers=bearer(secret)).status_code == 200
    sign_in(client, admin)
    listing = client.get("/account/tokens/all").get_data(as_text=True)
    assert owner.email in listing
    client.post(f"/account/tokens/{token.id}/revoke")
    assert client.get("/api/v1/tasks", headers=bearer(secret)).status_code == 401


def test_a_read_token_may_not_write(client, make_task):
    task = make_task()
    secret = token_for(task.created_by, "read")
    answer = client.post(
        f"/api/v1/tasks/{task.id}/comments",
        json={"body": "Done"},
        headers=bearer(secret),
    )
    assert answer.status_code == 403
    assert answer.mimetype == "application/problem+json"
    assert task.comments == []


def test_a_write_through_a_token_is_audited_with_its_name(client, make_task):
    task = make_task()
    secret = token_for(task.created_by, "write")
    answer = client.post(
        f"/api/v1/tasks/{task.id}/comments",
        json={"body": "Called the owner"},
        headers=bearer(secret),
    )
    assert answer.status_code == 201
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "add_comment")
    ).one()
    assert event.actor_id == task.created_by_id
    assert event.changes["api_token"] == [None, "test write"]


def test_the_cli_prints_a_token(app, make_user):
    user = make_user()
    result = app.test_cli_runner().invoke(
        args=[
            "token", "create", user.email, "--name", "dashboard",
            "--scope", "read", "--expires-days", "7",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    token = db.session.scalars(select(ApiToken)).one()
    assert token.secret_hash == digest(secret) and token.scope == "read"
    refused = app.test_cli_runner().invoke(
        args=["token", "create", "nobody@example.org", "--name", "x"]
    )
    assert refused.exit_code == 1


def test_each_token_has_its_own_rate_limit(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_API", "2 per minute")
    user = make_user()
    busy, other = token_for(user, "read"), token_for(user, "read")
    answers = [client.get("/api/v1/tasks", headers=bearer(busy)) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].mimetype == "application/problem+json"
    assert int(answers[2].headers["Retry-After"]) > 0
    assert client.get("/api/v1/tasks", headers=bearer(other)).status_code == 200


def test_a_contact_is_logged_as_on_the_page(client, make_user, make_person):
    user = make_user()
    partner = make_person()
    answer = client.post(
        "/api/v1/contacts",
        json={
            "occurred_on": "2026-01-05",
            "kind": "call",
            "people": [user.person_id, partner.id],
        },
        headers=bearer(token_for(user)),
    )
    assert answer.status_code == 201, answer.json
    assert sorted(answer.json["people"]) == sorted([user.person_id, partner.id])
    lonely = client.post(
        "/api/v1/contacts",
        json={"occurred_on": "2026-01-05", "kind": "call", "people": [1, 1]},
        headers=bearer(token_for(user)),
    )
    assert lonely.status_code == 422


def test_contact_details_only_under_the_pages_rule(
    client, make_user, make_person, make_organization
):
    """A colleague sees a person's phone; someone of another organization
    gets the person without it (the leak probes' rule for the pages)."""
    home = make_organization()
    person = make_person(organization=home, phone="555-0100", email="p@example.org")
    colleague, stranger = make_user(organization=home), make_user()
    url = f"/api/v1/people/{person.id}"
    near = client.get(url, headers=bearer(token_for(colleague, "read"))).json
    far = client.get(url, headers=bearer(token_for(stranger, "read")))
    assert near["phone"] == "555-0100" and near["contact_details_shown"]
    assert far.json["phone"] is None and not far.json["contact_details_shown"]
    assert "555-0100" not in far.get_data(as_text=True)
    listed = client.get("/api/v1/people", headers=bearer(token_for(stranger, "read")))
    assert "555-0100" not in listed.get_data(as_text=True)
