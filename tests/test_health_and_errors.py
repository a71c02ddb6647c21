import pytest
from sqlalchemy.exc import OperationalError

from caseboard.extensions import db
from tests.conftest import sign_in


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
