"""Per-request plumbing: request ids and response headers."""

from __future__ import annotations

import re
import uuid
from typing import Any

from flask import Flask, Response, g, request
from werkzeug.routing import IntegerConverter, Map

from caseboard.services.paging import MAX_ID

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class BoundedIntConverter(IntegerConverter):
    """``<int:id>`` that matches only ids a 32-bit column can hold, so
    /cases/99999999999999999999 is a 404, not a database error."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def register_url_converters(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter


def register_request_hooks(app: Flask) -> None:
    @app.before_request
    def assign_request_id() -> None:
        # Keep a proxy's id when it looks sane, so logs can be joined up.
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response
