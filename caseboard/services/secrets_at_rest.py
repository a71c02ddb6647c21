"""Re-encrypting the secrets kept at rest after the secret key changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.keys import (
    SecretKeyMismatch,
    key_id,
    open_secret,
    seal_secret,
    sealed_key_id,
    totp_key,
)
from caseboard.models import User
from caseboard.services.audit import record


@dataclass
class Rotation:
    rotated: int = 0
    current: int = 0
    # Sealed under neither key: left alone, named so someone can act.
    unknown: list[str] = field(default_factory=list)


def rotate_second_factor_secrets(old_secret_key: str) -> Rotation:
    """Re-encrypt every second-factor secret sealed under ``old_secret_key``
    with the current key. Safe to run twice: what is current is skipped."""
    old, new = totp_key(old_secret_key), totp_key()
    result = Rotation()
    users = db.session.scalars(
        select(User).where(User.sealed_totp_secret.is_not(None)).order_by(User.id)
    )
    for user in users:
        sealed = user.sealed_totp_secret or ""
        try:
            kid = sealed_key_id(sealed)
        except (SecretKeyMismatch, ValueError):
            kid = ""
        if kid == key_id(new):
            result.current += 1
        elif kid == key_id(old):
            user.sealed_totp_secret = seal_secret(open_secret(sealed, old), new)
            result.rotated += 1
        else:
            result.unknown.append(user.email)
    db.session.flush()
    if result.rotated:
        record(
            None,
            "rotate_secrets",
            None,
            {"second_factor_secrets": [None, result.rotated]},
            label="Second-factor secrets re-encrypted under a new key",
            object_type="users",
        )
    return result
