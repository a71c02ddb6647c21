"""Signing in under attack: lockout, rate limits, session lifetimes, the second
factor at sign-in, the sign-in banner, cookies and security headers."""

import re
import threading
from collections import Counter

from limits.storage import RedisStorage, storage_from_string

from caseboard.config import Config
from caseboard.extensions import db
from caseboard.models import AuditEvent, User
from caseboard.models.base import utcnow
from caseboard.passwords import time_step, totp
from caseboard.services.account import enable_second_factor
from tests.conftest import sign_in
from tests.factories import PASSWORD

BAD = "That email and password do not match an active account."


def login(client, email, password=PASSWORD, address="127.0.0.1", **extra):
    return client.post(
        "/login",
        data={"email": email, "password": password, **extra},
        environ_base={"REMOTE_ADDR": address},
    )


def events(user, action=None):
    query = db.select(AuditEvent).where(
        AuditEvent.object_type == "users", AuditEvent.object_id == user.id
    )
    if action:
        query = query.where(AuditEvent.action == action)
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


def reasons(user):
    return Counter(e.changes["reason"][1] for e in events(user, "sign_in_failed"))


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


# --- Lockout -------------------------------------------------------------------


def test_the_fifth_wrong_password_locks_the_account_and_is_audited(client, make_user):
    user = make_user()
    for _ in range(4):
        assert BAD in login(client, user.email, "not the password").text
    assert not events(user, "lockout")
    login(client, user.email, "not the password")
    assert len(events(user, "lockout")) == 1
    db.session.refresh(user)
    assert user.is_locked

    refused = login(client, user.email, PASSWORD)
    assert BAD in refused.text
    assert "locked for 30 minutes" in refused.text  # the hint, shown to everyone
    assert not signed_in(client)
    assert reasons(user) == {"wrong password": 5, "locked": 1}


def test_fifty_parallel_guesses_check_at_most_five_passwords(app, db, make_user):
    """The count is one UPDATE per attempt, so parallel requests cannot all
    read "four failures so far": exactly five guesses are checked."""
    user = make_user()
    email, user_id = user.email, user.id
    db.session.rollback()  # the test's own transaction would hold SQLite's lock
    start = threading.Barrier(50)
    answers: list[int] = []

    def guess(n: int) -> None:
        client = app.test_client()
        start.wait()
        response = login(client, email, f"guess number {n}", address=f"10.9.0.{n}")
        answers.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [200] * 50
    user = db.session.get(User, user_id)
    assert reasons(user) == {"wrong password": 5, "locked": 45}
    assert len(events(user, "lockout")) == 1
    assert BAD in login(app.test_client(), email, PASSWORD).text


def test_an_administrator_unlocks_an_account(client, app, make_user):
    user = make_user()
    for _ in range(5):
        login(client, user.email, "not the password")
    admin_client = sign_in(app.test_client(), make_user(role="admin"))
    page = admin_client.get(f"/admin/users/{user.id}/edit").text
    assert "Locked after too many failed sign-ins" in page
    response = admin_client.post(f"/admin/users/{user.id}/unlock")
    assert response.status_code == 302
    assert "can sign in again" in admin_client.get(response.headers["Location"]).text
    assert len(events(user, "unlock")) == 1
    assert login(client, user.email).status_code == 302
    again = admin_client.post(f"/admin/users/{user.id}/unlock", follow_redirects=True)
    assert "This account is not locked." in again.text


def test_a_lockout_runs_out_after_the_configured_time(client, make_user, clock):
    user = make_user()
    for _ in range(5):
        login(client, user.email, "not the password")
    clock.advance(minutes=29)
    assert BAD in login(client, user.email).text
    clock.advance(minutes=2)
    assert login(client, user.email).status_code == 302


def test_failures_older_than_the_window_do_not_count(client, make_user, clock):
    user = make_user()
    for _ in range(4):
        login(client, user.email, "not the password")
    clock.advance(minutes=16)
    for _ in range(4):
        login(client, user.email, "not the password")
    assert not events(user, "lockout")
    assert login(client, user.email).status_code == 302


def test_a_right_password_clears_the_count(client, make_user):
    user = make_user()
    for _ in range(4):
        login(client, user.email, "not the password")
    assert login(client, user.email).status_code == 302
    client.post("/logout")
    for _ in range(4):
        login(client, user.email, "not the password")
    assert not events(user, "lockout")


# --- Rate limit per client address ------------------------------------------------


def test_sign_in_posts_are_rate_limited_per_address(
    app, client, make_user, monkeypatch
):
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN", "3 per minute")
    user = make_user()
    address = "198.51.100.7"
    for _ in range(3):
        assert login(client, user.email, "wrong", address=address).status_code == 200
    refused = login(client, user.email, PASSWORD, address=address)
    assert refused.status_code == 429
    assert "Too many sign-in attempts" in refused.text
    assert "Wait a few minutes" in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert not signed_in(client)
    # Reading the form is not limited, and another address is not affected.
    assert (
        client.get("/login", environ_base={"REMOTE_ADDR": address}).status_code == 200
    )
    assert login(client, user.email, address="198.51.100.8").status_code == 302


