"""The second factor's secret at rest and its set-up page: encrypted under a
key derived from the secret key (rotatable), shown as a QR code drawn here."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from caseboard.extensions import db
from caseboard.keys import SecretKeyMismatch, key_id, sealed_key_id, totp_key
from caseboard.models import User
from caseboard.web import CONTENT_SECURITY_POLICY
from tests.conftest import sign_in
from tests.test_sign_in_security import code_for, give_second_factor, login

BEFORE_ENCRYPTION = "a4c8e2f6b1d3"


def stored(user: User) -> str:
    """The column as the database holds it, past the model."""
    return db.session.scalar(
        sa.text("SELECT totp_secret FROM users WHERE id = :id"), {"id": user.id}
    )


def test_the_secret_is_never_stored_in_the_clear(db, make_user):
    user = make_user()
    secret, _ = give_second_factor(user)
    raw = stored(user)
    assert secret not in raw
    assert raw.startswith(f"fernet:{key_id(totp_key())}:")
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret == secret


def test_upgrading_encrypts_the_secrets_already_there(app, db, make_user):
    user = make_user()
    user_id, secret = user.id, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    db.session.remove()
    try:
        downgrade(revision=BEFORE_ENCRYPTION)
        with db.engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE users SET totp_secret = :s WHERE id = :id"),
                {"s": secret, "id": user_id},
            )
    finally:
        upgrade()
    user = db.session.get(User, user_id)
    assert secret not in stored(user)
    assert user.totp_secret == secret  # the migration's key and the app's agree
    db.session.remove()
    downgrade(revision=BEFORE_ENCRYPTION)  # and back in the clear
    try:
        with db.engine.connect() as connection:
            assert (
                connection.execute(
                    sa.text("SELECT totp_secret FROM users WHERE id = :id"),
                    {"id": user_id},
                ).scalar()
                == secret
            )
    finally:
        upgrade()


def test_rotating_re_encrypts_under_the_new_secret_key(app, client, make_user):
    user = make_user()
    secret, _ = give_second_factor(user)
    old_key = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "a brand new secret key, long enough to use"
    try:
        db.session.expire_all()
        with pytest.raises(SecretKeyMismatch, match="secrets rotate"):
            _ = db.session.get(User, user.id).totp_secret
        runner = app.test_cli_runner()
        result = runner.invoke(
            args=["secrets", "rotate"], env={"CASEBOARD_OLD_SECRET_KEY": old_key}
        )
        assert result.exit_code == 0, result.output
        assert "Re-encrypted 1 second-factor secret(s)" in result.output
        db.session.expire_all()
        user = db.session.get(User, user.id)
        assert sealed_key_id(stored(user)) == key_id(totp_key())
        assert user.totp_secret == secret
        again = runner.invoke(
            args=["secrets", "rotate"], env={"CASEBOARD_OLD_SECRET_KEY": old_key}
        )
        assert "Re-encrypted 0" in again.output and "1 already" in again.output
    finally:
        app.config["SECRET_KEY"] = old_key


def test_a_secret_under_an_unknown_key_refuses_codes_not_the_request(
    app, client, make_user, monkeypatch
):
    user = make_user()
    secret, codes = give_second_factor(user)
    monkeypatch.setitem(app.config, "SECRET_KEY", "some other secret key entirely")
    login(client, user.email)
    refused = client.post("/login/code", data={"code": code_for(secret)})
    assert refused.status_code == 200  # no 500: the code just does not match
    used = client.post("/login/code", data={"code": codes[0]})
    assert used.status_code == 302, "a recovery code still signs in"


def test_the_set_up_page_shows_a_qr_code_drawn_here(client, make_user):
    user = make_user()
    sign_in(client, user)
    page = client.get("/account/security/second-factor").text
    assert '<img src="/account/security/second-factor/qr.svg"' in page
    assert "Current password" in page and "your current password" in page
    secret = re.search(r"secret=([A-Z2-7]+)", page).group(1)
    image = client.get("/account/security/second-factor/qr.svg")
    assert image.status_code == 200
    assert image.mimetype == "image/svg+xml"
    assert image.headers["Cache-Control"] == "no-store"
    svg = image.get_data(as_text=True)
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "<path" in svg
    # Nothing the page's policy forbids, and the secret not in plain sight.
    assert "style=" not in svg and "<script" not in svg and secret not in svg
    assert "img-src 'self'" in CONTENT_SECURITY_POLICY


def test_no_qr_code_without_a_set_up_in_progress(client, make_user):
    sign_in(client, make_user())
    assert client.get("/account/security/second-factor/qr.svg").status_code == 404


def test_an_administrator_who_must_set_up_first_can_see_the_qr_code(
    app, client, make_user, monkeypatch
):
    monkeypatch.setitem(app.config, "REQUIRE_MFA_FOR_ADMINS", True)
    sign_in(client, make_user(role="admin"))
    client.get("/account/security/second-factor")
    assert client.get("/account/security/second-factor/qr.svg").status_code == 200
