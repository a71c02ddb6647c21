"""Signing in and out, and the lockout that guards both.

Sign-in attempts are counted in SQL before they are checked (``_count_attempt``),
so a burst of parallel guesses cannot slip past the lockout.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, Update, case, literal, or_, update

from caseboard.auth import end_session, start_session
from caseboard.extensions import db
from caseboard.keys import SecretKeyMismatch
from caseboard.models import User
from caseboard.models.base import UTCDateTime, utcnow
from caseboard.models.users import RecoveryCode
from caseboard.passwords import (
    hash_recovery_code,
    matching_totp_step,
    verify_password,
)
from caseboard.services.audit import jsonable, record
from caseboard.services.errors import ServiceError
from caseboard.services.users import find_user_by_email

log = logging.getLogger(__name__)

LOCKED = (
    "Too many failed sign-ins: this account is locked for a while. "
    "Try again later, or ask an administrator to unlock it."
)


_LOCKOUT_COLUMNS = ["failed_sign_ins", "failed_sign_ins_since", "locked_until"]


def _count_attempt(user: User) -> int | None:
    """Count this attempt as failed before checking it, in one UPDATE; None
    while the account is locked.

    Each UPDATE waits for the one before it (the row lock on PostgreSQL, the
    write lock on SQLite) and sees its count, so however many attempts arrive
    at once, at most ``LOCKOUT_ATTEMPTS`` are checked before the lock. A
    success takes its count back (``_attempt_succeeded``).
    """
    now = utcnow()
    window = timedelta(minutes=current_app.config["LOCKOUT_WINDOW_MINUTES"])
    new_window = or_(
        User.failed_sign_ins_since.is_(None),
        User.failed_sign_ins_since <= now - window,
    )
    count = db.session.scalar(
        update(User)
        .where(
            User.id == user.id,
            or_(User.locked_until.is_(None), User.locked_until <= now),
        )
        .values(
            failed_sign_ins=case((new_window, 1), else_=User.failed_sign_ins + 1),
            failed_sign_ins_since=case(
                (new_window, literal(now, UTCDateTime())),
                else_=User.failed_sign_ins_since,
            ),
        )
        .returning(User.failed_sign_ins)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, _LOCKOUT_COLUMNS)
    return count


def _may_check(count: int | None) -> bool:
    return count is not None and count <= current_app.config["LOCKOUT_ATTEMPTS"]


def _attempt_succeeded(user: User) -> None:
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(failed_sign_ins=0, failed_sign_ins_since=None)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, _LOCKOUT_COLUMNS)


def _attempt_failed(user: User, count: int | None, reason: str) -> None:
    """Audit the failure; the one that reaches the limit locks the account."""
    record(None, "sign_in_failed", user, {"reason": [None, reason]}, label=user.name)
    if count is None or count < current_app.config["LOCKOUT_ATTEMPTS"]:
        return
    until = utcnow() + timedelta(minutes=current_app.config["LOCKOUT_MINUTES"])
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(locked_until=until, failed_sign_ins=0, failed_sign_ins_since=None)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, _LOCKOUT_COLUMNS)
    record(
        None,
        "lockout",
        user,
        {"locked_until": [None, jsonable(until)]},
        label=user.name,
    )


def confirm_password(user: User, password: str, field: str) -> None:
    """A signed-in user types their password again before a sensitive change.

    Wrong ones count towards the lockout like sign-ins, so a borrowed session
    cannot guess it; callers commit even when this raises.
    """
    count = _count_attempt(user)
    allowed = _may_check(count)
    if allowed and verify_password(user.password_hash, password):
        _attempt_succeeded(user)
        return
    _attempt_failed(user, count, "wrong password" if allowed else "locked")
    raise ServiceError("That is not your password." if allowed else LOCKED, field)


def end_all_sessions(user: User) -> None:
    """Every session cookie of this user names the old generation from now on.

    In SQL, so that two sign-outs at once never lose an increment.
    """
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_generation=User.session_generation + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, ["session_generation"])


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None; never says which part was wrong.

    While the account is locked even the right password is refused.
    """
    user = find_user_by_email(email)
    count = _count_attempt(user) if user is not None else None
    # Checked even when locked, so the time taken does not reveal the lock.
    ok = verify_password(user.password_hash if user else None, password)
    if user is None:
        return None
    if not _may_check(count):
        _attempt_failed(user, count, "locked")
    elif not ok:
        _attempt_failed(user, count, "wrong password")
    elif not user.active:
        _attempt_failed(user, count, "deactivated")
    else:
        _attempt_succeeded(user)
        return user
    return None


def check_second_factor(user: User, code: str) -> str | None:
    """How the user proved the second factor ("authenticator app" or
    "recovery code"), or None. Counts towards the lockout like a password."""
    count = _count_attempt(user)
    if not _may_check(count):
        _attempt_failed(user, count, "locked")
        return None
    method = _use_totp_code(user, code) or _use_recovery_code(user, code)
    if method is None:
        _attempt_failed(user, count, "wrong code")
        return None
    _attempt_succeeded(user)
    return method


def _use_totp_code(user: User, code: str) -> str | None:
    try:
        secret = user.totp_secret
    except SecretKeyMismatch:
        # The secret key changed without `caseboard secrets rotate`: the app
        # cannot check codes, recovery codes still work.
        log.error(
            "second-factor secret of user %s is sealed under another key", user.id
        )
        return None
    if secret is None:
        return None
    step = matching_totp_step(secret, code, utcnow(), user.totp_last_step)
    if step is None:
        return None
    # Only one request can move the last step forward: a code replayed at the
    # same moment is refused too.
    moved = _rows_updated(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    db.session.expire(user, ["totp_last_step"])
    return "authenticator app" if moved == 1 else None


def _use_recovery_code(user: User, code: str) -> str | None:
    used = _rows_updated(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == hash_recovery_code(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    return "recovery code" if used == 1 else None


def _rows_updated(statement: Update) -> int:
    """Run a guarded UPDATE (only one request can win it) and count the rows
    it changed; the session's copies are left for the caller to expire."""
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    # An UPDATE answers a CursorResult; Session.execute is typed as Result.
    return cast(CursorResult[Any], result).rowcount


def sign_in(user: User, remember: bool = False, method: str | None = None) -> None:
    """``method``: how the second factor was proved, when there is one."""
    user.last_login_at = utcnow()
    start_session(user, remember)
    changes = {"second_factor": [None, method]} if method else None
    record(user, "sign_in", user, changes, label=user.name)


def sign_out(user: User) -> None:
    """Signing out on one browser ends every session of this user."""
    end_all_sessions(user)
    record(user, "sign_out", user, label=user.name)
    end_session()


def sign_out_other_sessions(user: User) -> None:
    """End every session but the caller's (which the view renews)."""
    end_all_sessions(user)
    record(user, "sign_out_everywhere", user, label=user.name)