def test_the_code_step_is_rate_limited_too(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_SIGN_IN", "2 per minute")
    address = {"REMOTE_ADDR": "198.51.100.9"}
    for _ in range(2):
        client.post("/login/code", data={"code": "123456"}, environ_base=address)
    refused = client.post("/login/code", data={"code": "1"}, environ_base=address)
    assert refused.status_code == 429


def test_redis_holds_the_counts_when_configured(monkeypatch):
    monkeypatch.setenv("CASEBOARD_REDIS_URL", "redis://cache.internal:6379/2")
    uri = Config().RATELIMIT_STORAGE_URI
    assert uri == "redis://cache.internal:6379/2"
    assert isinstance(storage_from_string(uri), RedisStorage)  # connects lazily
    monkeypatch.delenv("CASEBOARD_REDIS_URL")
    assert Config().RATELIMIT_STORAGE_URI == "memory://"


# --- Sessions --------------------------------------------------------------------


def copy_of(app, client):
    """Another browser holding the same session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_signing_out_refuses_a_copied_cookie_and_every_other_session(
    app, client, make_user
):
    user = make_user()
    login(client, user.email)
    laptop = app.test_client()
    login(laptop, user.email)
    thief = copy_of(app, client)
    assert signed_in(thief) and signed_in(laptop)
    client.post("/logout")
    assert not signed_in(thief)
    assert not signed_in(laptop)
    assert len(events(user, "sign_out")) == 1


def test_a_new_password_refuses_a_copied_cookie_but_keeps_this_session(
    app, client, make_user
):
    user = make_user()
    login(client, user.email)
    thief = copy_of(app, client)
    response = client.post(
        "/account/security/password",
        data={
            "current_password": PASSWORD,
            "new_password": "violet kettle under the bridge",
            "confirm": "violet kettle under the bridge",
        },
    )
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(thief)


def test_deactivation_refuses_a_copied_cookie(app, client, make_user):
    user = make_user()
    login(client, user.email)
    thief = copy_of(app, client)
    admin_client = sign_in(app.test_client(), make_user(role="admin"))
    admin_client.post(
        f"/admin/users/{user.id}/edit",
        data={"email": user.email, "site_role": "member", "version": user.version},
    )
    assert not signed_in(thief)
    assert not signed_in(client)


def test_a_session_ends_after_thirty_idle_minutes(client, make_user, clock):
    user = make_user()
    login(client, user.email)
    clock.advance(minutes=29)
    assert signed_in(client)
    clock.advance(minutes=29)  # 58 minutes in, but never 30 idle
    assert signed_in(client)
    clock.advance(minutes=31)
    response = client.get("/cases")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    page = client.get(response.headers["Location"]).text
    assert "signed out after 30 minutes without activity" in page
    assert not signed_in(client)


def test_a_session_ends_twelve_hours_after_sign_in_however_active(
    client, make_user, clock
):
    user = make_user()
    login(client, user.email, remember="y")
    for _ in range(35):  # 11 h 40 min of a request every 20 minutes
        clock.advance(minutes=20)
        assert signed_in(client)
    clock.advance(minutes=21)
    response = client.get("/")
    assert response.status_code == 302
    assert "12 hours after signing in" in client.get("/login").text


def test_keep_me_signed_in_sets_no_long_lived_cookie(client, make_user):
    user = make_user()
    response = login(client, user.email, remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    assert not any(c.startswith("remember_token") for c in cookies)
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "Expires=" in session_cookie  # survives closing the browser, <= 12 h


def test_session_cookies_are_httponly_lax_and_secure_when_configured(
    app, client, make_user, monkeypatch
):
    user = make_user()
    cookie = login(client, user.email).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    client.post("/logout")
    cookie = login(app.test_client(), user.email).headers["Set-Cookie"]
    assert "Secure" in cookie


# --- The second factor at sign-in -------------------------------------------------


def give_second_factor(user):
    """Turn TOTP on as the set-up page would; returns the secret and the
    recovery codes. The current step's code is used up by the set-up."""
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    codes = enable_second_factor(
        user, secret, totp(secret, time_step(utcnow())), PASSWORD
    )
    db.session.commit()
    return secret, codes


def code_for(secret, clock=None, steps_ahead=0):
    moment = clock.now() if clock else utcnow()
    return totp(secret, time_step(moment) + steps_ahead)


def test_a_second_factor_user_needs_a_code_after_the_password(client, make_user):
    user = make_user()
    secret, _ = give_second_factor(user)
    response = login(client, user.email)
    assert response.headers["Location"].startswith("/login/code")
    assert not signed_in(client)  # the password alone signs no one in
    wrong = client.post("/login/code", data={"code": "000000"})
    assert "That code is not right" in wrong.text
    # The set-up used the current step's code; the next one is within the window.
    right = client.post("/login/code", data={"code": code_for(secret, steps_ahead=1)})
    assert right.status_code == 302 and right.headers["Location"] == "/"
    assert signed_in(client)
    sign_in_event = events(user, "sign_in")[-1]
    assert sign_in_event.changes == {"second_factor": [None, "authenticator app"]}


def test_a_code_cannot_be_replayed_within_its_window(app, make_user, clock):
    user = make_user()
    secret, _ = give_second_factor(user)
    clock.advance(seconds=30)
    code = code_for(secret, clock)
    first, second = app.test_client(), app.test_client()
    login(first, user.email)
    assert first.post("/login/code", data={"code": code}).status_code == 302
    login(second, user.email)
    replay = second.post("/login/code", data={"code": code})
    assert "That code is not right, or was already used." in replay.text
    # Nor an older one still inside the ±1 step window.
    older = second.post("/login/code", data={"code": code_for(secret, clock, -1)})
    assert older.status_code == 200
    assert not signed_in(second)


def test_a_recovery_code_works_once(app, make_user):
    user = make_user()
    _, codes = give_second_factor(user)
    first = app.test_client()
    login(first, user.email)
    typed = codes[3].upper().replace("-", " ")  # as read off paper
    assert first.post("/login/code", data={"code": typed}).status_code == 302
    assert events(user, "sign_in")[-1].changes["second_factor"][1] == "recovery code"
    second = app.test_client()
    login(second, user.email)
    assert second.post("/login/code", data={"code": codes[3]}).status_code == 200
    assert second.post("/login/code", data={"code": codes[4]}).status_code == 302


def test_wrong_codes_count_towards_the_lockout(client, make_user):
    user = make_user()
    secret, _ = give_second_factor(user)
    login(client, user.email)
    for _ in range(5):
        client.post("/login/code", data={"code": "000000"})
    assert len(events(user, "lockout")) == 1
    right = client.post("/login/code", data={"code": code_for(secret, steps_ahead=1)})
    assert right.status_code == 200 and not signed_in(client)


def test_the_code_step_expires_and_needs_the_password_first(client, make_user, clock):
    assert client.get("/login/code").headers["Location"].startswith("/login")
    user = make_user()
    secret, _ = give_second_factor(user)
    login(client, user.email)
    clock.advance(minutes=6)
    late = client.post("/login/code", data={"code": code_for(secret, clock)})
    assert late.status_code == 302 and late.headers["Location"].startswith("/login")
    assert not signed_in(client)


def test_an_administrator_without_a_second_factor_sets_one_up_first(
    app, client, make_user, monkeypatch, clock
):
    monkeypatch.setitem(app.config, "REQUIRE_MFA_FOR_ADMINS", True)
    admin = make_user(role="admin")
    assert login(client, admin.email).status_code == 302
    for url in ["/", "/cases", "/admin/users", "/account/security"]:
        response = client.get(url)
        assert response.headers["Location"] == "/account/security/second-factor", url
    page = client.get("/account/security/second-factor")
    assert page.status_code == 200
    secret = re.search(r"secret=([A-Z2-7]+)", page.text).group(1)
    done = client.post(
        "/account/security/second-factor",
        data={"code": code_for(secret, clock), "password": PASSWORD},
    )
    assert "Your recovery codes" in done.text
    assert signed_in(client)
    # Members are never sent there.
    member_client = app.test_client()
    login(member_client, make_user().email)
    assert signed_in(member_client)


def test_with_the_requirement_off_administrators_are_not_redirected(client, make_user):
    admin = make_user(role="admin")
    login(client, admin.email)
    assert signed_in(client)


# --- The sign-in banner -------------------------------------------------------------


def test_a_sign_in_banner_must_be_acknowledged(app, client, make_user, monkeypatch):
    notice = "Authorized use only.\nActivity is recorded."
    monkeypatch.setitem(app.config, "SIGN_IN_BANNER", notice)
    user = make_user()
    form = client.get("/login").text
    assert "Authorized use only." in form and "I have read this notice" in form
    refused = login(client, user.email)
    assert "Confirm that you have read the notice first." in refused.text
    assert not signed_in(client)
    assert not events(user, "sign_in_failed")  # refused before any check
    assert login(client, user.email, acknowledge="y").status_code == 302


def test_without_a_banner_there_is_nothing_to_acknowledge(client, make_user):
    assert "I have read this notice" not in client.get("/login").text
    assert login(client, make_user().email).status_code == 302


# --- Headers and the Content-Security-Policy -----------------------------------------


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_pages_carry_a_strict_policy_and_no_inline_code(
    client, make_user, make_case, make_meeting
):
    admin = make_user(role="admin")
    case = make_case()
    meeting = make_meeting(case=case)
    anonymous = client.get("/login")
    sign_in(client, admin)
    pages = [anonymous] + [
        client.get(url)
        for url in [
            "/",
            f"/cases/{case.id}",
            f"/meetings/{meeting.id}",
            "/network",
            f"/people/{admin.person_id}",
            "/account/security",
            "/account/security/second-factor",
            f"/admin/users/{admin.id}/edit",
            "/nowhere",
        ]
    ]
    for page in pages:
        policy = page.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["Referrer-Policy"] == "same-origin"
        for pattern, what in INLINE:
            assert not pattern.search(page.text), (page.request.path, what)


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_account_pages_are_never_cached(client, make_user):
    sign_in(client, make_user())
    assert client.get("/account/security").headers["Cache-Control"] == "no-store"
