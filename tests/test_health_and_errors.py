import pytest
from sqlalchemy.exc import OperationalError

from caseboard.extensions import db
from tests.conftest import sign_in
from tests.factories import PASSWORD


def test_healthz_answers_200_when_the_database_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_not(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_a_missing_page_is_a_friendly_404(client, make_user):
    sign_in(client, make_user())
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Back to the dashboard" in response.text


def test_a_crash_is_a_friendly_500_without_a_traceback(
    app, client, make_user, monkeypatch
):
    sign_in(client, make_user())

    def crash(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("caseboard.views.main.recent_changes", crash)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "secret internals" not in response.text


def test_a_database_outage_is_a_503_to_retry_not_a_500(
    app, client, make_user, monkeypatch
):
    sign_in(client, make_user())

    def gone(*args, **kwargs):
        raise OperationalError(
            "SELECT 1", {}, Exception("server closed the connection")
        )

    monkeypatch.setattr("caseboard.views.main.recent_changes", gone)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "try again in a few seconds" in response.text


@pytest.mark.parametrize("header", ["application/json"])
def test_errors_answer_json_to_json_clients(client, make_user, header):
    sign_in(client, make_user())
    response = client.get("/people/424242", headers={"Accept": header})
    assert response.status_code == 404
    assert response.json["error"] == "Not found"


def test_every_response_carries_security_headers_and_a_request_id(client):
    response = client.get("/login")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert len(response.headers["X-Request-ID"]) == 32
    echoed = client.get("/login", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["X-Request-ID"] == "abc-123"
    forged = client.get("/login", headers={"X-Request-ID": "<script>"})
    assert forged.headers["X-Request-ID"] != "<script>"


# Caching of personal pages, and cookies behind an HTTPS proxy -----------------


def test_personal_pages_and_exports_are_never_stored_by_a_cache(client, world):
    """Person, case, notes, directory, exports, account: every page a view
    makes is personal or bound to the session, so all of them are no-store
    (static files, the same for everyone, are not)."""
    sign_in(client, world.admin)
    for url in [
        f"/people/{world.colleague.id}",
        f"/cases/{world.case.id}",
        "/people",
        "/organizations",
        "/account/security",
        "/network/export.csv",
        "/network/data.json",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    static = client.get("/static/css/caseboard.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_cookies_are_secure_when_the_proxy_says_https(
    app, client, make_user, monkeypatch
):
    """Behind a TLS proxy (X-Forwarded-Proto: https, trusted via ProxyFix) the
    session cookie ("keep me signed in" included) and any other cookie are
    Secure without CASEBOARD_SECURE_COOKIES; over plain HTTP they are not
    (the cookie would never come back)."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    assert not app.config["SESSION_COOKIE_SECURE"]
    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1, x_proto=1))
    user = make_user(email="proxied@example.org")
    form = {"email": "proxied@example.org", "password": PASSWORD, "remember": "y"}

    proxied = client.post("/login", data=form, headers={"X-Forwarded-Proto": "https"})
    cookies = proxied.headers.getlist("Set-Cookie")
    assert proxied.status_code == 302, proxied.status_code
    session_cookie = [c for c in cookies if c.startswith("session=")]
    # "Keep me signed in" is a lasting session cookie (it has an expiry).
    assert session_cookie and "Expires=" in session_cookie[0], cookies
    assert all("; Secure" in cookie for cookie in cookies), cookies

    plain = app.test_client().post("/login", data=form)
    assert plain.headers.getlist("Set-Cookie")
    assert not any("Secure" in c for c in plain.headers.getlist("Set-Cookie"))
    assert user.id


def test_every_cookie_set_over_https_is_marked_secure_once():
    from caseboard.web import SecureCookiesOverHttps

    def app(environ, start_response):
        start_response(
            "200 OK",
            [
                ("Set-Cookie", "remember_token=1; Path=/; HttpOnly"),
                ("Set-Cookie", "other=2; Secure; Path=/"),
                ("Content-Type", "text/plain"),
            ],
        )
        return [b""]

    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["headers"] = headers

    wrapped = SecureCookiesOverHttps(app)
    wrapped({"wsgi.url_scheme": "https"}, start_response)
    cookies = [v for k, v in seen["headers"] if k == "Set-Cookie"]
    assert cookies == [
        "remember_token=1; Path=/; HttpOnly; Secure",
        "other=2; Secure; Path=/",
    ]
    wrapped({"wsgi.url_scheme": "http"}, start_response)
    assert ("Set-Cookie", "remember_token=1; Path=/; HttpOnly") in seen["headers"]
