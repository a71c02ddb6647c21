"""/account/security: the password, the second factor, recovery codes and
sessions, each change audited without its secrets; and the building blocks
(RFC 6238 codes, the common-password check)."""

import json
import re

import pytest

from caseboard.extensions import db
from caseboard.models import AuditEvent
from caseboard.models.base import utcnow
from caseboard.models.users import RecoveryCode
from caseboard.passwords import (
    hash_recovery_code,
    is_common,
    matching_totp_step,
    password_problem,
    time_step,
    totp,
    totp_uri,
)
from tests.conftest import sign_in
from tests.factories import PASSWORD

NEW = "violet kettle under the bridge"
COMMON = "That password is one of the first that attackers try."


def actions(user):
    return db.session.scalars(
        db.select(AuditEvent.action)
        .where(AuditEvent.object_type == "users", AuditEvent.object_id == user.id)
        .order_by(AuditEvent.id)
    ).all()


def change(client, current=PASSWORD, new=NEW, confirm=None):
    return client.post(
        "/account/security/password",
        data={
            "current_password": current,
            "new_password": new,
            "confirm": confirm or new,
        },
    )


def set_up(client, clock=None, password=PASSWORD):
    """Open the set-up page, read the key as a person would, type the code."""
    page = client.get("/account/security/second-factor").text
    secret = re.search(r"secret=([A-Z2-7]+)", page).group(1)
    moment = clock.now() if clock else utcnow()
    done = client.post(
        "/account/security/second-factor",
        data={"code": totp(secret, time_step(moment)), "password": password},
    )
    codes = re.findall(r"<code>([a-z2-9]{4}(?:-[a-z2-9]{4}){3})</code>", done.text)
    return secret, codes, done


# --- The building blocks --------------------------------------------------------


# RFC 6238, appendix B: the SHA-1 key is the ASCII "12345678901234567890".
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


