"""Who is calling the API: a personal token in ``Authorization: Bearer``,
never a cookie. The token's user becomes ``current_user`` for the request,
so every rule of the pages applies to it unchanged; a read token is refused
any write (403); the API takes no session cookie and sets none, so a
browser's session cannot be used against it (hence no CSRF token)."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Flask, abort, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter.util import get_remote_address

from caseboard.api.problems import API_PREFIX, is_api_request, problem, stop
from caseboard.extensions import limiter, login_manager
from caseboard.services.api_tokens import (
    note_use,
    token_for_secret,
    use_to_note,
)
from caseboard.unit_of_work import write_during_read

READS = frozenset({"GET", "HEAD", "OPTIONS"})
# Open without a token: the description of the API and its documentation.
PUBLIC_ENDPOINTS = frozenset({"api-docs.openapi_json", "api_guide.documentation"})
CHALLENGE = 'Bearer realm="caseboard"'


class NoSessionOnTheApi(SecureCookieSessionInterface):
    """The cookie session everywhere but the API, which neither reads nor
    writes one."""

    def open_session(self, app: Flask, request: Any) -> Any:
        if request.path.startswith(API_PREFIX):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: Any, response: Any) -> None:
        if request.path.startswith(API_PREFIX):
            return
        super().save_session(app, session, response)


def _unauthorized(detail: str, error: str) -> NoReturn:
    abort(
        problem(
            401,
            detail,
            headers={"WWW-Authenticate": f'{CHALLENGE}, error="{error}"'},
        )
    )


def authenticate() -> None:
    """An app-wide ``before_request``, first of all, for API paths."""
    if not is_api_request():
        return
    g._login_user = login_manager.anonymous_user()
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return
    kind, _, secret = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != "bearer" or not secret.strip():
        _unauthorized(
            "Send a personal token: Authorization: Bearer <token> "
            "(make one at Security in Caseboard).",
            "invalid_request",
        )
    token = token_for_secret(secret.strip())
    if token is None or not token.is_usable:
        why = "revoked" if token is not None and token.revoked_at else "unknown"
        if token is not None and token.revoked_at is None:
            why = "expired" if token.is_expired else "of a deactivated user"
        _unauthorized(f"This token is {why}.", "invalid_token")
    g._login_user = token.user
    g.api_token = token
    g.api_token_name = token.name
    if request.method not in READS and not token.can_write:
        stop(403, "This token may only read; make a write token to change data.")
    if use_to_note(token):
        write_during_read(lambda: note_use(token))


def rate_limit_key() -> str:
    """Per token (per address before a token is known)."""
    token = g.get("api_token")
    return f"token:{token.id}" if token is not None else get_remote_address()


def rate_limit() -> str:
    return current_app.config["RATELIMIT_API"]


def install(app: Flask) -> None:
    app.session_interface = NoSessionOnTheApi()
    # Right after the request gets its id (so a refusal carries it), and
    # before the rate limiter, which counts per token, and every other hook,
    # which see the token's user.
    hooks = app.before_request_funcs.setdefault(None, [])
    check_limit = limiter._check_request_limit
    hooks.remove(check_limit)
    place = next(
        i for i, hook in enumerate(hooks) if hook.__name__ == "assign_request_id"
    )
    hooks[place + 1 : place + 1] = [authenticate, check_limit]
