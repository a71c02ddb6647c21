"""How Flask-Login finds the signed-in user from the session."""

from __future__ import annotations

from caseboard.extensions import db
from caseboard.models import User


def load_user_from_session(session_id: str) -> User | None:
    """The session names ``<user id>:<session generation>``.

    A cookie minted before a sign-out-everywhere (deactivation, new password)
    names an old generation and is refused.
    """
    user_id, _, generation = session_id.partition(":")
    if not user_id.isdigit() or not generation.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user
