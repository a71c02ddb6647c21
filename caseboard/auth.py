"""Sessions: how Flask-Login finds the signed-in user, and when a session ends.

A session is refused when it names an old session generation (the user signed
out, changed their password, was deactivated or signed out everywhere), after
``SESSION_IDLE_MINUTES`` without a request, and ``SESSION_MAX_HOURS`` after
signing in, whatever happened in between.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, flash, g, redirect, request, session
from flask_login import login_user, logout_user
from flask_login.utils import login_url
from werkzeug.wrappers import Response

from caseboard.extensions import db, login_manager
from caseboard.models import User
from caseboard.models.base import utcnow

SIGNED_IN_AT = "_signed_in_at"
SEEN_AT = "_seen_at"
PENDING_SIGN_IN = "_pending_sign_in"
# Between the right password and the second factor.
PENDING_SECONDS = 5 * 60
# Flask-Login's keys and ours: what "signed in" consists of in the cookie.
_SESSION_KEYS = ("_user_id", "_fresh", "_id", "_remember", SIGNED_IN_AT, SEEN_AT)


def sign_in_rate_limit() -> str:
    """Flask-Limiter's limit on sign-in attempts (``RATELIMIT_SIGN_IN``)."""
    return current_app.config["RATELIMIT_SIGN_IN"]


def _now() -> float:
    return utcnow().timestamp()


def _why_ended(now: float) -> str | None:
    idle = current_app.config["SESSION_IDLE_MINUTES"]
    longest = current_app.config["SESSION_MAX_HOURS"]
    if now - session.get(SIGNED_IN_AT, now) > longest * 3600:
        return f"You were signed out {longest} hours after signing in. Sign in again."
    if now - session.get(SEEN_AT, now) > idle * 60:
        return f"You were signed out after {idle} minutes without activity."
    return None


def load_user_from_session(session_id: str) -> User | None:
    """The session names ``<user id>:<session generation>``.

    A cookie minted before a sign-out-everywhere (sign-out, deactivation, new
    password) names an old generation and is refused.
    """
    now = _now()
    ended = _why_ended(now)
    if ended:
        g.session_ended = ended
        for key in _SESSION_KEYS:
            session.pop(key, None)
        return None
    user_id, _, generation = session_id.partition(":")
    if not user_id.isdigit() or not generation.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    # A session without a sign-in time predates these timeouts; the migration
    # that added them ended all of those, so only tests make one now.
    session.setdefault(SIGNED_IN_AT, now)
    session[SEEN_AT] = now
    return user


def send_to_sign_in() -> Response:
    """Flask-Login's "unauthorized" answer, saying why when a session ended."""
    message = g.pop("session_ended", None) or login_manager.login_message
    flash(message, login_manager.login_message_category)
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def start_session(user: User, remember: bool) -> None:
    """Sign in on this browser. Nothing from before sign-in carries over.

    ``remember`` keeps the cookie when the browser closes; the idle and
    absolute timeouts apply all the same (no long-lived remember-me cookie).
    """
    session.clear()
    login_user(user)
    session.permanent = remember
    session[SIGNED_IN_AT] = session[SEEN_AT] = _now()


def renew_session(user: User) -> None:
    """After a new session generation, keep this browser signed in (and its
    sign-in time, so the absolute lifetime still counts from sign-in)."""
    login_user(user, fresh=True)


def end_session() -> None:
    logout_user()
    session.clear()


def begin_second_factor(user: User, remember: bool) -> None:
    """The password was right; remember who is half-way through signing in."""
    session.clear()
    session[PENDING_SIGN_IN] = {
        "user": user.id,
        "generation": user.session_generation,
        "at": _now(),
        "remember": remember,
    }


def pending_second_factor() -> tuple[User, bool] | None:
    """The user who gave the right password in the last few minutes, and
    whether they asked to stay signed in; None when there is none."""
    pending: dict[str, Any] | None = session.get(PENDING_SIGN_IN)
    if not pending or _now() - pending["at"] > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending["user"])
    if (
        user is None
        or not user.active
        or not user.has_second_factor
        or user.session_generation != pending["generation"]
    ):
        return None
    return user, bool(pending["remember"])


def needs_second_factor_setup(user: Any) -> bool:
    """An administrator without a second factor, where one is required."""
    return (
        bool(current_app.config.get("REQUIRE_MFA_FOR_ADMINS"))
        and user.is_authenticated
        and user.is_admin
        and not user.has_second_factor
    )


def init_app(app: Flask) -> None:
    """Tell Flask-Login how this app signs people in and whom it trusts."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user_from_session)
    login_manager.unauthorized_handler(send_to_sign_in)
