"""A user's own security settings: password, second factor, recovery codes."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import User
from caseboard.models.base import utcnow
from caseboard.models.users import RecoveryCode
from caseboard.passwords import (
    RECOVERY_CODE_COUNT,
    hash_password,
    hash_recovery_code,
    matching_totp_step,
    new_recovery_code,
)
from caseboard.services.audit import record
from caseboard.services.auth import confirm_password, end_all_sessions
from caseboard.services.errors import ServiceError
from caseboard.services.users import check_password


def change_password(user: User, current: str, new: str) -> None:
    """Ends every other session; the view renews the caller's."""
    check_password(new, "new_password")
    if new == current:
        raise ServiceError(
            "Choose a password different from the current one.", "new_password"
        )
    confirm_password(user, current, "current_password")
    user.password_hash = hash_password(new)
    end_all_sessions(user)
    record(user, "change_password", user, label=user.name)
    db.session.flush()


def enable_second_factor(
    user: User, secret: str, code: str, password: str
) -> list[str]:
    """Turn on TOTP (or move it to a new phone) once the app shows a matching
    code; returns the new recovery codes, which are never shown again.

    The password is asked too: otherwise someone holding a borrowed session
    could tie the account to their own phone.
    """
    step = matching_totp_step(secret, code, utcnow())
    if step is None:
        raise ServiceError(
            "That code does not match. Check the time on your phone and type "
            "the newest code the app shows for Caseboard.",
            "code",
        )
    confirm_password(user, password, "password")
    action = "second_factor_replaced" if user.has_second_factor else "second_factor_on"
    user.totp_secret = secret
    user.totp_last_step = step
    user.totp_enabled_at = utcnow()
    codes = _replace_recovery_codes(user)
    record(user, action, user, label=user.name)
    return codes


def disable_second_factor(user: User, password: str) -> None:
    if not user.has_second_factor:
        raise ServiceError("The second factor is already off.")
    if user.is_admin and current_app.config["REQUIRE_MFA_FOR_ADMINS"]:
        raise ServiceError(
            "Administrators must keep a second factor. To move it to a new "
            "phone, set it up again on that phone instead."
        )
    confirm_password(user, password, "password")
    user.totp_secret = None
    user.totp_last_step = None
    user.totp_enabled_at = None
    user.recovery_codes.clear()
    record(user, "second_factor_off", user, label=user.name)
    db.session.flush()


def reset_second_factor(actor: User, user: User) -> None:
    """An administrator clears the second factor of someone who lost both
    phone and recovery codes, and ends their sessions; they set up a new one
    at their next sign-in (administrators must)."""
    if not user.has_second_factor:
        raise ServiceError("This account has no second factor to reset.")
    if actor.id == user.id:
        raise ServiceError(
            "Reset your own second factor on your security page, not here."
        )
    user.totp_secret = None
    user.totp_last_step = None
    user.totp_enabled_at = None
    user.recovery_codes.clear()
    end_all_sessions(user)
    record(actor, "second_factor_reset", user, label=user.name)
    db.session.flush()


def replace_recovery_codes(user: User, password: str) -> list[str]:
    """New codes for old: the old ones stop working."""
    if not user.has_second_factor:
        raise ServiceError("Turn on the second factor first.")
    confirm_password(user, password, "password")
    codes = _replace_recovery_codes(user)
    record(user, "recovery_codes_replaced", user, label=user.name)
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes.clear()
    user.recovery_codes.extend(
        RecoveryCode(code_hash=hash_recovery_code(code)) for code in codes
    )
    db.session.flush()
    return codes


def unused_recovery_codes(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count(RecoveryCode.id)).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        )
        or 0
    )
