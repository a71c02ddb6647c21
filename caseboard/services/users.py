"""User accounts, as administrators manage them.

Signing in and out is in ``services.auth``; a user's own password and second
factor in ``services.account``.
"""

from __future__ import annotations

from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import Organization, Person, SiteRole, User
from caseboard.passwords import hash_password, password_problem
from caseboard.services.audit import apply_changes, record
from caseboard.services.errors import ServiceError, check_version
from caseboard.services.people import create_person


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalars(
        select(User).where(func.lower(User.email) == normalize_email(email))
    ).first()


def check_password(password: str, field: str = "password") -> None:
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
    check_password(password)
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
        check_password(new_password, "new_password")
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
