"""What a user proves they know: passwords (hashed with Argon2id, the OWASP
first choice, and refused when common) and one-time codes (TOTP from an
authenticator app, RFC 6238, computed by pyotp; and recovery codes)."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlencode

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 128
# Fewer different characters than this ("aaaaaaaaaaaa", "abababababab") is a
# pattern, not a password.
MIN_DISTINCT = 5
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common_passwords.txt"
# Runs along the digits, the alphabet or the keyboard ("123456789012",
# "qwertyuiopas"), either way.
_RUNS = (
    "0123456789" * 14,
    "abcdefghijklmnopqrstuvwxyz" * 6,
    "qwertyuiopasdfghjklzxcvbnm" * 6,
)

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
    if password_hash is None:
        fast = hasher is _fast
        if fast not in _DUMMY_HASHES:
            _DUMMY_HASHES[fast] = hasher.hash("not-a-real-password")
        password_hash = _DUMMY_HASHES[fast]
    try:
        return hasher.verify(password_hash, password) and known
    except (VerificationError, InvalidHashError):
        return False


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_common(password: str) -> bool:
    """In the list, a listed password padded with digits and symbols
    ("password1234", "!!qwertyuiop123") or a run of keys: the first guesses
    of any attacker."""
    lowered = password.lower()
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    listed = common_passwords()
    if lowered in listed or (core and core in listed):
        return True
    return any(lowered in run or lowered in run[::-1] for run in _RUNS)


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if not password.strip():
        return "A password cannot be only spaces."
    if len(set(password.lower())) < MIN_DISTINCT or is_common(password):
        return (
            "That password is one of the first that attackers try. "
            "Choose another: a few unrelated words make a strong one."
        )
    return None


# --- TOTP (RFC 6238): SHA-1, 6 digits, 30-second steps -----------------------

TOTP_STEP_SECONDS = 30
TOTP_DIGITS = 6
# Steps accepted either side of now, for a phone clock a little off.
TOTP_DRIFT = 1
TOTP_ISSUER = "Caseboard"


def new_totp_secret() -> str:
    """160 random bits (the key size RFC 4226 recommends) in base32."""
    return pyotp.random_base32(length=32)


def totp(secret: str, step: int, digits: int = TOTP_DIGITS) -> str:
    """The code of one time step (RFC 4226 HOTP over the step number)."""
    return pyotp.HOTP(secret, digits=digits).at(step)


def time_step(moment: datetime) -> int:
    return int(moment.timestamp()) // TOTP_STEP_SECONDS


def matching_totp_step(
    secret: str, code: str, moment: datetime, used_step: int | None = None
) -> int | None:
    """The time step near ``moment`` whose code this is, or None.

    Steps at or before ``used_step`` (the last one accepted) never match, so a
    code seen over someone's shoulder cannot be used again in its window.
    """
    code = re.sub(r"\s", "", code)
    if len(code) != TOTP_DIGITS or not code.isdigit():
        return None
    now = time_step(moment)
    for step in range(now - TOTP_DRIFT, now + TOTP_DRIFT + 1):
        if used_step is not None and step <= used_step:
            continue
        if pyotp.utils.strings_equal(totp(secret, step), code):
            return step
    return None


def totp_uri(secret: str, account: str) -> str:
    """The otpauth:// address an authenticator app accepts when typed in."""
    label = quote(f"{TOTP_ISSUER}:{account}")
    query = urlencode(
        {
            "secret": secret,
            "issuer": TOTP_ISSUER,
            "algorithm": "SHA1",
            "digits": TOTP_DIGITS,
            "period": TOTP_STEP_SECONDS,
        }
    )
    return f"otpauth://totp/{label}?{query}"


def qr_svg(uri: str) -> bytes:
    """The address as a QR code in SVG, drawn here: the secret it carries
    never goes to an outside service. Plain attributes, no ``style``, so the
    page's content security policy has nothing to refuse."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer, kind="svg", scale=5, border=2, title="Second-factor set-up"
    )
    return buffer.getvalue()


def grouped(secret: str) -> str:
    """``ABCD EFGH …``: easier to type into a phone."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- Recovery codes -------------------------------------------------------------

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: the codes are read off paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 16  # 31**16, about 2**79


def new_recovery_code() -> str:
    code = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return "-".join(code[i : i + 4] for i in range(0, _RECOVERY_LENGTH, 4))


def hash_recovery_code(code: str) -> str:
    """SHA-256 of the code without spaces, dashes or capitals.

    A slow hash protects guessable secrets; 79 random bits cannot be guessed
    from a stolen hash, and a fast one lets a sign-in check all ten codes in
    one query.
    """
    normalized = re.sub(r"[\s-]", "", code).lower()
    return hashlib.sha256(normalized.encode()).hexdigest()
