"""Friendly error pages; JSON for clients that ask for it."""

from __future__ import annotations

from contextlib import suppress

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from caseboard import unit_of_work
from caseboard.api.problems import field_errors, is_api_request, problem
from caseboard.database import start_writing
from caseboard.extensions import db
from caseboard.loaders import HiddenObject
from caseboard.permissions import is_signed_in
from caseboard.services.audit import record

MESSAGES = {
    400: ("Something in that request was not right", "Go back and try again."),
    403: (
        "You cannot do that",
        "Your account does not have permission for this page or action. "
        "Ask your coalition's coordinator or administrator if you need it.",
    ),
    404: (
        "Not found",
        "There is nothing here, or you do not have access to it.",
    ),
    405: ("Not allowed", "That page cannot be used this way."),
    413: ("That upload is too large", "Split the file into smaller ones."),
    422: ("That data was refused", "Nothing was changed; see what was wrong."),
    429: ("Too many requests", "Wait a little before trying again."),
    500: (
        "Something went wrong on our side",
        "Nothing you did caused this. It has been logged; please try again.",
    ),
    503: (
        "The database is not answering",
        "Nothing was saved. It is probably restarting: try again in a few seconds.",
    ),
}


def _render(status: int, detail: str | None = None, error: Exception | None = None):
    title, text = MESSAGES.get(status, (f"Error {status}", ""))
    if is_api_request():
        allowed = getattr(error, "valid_methods", None)
        headers = {"Allow": ", ".join(allowed)} if allowed else None
        return problem(
            status, detail or text, headers, errors=field_errors(error)
        ), status
    if request.accept_mimetypes.best == "application/json":
        return {"error": title, "detail": detail or text}, status
    return render_template(
        "errors/error.html", status=status, title=title, text=detail or text
    ), status


def audit_probe(probe: HiddenObject) -> None:
    """Record an attempt on an id that exists but is hidden from the viewer
    (a cross-agency probe), in a transaction of its own: nothing else the
    request did is committed, since its work is rolled back first."""
    unit_of_work.abandon_request()
    model = probe.model
    exists = db.session.scalar(select(model.id).where(model.id == probe.object_id))
    if exists is None:
        return
    start_writing(db.session)
    record(
        current_user if is_signed_in(current_user) else None,
        "access_denied",
        None,
        {"id": [None, probe.object_id]},
        label=f"{model.__name__} {probe.object_id} (hidden from this user)",
        object_type=model.__tablename__,
    )
    unit_of_work.unit_of_work().commit()


def register_error_handlers(app: Flask) -> None:
    # The error pages roll the unit of work back; it ends with the request.
    unit_of_work.init_app(app)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(
            400,
            "The form had expired or came from another site, so nothing was saved. "
            "Reload the page and submit it again.",
        )

    @app.errorhandler(HiddenObject)
    def hidden_object(error: HiddenObject):
        audit_probe(error)
        return _render(404)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _render(error.code or 500, error=error)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        # The database went away (a restart, a failover): a temporary state,
        # so 503 with Retry-After, which load balancers and clients honour.
        app.logger.warning("database unavailable: %s", error.orig)
        # The connection may be gone too; the pool replaces it (pre-ping).
        with suppress(OperationalError):
            unit_of_work.abandon_request()
        body, status = _render(503)
        return body, status, {"Retry-After": "5"}

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        unit_of_work.abandon_request()
        return _render(500)
