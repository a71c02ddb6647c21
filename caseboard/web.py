"""Per-request plumbing: request ids, input hygiene, response headers,
one-time submission keys and the record of reads of personal pages."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, abort, current_app, g, request
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from caseboard import submissions
from caseboard.inputs import MAX_ID, clean_text
from caseboard.services import reads

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _style_hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# No inline script or style anywhere: the project's own code lives in static/.
# The one exception is the fixed rule Cytoscape writes into a <style> element,
# allowed by its hash (so no other inline style is). htmx's indicator styles
# are switched off in static/js/caseboard.js and live in the stylesheet.
def content_security_policy(tile_origin: str = "") -> str:
    """The policy; ``tile_origin`` (the configured map tile server's scheme
    and host, ``CASEBOARD_MAP_TILES``) is the one other place images may
    come from, and only when one is configured."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' "
            + _style_hash(".__________cytoscape_container { position: relative; }"),
            f"img-src 'self' {tile_origin}".strip(),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


CONTENT_SECURITY_POLICY = content_security_policy()
HSTS = "max-age=31536000"


class BoundedIntConverter(IntegerConverter):
    """``<int:id>`` that matches only ids a 32-bit column can hold, so
    /cases/99999999999999999999 is a 404, not a database error."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_url_converters(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter


class SecureCookiesOverHttps:
    """WSGI middleware: every cookie set on a request that came over HTTPS
    (as ProxyFix reads X-Forwarded-Proto) is marked ``Secure``, so an
    installation behind a TLS proxy needs no separate switch. Flask writes
    the session cookie after every hook has run, hence a layer below it."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("wsgi.url_scheme") != "https":
            return self.app(environ, start_response)

        def secure_start(status: str, headers: list, exc_info: Any = None) -> Any:
            headers = [
                (name, _secure_cookie(value) if name.lower() == "set-cookie" else value)
                for name, value in headers
            ]
            return start_response(status, headers, exc_info)

        return self.app(environ, secure_start)


def _secure_cookie(value: str) -> str:
    attributes = {part.strip().lower() for part in value.split(";")[1:]}
    return value if "secure" in attributes else f"{value}; Secure"


def _clean_form() -> None:
    """Drop control characters (other than newline, tab and carriage return)
    from every posted value before any form reads it: no one types them,
    and one stored in a name makes the GraphML/GEXF exports invalid XML for
    everyone. NUL is refused outright by ``refuse_nul_characters``."""
    original = list(request.form.items(multi=True))
    cleaned = [
        # A password is compared as typed, never stored or shown.
        (key, value if "password" in key else clean_text(value, multiline=True))
        for key, value in original
    ]
    if cleaned != original:
        request.form = ImmutableMultiDict(cleaned)


def _record_read(response: Response) -> None:
    """After a personal page is sent, note who opened it (if configured)."""
    if response.status_code != 200 or not current_user.is_authenticated:
        return
    read = reads.read_of(request.endpoint, request.view_args)
    if read is None:
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # current_app is typed as Flask; this unwraps its proxy
    user_id, path = current_user.id, request.path
    response.call_on_close(lambda: reads.write_read(app, user_id, *read, path))


def register_request_hooks(app: Flask) -> None:
    app.wsgi_app = SecureCookiesOverHttps(app.wsgi_app)  # type: ignore[method-assign]  # wrapping wsgi_app is Flask's documented middleware hook
    if app.config.get("PROXY_COUNT"):
        # Trust that many proxies' X-Forwarded-For and -Proto, so a request
        # shows the client's own address (rate limits, the audit trail) and
        # whether it came over HTTPS.
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]  # wrapping wsgi_app is Flask's documented middleware hook

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

    app.before_request(_clean_form)
    policy = content_security_policy(app.config.get("MAP_TILE_ORIGIN", ""))

    submissions.init_app(app)

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Content-Security-Policy", policy)
        if request.is_secure or app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if request.endpoint != "static":
            # Every page but a static file is either personal (people, cases,
            # notes, exports, the account) or bound to the session (a form's
            # CSRF token): none may stay in a shared or back-button cache.
            response.headers["Cache-Control"] = "no-store"
        if reads.recording():
            _record_read(response)
        return response
