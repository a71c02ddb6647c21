"""Password hashing with Argon2id (the OWASP first choice)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 128

_production = PasswordHasher()
# Only for the test suite: the cheapest parameters argon2 accepts.
_fast = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

# Verified against when no account matches, so that a wrong email costs as much
# time as a wrong password and the answer time reveals nothing.
_DUMMY_HASHES: dict[bool, str] = {}


def _hasher() -> PasswordHasher:
    return _fast if current_app.config.get("PASSWORD_HASH_FAST") else _production


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown email) spend the same time, fail."""
    hasher = _hasher()
    known = password_hash is not None
    if not known:
        fast = hasher is _fast
        if fast not in _DUMMY_HASHES:
            _DUMMY_HASHES[fast] = hasher.hash("not-a-real-password")
        password_hash = _DUMMY_HASHES[fast]
    try:
        return hasher.verify(password_hash, password) and known
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if not password.strip():
        return "A password cannot be only spaces."
    return None
