"""Blueprints, one per area. Views stay thin: load and guard, form, then
attempt the service call (``caseboard.unit_of_work`` commits), redirect."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial, update_wrapper
from importlib import import_module
from typing import Any, NoReturn
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, abort, request
from flask_login import current_user

from caseboard.extensions import login_manager
from caseboard.forms import choices as options
from caseboard.permissions import require


def safe_next(target: str | None, default: str) -> str:
    """Follow ``next`` only to a path on this site (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return default
    if target.startswith("//") or "\\" in target:
        return default
    return target


def require_login() -> Response | None:
    """A blueprint's ``before_request``: anonymous visitors go to sign in."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def signed_in_and(predicate: Callable[[Any], bool]) -> Callable[[], Response | None]:
    """A blueprint's ``before_request`` for an area only some may use:
    anonymous visitors go to sign in, others without ``predicate`` get 403."""

    def guard() -> Response | None:
        refused = require_login()
        if refused is not None:
            return refused
        require(predicate(current_user))
        return None

    return guard


def add_post_rule(
    bp: Blueprint, rule: str, endpoint: str, view: Callable[..., Any], **bound: Any
) -> None:
    """Route POSTs of ``rule`` to ``view`` with ``bound`` arguments, for views
    made from a table. The view keeps its name: CSRF protection and the route
    tests read it."""
    bound_view = update_wrapper(partial(view, **bound), view)
    bp.add_url_rule(rule, endpoint, bound_view, methods=["POST"])


def add_picker(bp: Blueprint, kind: str) -> None:
    """Give an area its type-ahead picker's route, ``/options?q=``."""
    bp.add_url_rule("/options", "options_matching", lambda: picker_options(kind))


def picker_options(kind: str) -> dict[str, Any]:
    """A type-ahead picker's answer to ``?q=``: the value and label of each
    visible ``kind`` that matches (a person with their organization)."""
    text = request.args.get("q", "")
    found: Iterable[tuple[int, str]] = (
        options.people_matching(current_user, text)
        if kind == "people"
        else options.matching(current_user, kind, text)
    )
    return {"options": [{"value": value, "label": label} for value, label in found]}


def attachment(body: str | bytes, mimetype: str, filename: str) -> Response:
    """A file to save rather than a page to show."""
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def try_again_later(message: str, seconds: int) -> NoReturn:
    """Stop with 503 and Retry-After: the answer is still being prepared."""
    abort(
        Response(
            message,
            status=503,
            headers={"Retry-After": str(seconds)},
            mimetype="text/plain",
        )
    )


# Every area's blueprint, in the order the app registers them.
AREAS = (
    "auth",
    "account",
    "tokens",
    "main",
    "organizations",
    "people",
    "cases",
    "tasks",
    "meetings",
    "contacts",
    "rounds",
    "asks",
    "imports",
    "network",
    "notes",
    "assessment",
    "maps",
    "coalitions",
    "accreditation",
    "admin",
    "notifications",
    "mail",
    "calendar",
    "unsubscribe",
)


def register_blueprints(app: Flask) -> None:
    # The agenda's routes belong to the meetings blueprint: added before it
    # is registered.
    import_module("caseboard.views.agenda")
    for area in AREAS:
        app.register_blueprint(import_module(f"caseboard.views.{area}").bp)
