from __future__ import annotations

from typing import Any

from sqlalchemy.orm.exc import StaleDataError


class ServiceError(Exception):
    """A business rule refused the action; ``field`` names the form field to blame."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(Exception):
    """Someone saved the record after the user loaded it.

    ``current`` is the saved record, so the user can compare both versions.
    """

    def __init__(self, current: Any) -> None:
        super().__init__(f"{type(current).__name__} {current.id} changed meanwhile")
        self.current = current


# What a save that lost a race raises: our own check, or SQLAlchemy's version
# check when two requests passed ours at the same moment (seen on PostgreSQL).
CONFLICTS = (ConflictError, StaleDataError)


def check_version(obj: Any, expected_version: int | None) -> None:
    """Refuse unless the caller saw the current version; None (a form that
    lost its version) is refused too, since nothing proves it is current."""
    if expected_version is None or obj.version != expected_version:
        raise ConflictError(obj)


def required(text: str, message: str, field: str) -> str:
    """``text`` without surrounding spaces; refused with ``message`` on
    ``field`` when nothing is left."""
    text = text.strip()
    if not text:
        raise ServiceError(message, field)
    return text
