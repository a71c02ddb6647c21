"""Unsubscribe links: signed, expiring tokens that turn one setting off.

Every mail carries one, in its footer and in the ``List-Unsubscribe`` header
(RFC 8058 one-click, so a mail client's "Unsubscribe" button works too). The
token is the user's id and what to turn off — a kind of notification, or
``digest`` — signed with the app's secret key under a salt of its own
purpose, so no other signed value of the app (a session, a different kind of
token) is accepted as one. It works without signing in and changes nothing
but that one setting.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from caseboard.extensions import db
from caseboard.models import User
from caseboard.services.notification_settings import DIGEST, event_types, turn_off

SALT = "caseboard.unsubscribe"
MAX_AGE_DAYS = 180  # long enough for a mail found again months later


@dataclass
class Unsubscription:
    user: User
    what: str  # a kind of notification, or DIGEST

    @property
    def label(self) -> str:
        if self.what == DIGEST:
            return "The digest by email"
        return str(event_types()[self.what]["label"])


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(user_id: int, what: str) -> str:
    return str(_serializer().dumps([user_id, what]))


def unsubscribe_url(user_id: int, what: str) -> str:
    """The absolute address of the link (built outside a request, too)."""
    adapter = current_app.url_map.bind("localhost")
    path = adapter.build("unsubscribe.confirm", {"token": make_token(user_id, what)})
    return current_app.config["BASE_URL"] + path


def read_token(token: str) -> Unsubscription | None:
    """What a token asks for; None when it is tampered with, expired, signed
    for another purpose or names no active user or no known setting."""
    try:
        loaded = _serializer().loads(token, max_age=MAX_AGE_DAYS * 86400)
    except BadData:
        return None
    if not (isinstance(loaded, list) and len(loaded) == 2):
        return None
    user_id, what = loaded
    if not isinstance(user_id, int) or (what != DIGEST and what not in event_types()):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return None
    return Unsubscription(user, what)


def unsubscribe(found: Unsubscription) -> str:
    """Turn the setting off (flushed); the label of what was turned off."""
    return turn_off(found.user, found.what)
