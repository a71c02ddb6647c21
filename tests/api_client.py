"""Helpers for tests that use the API as a client would: a token per user."""

from __future__ import annotations

from typing import Any

from caseboard.extensions import db
from caseboard.models import User
from caseboard.services.api_tokens import create_token


def token_for(user: User, scope: str = "write", **options: Any) -> str:
    made = create_token(user, user, f"test {scope}", scope, **options)
    db.session.commit()
    return made.secret


def bearer(secret: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", **headers}
