"""Personal API tokens: made (the secret shown once), found by the digest of
the secret a request presents, revoked by their user or an administrator."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import ApiToken, TokenScope, User
from caseboard.models.base import utcnow
from caseboard.services.audit import record
from caseboard.services.errors import ServiceError, required

# Every secret starts so, which makes one found in a log or a repository
# recognisable (secret scanners key on such prefixes).
SECRET_PREFIX = "cbt_"
LONGEST_LIFE_DAYS = 3650
# Last use is written at most this often, not on every request.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    actor: User,
    owner: User,
    name: str,
    scope: str,
    expires_days: int | None = None,
) -> NewToken:
    """A token for ``owner`` (made by ``owner`` or, at the command line, for
    them). Flushed and audited; the secret is in the answer only."""
    name = required(name, "Name the token (what uses it).", "name")[:100]
    if scope not in {s.value for s in TokenScope}:
        raise ServiceError("Choose read or write.", "scope")
    if expires_days is not None and not 1 <= expires_days <= LONGEST_LIFE_DAYS:
        raise ServiceError(
            f"A token lasts from 1 to {LONGEST_LIFE_DAYS} days.", "expires_days"
        )
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=owner.id,
        name=name,
        scope=TokenScope(scope),
        prefix=secret[:12],
        secret_hash=digest(secret),
        expires_at=utcnow() + timedelta(days=expires_days) if expires_days else None,
    )
    db.session.add(token)
    record(
        actor,
        "create",
        token,
        {"scope": [None, token.scope.value], "user_id": [None, owner.id]},
        label=f"API token “{name}” of {owner.email}",
    )
    return NewToken(token, secret)


def revoke_token(actor: User, token: ApiToken) -> None:
    """Stop ``token`` working at once; revoking twice changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    token.revoked_by_id = actor.id
    record(
        actor,
        "revoke",
        token,
        {"revoked_at": [None, token.revoked_at]},
        label=f"API token “{token.name}” of {token.user.email}",
    )


def token_for_secret(secret: str) -> ApiToken | None:
    """The token a request presents, usable or not (None: no such token)."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    return db.session.scalar(
        select(ApiToken).where(ApiToken.secret_hash == digest(secret))
    )


def use_to_note(token: ApiToken) -> bool:
    """Whether to write down a use now: last noted over a minute ago."""
    last = token.last_used_at
    return last is None or utcnow() - last >= LAST_USED_EVERY


def note_use(token: ApiToken) -> None:
    token.last_used_at = utcnow()


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def every_token() -> list[ApiToken]:
    """For administrators: every token not yet revoked, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )
