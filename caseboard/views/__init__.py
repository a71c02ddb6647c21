"""Blueprints, one per area. Views stay thin: load and guard, form, then
attempt the service call (``caseboard.unit_of_work`` commits), redirect."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response
from flask_login import current_user

from caseboard.extensions import login_manager
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


def picker_options(found: Iterable[tuple[int, str]]) -> dict[str, Any]:
    """A type-ahead picker's answer: the value and label of each match."""
    return {"options": [{"value": value, "label": label} for value, label in found]}


# Every area's blueprint, in the order the app registers them.
AREAS = (
    "auth",
    "account",
    "main",
    "organizations",
    "people",
    "cases",
    "tasks",
    "meetings",
    "contacts",
    "imports",
    "network",
    "notes",
    "coalitions",
    "admin",
)


def register_blueprints(app: Flask) -> None:
    # The agenda's routes belong to the meetings blueprint: added before it
    # is registered.
    import_module("caseboard.views.agenda")
    for area in AREAS:
        app.register_blueprint(import_module(f"caseboard.views.{area}").bp)
