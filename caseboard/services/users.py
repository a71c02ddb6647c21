"""Users: accounts, signing in and out, passwords and the second factor.

Sign-in attempts are counted in SQL before they are checked (``_count_attempt``),
so a burst of parallel guesses cannot slip past the lockout.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import case, func, literal, or_, select, update

from caseboard.auth import end_session, start_session
from caseboard.extensions import db
from caseboard.keys import SecretKeyMismatch
from caseboard.models import Organization, Person, SiteRole, User
from caseboard.models.base import UTCDateTime, utcnow
from caseboard.models.users import RecoveryCode
from caseboard.passwords import (
    RECOVERY_CODE_COUNT,
    hash_password,
    hash_recovery_code,
    matching_totp_step,
    new_recovery_code,
    password_problem,
    verify_password,
)
from caseboard.services.audit import apply_changes, jsonable, record
from caseboard.services.errors import ServiceError, check_version
from caseboard.services.people import create_person

log = logging.getLogger(__name__)

LOCKED = (
    "Too many failed sign-ins: this account is locked for a while. "
    "Try again later, or ask an administrator to unlock it."
)
_LOCKOUT_COLUMNS = ["failed_sign_ins", "failed_sign_ins_since", "locked_until"]


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalars(
        select(User).where(func.lower(User.email) == normalize_email(email))
    ).first()


def _check_password(password: str, field: str = "password") -> None:
    problem = password_problem(password)
    if problem:
        raise ServiceError(problem, field)


def _check_email_free(email: str, user: User | None = None) -> None:
    other = find_user_by_email(email)
    if other is not None and other is not user:
        raise ServiceError("Another user already signs in with this email.", "email")


def create_user(
    actor: User | None,
    *,
    email: str,
    password: str,
    person: Person | None = None,
    full_name: str | None = None,
    organization: Organization | None = None,
    title: str = "",
    site_role: str = SiteRole.MEMBER,
) -> User:
    """Give sign-in access to an existing person, or to a new one."""
    email = normalize_email(email)
    _check_email_free(email)
    _check_password(password)
    if person is None:
        if not full_name or not full_name.strip():
            raise ServiceError("A new user needs a name.", "full_name")
        person = create_person(
            actor,
            full_name=full_name,
            email=email,
            organization=organization,
            title=title,
        )
    elif person.user is not None:
        raise ServiceError("This person can already sign in.", "person")
    user = User(
        person=person,
        email=email,
        password_hash=hash_password(password),
        site_role=SiteRole(site_role),
    )
    db.session.add(user)
    record(
        actor,
        "create",
        user,
        {"email": [None, email], "site_role": [None, site_role]},
        label=person.full_name,
    )
    return user


def update_user(
    actor: User,
    user: User,
    *,
    expected_version: int | None,
    email: str,
    site_role: str,
    active: bool,
    new_password: str | None = None,
) -> User:
    check_version(user, expected_version)
    email = normalize_email(email)
    _check_email_free(email, user)
    if user.id == actor.id and (not active or site_role != SiteRole.ADMIN):
        # Otherwise the last administrator could lock everyone out.
        raise ServiceError(
            "You cannot remove your own administrator access.", "site_role"
        )
    changes = apply_changes(
        user, {"email": email, "site_role": SiteRole(site_role), "active": active}
    )
    if new_password:
        _check_password(new_password, "new_password")
        user.password_hash = hash_password(new_password)
    if "active" in changes or new_password:
        # Ends every session of this user: their cookies name the old generation.
        user.session_generation += 1
    # One event per edit; that the password was reset is said, never the value.
    if new_password:
        changes["password_reset"] = [False, True]
    if changes:
        action = "reset_password" if list(changes) == ["password_reset"] else "update"
        record(actor, action, user, changes, label=user.person.full_name)
    db.session.flush()
    return user


def unlock_user(actor: User, user: User) -> None:
    """An administrator lifts a lockout before it runs out."""
    if not user.is_locked:
        raise ServiceError("This account is not locked.")
    changes = apply_changes(
        user,
        {"locked_until": None, "failed_sign_ins": 0, "failed_sign_ins_since": None},
    )
    record(actor, "unlock", user, changes, label=user.name)
    db.session.flush()


# --- Counting attempts --------------------------------------------------------


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


def _confirm_password(user: User, password: str, field: str) -> None:
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


def _end_all_sessions(user: User) -> None:
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


# --- Signing in and out -------------------------------------------------------


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
    moved = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire(user, ["totp_last_step"])
    return "authenticator app" if moved == 1 else None


def _use_recovery_code(user: User, code: str) -> str | None:
    used = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == hash_recovery_code(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    return "recovery code" if used == 1 else None


def sign_in(user: User, remember: bool = False, method: str | None = None) -> None:
    """``method``: how the second factor was proved, when there is one."""
    user.last_login_at = utcnow()
    start_session(user, remember)
    changes = {"second_factor": [None, method]} if method else None
    record(user, "sign_in", user, changes, label=user.name)


def sign_out(user: User) -> None:
    """Signing out on one browser ends every session of this user."""
    _end_all_sessions(user)
    record(user, "sign_out", user, label=user.name)
    end_session()


def sign_out_other_sessions(user: User) -> None:
    """End every session but the caller's (which the view renews)."""
    _end_all_sessions(user)
    record(user, "sign_out_everywhere", user, label=user.name)


# --- The user's own security settings -----------------------------------------


def change_password(user: User, current: str, new: str) -> None:
    """Ends every other session; the view renews the caller's."""
    _check_password(new, "new_password")
    if new == current:
        raise ServiceError(
            "Choose a password different from the current one.", "new_password"
        )
    _confirm_password(user, current, "current_password")
    user.password_hash = hash_password(new)
    _end_all_sessions(user)
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
    _confirm_password(user, password, "password")
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
    _confirm_password(user, password, "password")
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
    _end_all_sessions(user)
    record(actor, "second_factor_reset", user, label=user.name)
    db.session.flush()


def replace_recovery_codes(user: User, password: str) -> list[str]:
    """New codes for old: the old ones stop working."""
    if not user.has_second_factor:
        raise ServiceError("Turn on the second factor first.")
    _confirm_password(user, password, "password")
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
