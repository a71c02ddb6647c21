"""Errors of the API as RFC 9457 problem details (``application/problem+json``):
``type`` (here about:blank, so ``title`` is the status's phrase), ``status``,
``detail`` in words a client developer can act on, and ``errors`` per field
when the request body or query was refused."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Response, abort, json, request
from werkzeug.http import HTTP_STATUS_CODES

API_PREFIX = "/api/"
PROBLEM_JSON = "application/problem+json"


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(
    status: int,
    detail: str = "",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body.update({key: value for key, value in extra.items() if value is not None})
    return Response(
        json.dumps(body), status=status, mimetype=PROBLEM_JSON, headers=headers
    )


def stop(status: int, detail: str = "", **extra: Any) -> NoReturn:
    """End the request with a problem."""
    abort(problem(status, detail, **extra))


def field_errors(error: Any) -> dict[str, Any] | None:
    """What webargs (through flask-smorest) found wrong, per location and field."""
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    return messages or None