@pytest.mark.parametrize(
    ("unix_time", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_totp_matches_the_rfc_6238_test_vectors(unix_time, code):
    assert totp(RFC_SECRET, unix_time // 30, digits=8) == code
    assert totp(RFC_SECRET, unix_time // 30) == code[-6:]


def test_a_code_matches_one_step_either_side_and_never_a_used_step(clock):
    now = clock.now()
    step = time_step(now)
    for drift in (-1, 0, 1):
        code = totp(RFC_SECRET, step + drift)
        assert matching_totp_step(RFC_SECRET, code, now) == step + drift
    assert matching_totp_step(RFC_SECRET, totp(RFC_SECRET, step + 2), now) is None
    assert matching_totp_step(RFC_SECRET, totp(RFC_SECRET, step), now, step) is None
    spaced = totp(RFC_SECRET, step)[:3] + " " + totp(RFC_SECRET, step)[3:]
    assert matching_totp_step(RFC_SECRET, spaced, now) == step
    assert matching_totp_step(RFC_SECRET, "12345", now) is None


def test_the_otpauth_address_names_the_account_and_the_settings():
    uri = totp_uri(RFC_SECRET, "ana@example.org")
    assert uri.startswith("otpauth://totp/Caseboard%3Aana%40example.org?")
    assert f"secret={RFC_SECRET}" in uri
    assert "issuer=Caseboard" in uri and "digits=6" in uri and "period=30" in uri


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "Password1234!",
        "qwertyuiop123",
        "123456789012",
        "iloveyou2024!!",
        "1q2w3e4r5t6y",
        "aaaaaaaaaaaaaaaa",
        "abababababab",
    ],
)
def test_common_passwords_and_their_padded_variants_are_refused(password):
    assert password_problem(password) is not None


@pytest.mark.parametrize(
    "password", [PASSWORD, NEW, "a long enough passphrase", "caseboard-demo"]
)
def test_ordinary_passphrases_pass(password):
    assert not is_common(password)
    assert password_problem(password) is None


def test_the_list_holds_thousands_of_passwords():
    from caseboard.passwords import common_passwords

    assert len(common_passwords()) > 10_000


def test_a_password_may_be_as_long_as_128_characters():
    assert password_problem("unrelated words " * 8) is None  # 128
    assert (
        password_problem("x" + "unrelated words " * 8) == "Use at most 128 characters."
    )


# --- Changing the password ----------------------------------------------------------


def test_changing_the_password(app, client, make_user):
    user = make_user()
    sign_in(client, user)
    response = change(client)
    assert response.status_code == 302
    assert "Password changed" in client.get("/account/security").text
    assert actions(user).count("change_password") == 1
    fresh = app.test_client()
    assert (
        fresh.post("/login", data={"email": user.email, "password": NEW}).status_code
        == 302
    )
    old = app.test_client().post(
        "/login", data={"email": user.email, "password": PASSWORD}
    )
    assert old.status_code == 200


def test_a_common_new_password_is_refused_with_a_clear_message(client, make_user):
    sign_in(client, make_user())
    response = change(client, new="Password12345")
    assert COMMON in response.text


def test_other_refusals_of_a_new_password(client, make_user):
    user = make_user()
    sign_in(client, user)
    assert "The two new passwords differ." in change(client, confirm=NEW + "!").text
    assert "Field must be between 12 and 128" in change(client, new="short").text
    assert "different from the current one" in change(client, new=PASSWORD).text
    wrong = change(client, current="not my password")
    assert "That is not your password." in wrong.text
    assert "change_password" not in actions(user)


def test_wrong_current_passwords_count_towards_the_lockout(client, make_user):
    user = make_user()
    sign_in(client, user)
    for _ in range(5):
        change(client, current="not my password")
    assert "lockout" in actions(user)
    refused = change(client)
    assert "Too many failed sign-ins" in refused.text
    assert "change_password" not in actions(user)


def test_an_administrator_reset_refuses_common_passwords(client, make_user):
    user = make_user()
    sign_in(client, make_user(role="admin"))
    response = client.post(
        f"/admin/users/{user.id}/edit",
        data={
            "email": user.email,
            "site_role": "member",
            "active": "y",
            "version": user.version,
            "new_password": "letmein123456",
        },
    )
    assert COMMON in response.text


# --- The second factor ---------------------------------------------------------------


def test_setting_up_the_second_factor_shows_the_key_and_ten_codes_once(
    client, make_user
):
    user = make_user()
    sign_in(client, user)
    page = client.get("/account/security/second-factor")
    assert "otpauth://totp/Caseboard" in page.text
    grouped_key = re.search(r"<code>([A-Z2-7]{4}(?: [A-Z2-7]{4}){7})</code>", page.text)
    assert grouped_key, "the key is shown in groups of four, to type"
    # The same key until it is confirmed (a reload must not change it).
    assert grouped_key.group(1) in client.get("/account/security/second-factor").text

    secret, codes, done = set_up(client)
    assert done.status_code == 200 and len(set(codes)) == 10
    db.session.refresh(user)
    assert user.totp_secret == secret and user.has_second_factor
    stored = db.session.scalars(
        db.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)
    ).all()
    assert sorted(stored) == sorted(hash_recovery_code(c) for c in codes)
    assert not any(code in stored for code in codes)  # hashes only
    assert (
        "10 of your recovery codes are unused" in client.get("/account/security").text
    )
    assert actions(user).count("second_factor_on") == 1


def test_a_wrong_code_or_password_does_not_turn_it_on(client, make_user):
    user = make_user()
    sign_in(client, user)
    client.get("/account/security/second-factor")
    wrong = client.post(
        "/account/security/second-factor", data={"code": "000000", "password": PASSWORD}
    )
    assert "That code does not match." in wrong.text
    secret = re.search(r"secret=([A-Z2-7]+)", wrong.text).group(1)
    no_password = client.post(
        "/account/security/second-factor",
        data={"code": totp(secret, time_step(utcnow())), "password": "not it"},
    )
    assert "That is not your password." in no_password.text
    db.session.refresh(user)
    assert not user.has_second_factor


def test_new_recovery_codes_replace_the_old_ones(app, client, make_user):
    user = make_user()
    sign_in(client, user)
    _, old_codes, _ = set_up(client)
    response = client.post(
        "/account/security/recovery-codes", data={"codes-password": PASSWORD}
    )
    new_codes = re.findall(r"<code>([a-z2-9-]{19})</code>", response.text)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert "recovery_codes_replaced" in actions(user)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.post("/login/code", data={"code": old_codes[0]}).status_code == 200
    assert other.post("/login/code", data={"code": new_codes[0]}).status_code == 302
    wrong = client.post(
        "/account/security/recovery-codes", data={"codes-password": "x"}
    )
    assert "That is not your password." in wrong.text


def test_turning_the_second_factor_off(client, make_user):
    user = make_user()
    sign_in(client, user)
    set_up(client)
    refused = client.post(
        "/account/security/second-factor/off", data={"off-password": "x"}
    )
    assert "That is not your password." in refused.text
    response = client.post(
        "/account/security/second-factor/off", data={"off-password": PASSWORD}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert not user.has_second_factor
    assert not db.session.scalars(
        db.select(RecoveryCode).where(RecoveryCode.user_id == user.id)
    ).all()
    assert "second_factor_off" in actions(user)


def test_required_administrators_cannot_turn_it_off(
    app, client, make_user, monkeypatch
):
    monkeypatch.setitem(app.config, "REQUIRE_MFA_FOR_ADMINS", True)
    admin = make_user(role="admin")
    sign_in(client, admin)
    set_up(client)
    page = client.get("/account/security").text
    assert "Turn off the second factor" not in page
    refused = client.post(
        "/account/security/second-factor/off", data={"off-password": PASSWORD}
    )
    assert "Administrators must keep a second factor" in refused.text


def test_moving_the_second_factor_to_a_new_phone(client, make_user, clock):
    user = make_user()
    sign_in(client, user)
    first, _, _ = set_up(client)
    clock.advance(seconds=30)
    second, _, done = set_up(client, clock)
    assert done.status_code == 200 and first != second
    db.session.refresh(user)
    assert user.totp_secret == second
    assert "second_factor_replaced" in actions(user)


def test_sign_out_everywhere_else_keeps_this_session(app, client, make_user):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    phone = app.test_client()
    phone.post("/login", data={"email": user.email, "password": PASSWORD})
    response = client.post("/account/security/sign-out-others")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    assert "sign_out_everywhere" in actions(user)


def test_no_secret_reaches_the_audit_trail(client, make_user):
    user = make_user()
    sign_in(client, user)
    change(client)
    secret, codes, _ = set_up(client, password=NEW)
    trail = json.dumps(
        [e.changes for e in db.session.scalars(db.select(AuditEvent)).all()]
    )
    for value in [PASSWORD, NEW, secret, *codes]:
        assert value not in trail


# --- Who may reach these pages ---------------------------------------------------


ACCOUNT_PAGES = ["/account/security", "/account/security/second-factor"]
ACCOUNT_POSTS = [
    "/account/security/password",
    "/account/security/second-factor",
    "/account/security/second-factor/off",
    "/account/security/recovery-codes",
    "/account/security/sign-out-others",
]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in ACCOUNT_PAGES:
        assert client.get(url).headers["Location"].startswith("/login"), url
    for url in ACCOUNT_POSTS:
        assert client.post(url).headers["Location"].startswith("/login"), url


@pytest.mark.parametrize("role", ["admin", "coordinator", "member", "read_only"])
def test_every_signed_in_user_manages_their_own_security(client, make_user, role):
    sign_in(client, make_user(role=role))
    for url in ACCOUNT_PAGES:
        assert client.get(url).status_code == 200, url
    assert "/account/security" in client.get("/").text  # linked from the menu


def test_an_administrator_resets_a_lost_second_factor(client, make_user):
    member = make_user()
    sign_in(client, member)
    set_up(client)
    db.session.refresh(member)
    assert member.has_second_factor
    other = client.application.test_client()
    sign_in(other, member)

    admin = make_user(role="admin")
    sign_in(client, admin)
    page = client.get(f"/admin/users/{member.id}/edit").text
    assert "Reset their second factor" in page
    done = client.post(
        f"/admin/users/{member.id}/second-factor/reset", follow_redirects=True
    )
    assert "second factor is cleared" in done.text
    db.session.refresh(member)
    assert not member.has_second_factor and not member.recovery_codes
    assert "second_factor_reset" in actions(member)
    # Their open sessions are over: the reset is for an account at risk.
    assert other.get("/").status_code == 302
    again = client.post(
        f"/admin/users/{member.id}/second-factor/reset", follow_redirects=True
    )
    assert "no second factor to reset" in again.text
