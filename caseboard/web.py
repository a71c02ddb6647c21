"""Per-request plumbing: request ids and response headers."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from typing import Any

from flask import Flask, Response, abort, g, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from caseboard.queries.paging import MAX_ID

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _style_hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# No inline script or style anywhere: the project's own code lives in static/.
# The one exception is the fixed rule Cytoscape writes into a <style> element,
# allowed by its hash (so no other inline style is). htmx's indicator styles
# are switched off in static/js/caseboard.js and live in the stylesheet.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' "
        + _style_hash(".__________cytoscape_container { position: relative; }"),
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HSTS = "max-age=31536000"


class BoundedIntConverter(IntegerConverter):
    """``<int:id>`` that matches only ids a 32-bit column can hold, so
    /cases/99999999999999999999 is a 404, not a database error."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_url_converters(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter


def register_request_hooks(app: Flask) -> None:
    if app.config.get("PROXY_COUNT"):
        # Trust that many proxies' X-Forwarded-For and -Proto, so a request
        # shows the client's own address (rate limits, the audit trail) and
        # whether it came over HTTPS.
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    @app.before_request
    def assign_request_id() -> None:
        # Keep a proxy's id when it looks sane, so logs can be joined up.
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex

    @app.before_request
    def refuse_nul_characters() -> None:
        # No page of ours sends a NUL character, and PostgreSQL text cannot
        # hold one (psycopg raises: a 500 where SQLite stored it). Found by
        # tests/test_fuzz.py.
        for values in (request.args, request.form):
            for key, items in values.lists():
                if "\x00" in key or any("\x00" in item for item in items):
                    abort(400)

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if request.is_secure or app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
