"""Jinja globals and filters shared by every template."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import urlencode

from flask import Flask, request
from flask_login import current_user

from caseboard.clock import coalition_zone, today
from caseboard.extensions import db
from caseboard.models import (
    OrganizationKind,
    ResponseStatus,
    TaskStatus,
)
from caseboard.permissions import TEMPLATE_PREDICATES
from caseboard.permissions_accreditation import ACCREDITATION_PREDICATES
from caseboard.permissions_coalitions import visible_coalitions
from caseboard.permissions_rounds import ROUND_PREDICATES
from caseboard.queries.notifications import unread_count
from caseboard.words import plural


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value:%d %b %Y}".lstrip("0")


def to_local(value: datetime) -> datetime:
    return value.astimezone(coalition_zone())


def format_datetime(value: datetime | None) -> str:
    """In the coalition's time zone, with its abbreviation (EST, CET, UTC)."""
    if value is None:
        return ""
    local = to_local(value)
    return f"{local:%d %b %Y %H:%M} {local.tzname()}".lstrip("0")


def format_time(value: datetime | None) -> str:
    return "" if value is None else f"{to_local(value):%H:%M}"


def format_age(value: datetime | None) -> str:
    """ "just now", "4 minutes ago", "3 hours ago", "2 days ago"."""
    if value is None:
        return "never"
    seconds = max(0, int((datetime.now(UTC) - value).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now" if seconds < 10 else f"{seconds} seconds ago"


def format_value(value: object) -> object:
    """A stored value as the pages show it: an ISO date or date-time (the
    audit trail keeps them as text) in the one date format; else as it is."""
    if isinstance(value, datetime):
        return format_datetime(value if value.tzinfo else value.replace(tzinfo=UTC))
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, str) and 10 <= len(value) <= 32 and value[:4].isdigit():
        try:
            parsed = (
                datetime.fromisoformat(value)
                if len(value) > 10
                else date.fromisoformat(value)
            )
        except ValueError:
            return value
        return format_value(parsed)
    return value


def url_with(**changes: object) -> str:
    """The current URL with some query parameters replaced (for pagers, filters)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value in (None, ""):
            args.pop(key, None)
        else:
            args[key] = str(value)
    return f"{request.path}?{urlencode(args)}" if args else request.path


def my_coalitions() -> list[tuple[int, str]]:
    """The top bar's switcher: the signed-in user's coalitions (every one,
    for an administrator)."""
    query = visible_coalitions(current_user)
    return [(c.id, c.name) for c in db.session.scalars(query)]


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
    app.jinja_env.globals.update(ACCREDITATION_PREDICATES)
    app.jinja_env.globals.update(ROUND_PREDICATES)
    app.jinja_env.globals.update(
        url_with=url_with,
        my_coalitions=my_coalitions,
        unread_notifications=lambda: unread_count(current_user),
        organization_kinds=OrganizationKind,
        status_choices=TaskStatus.choices(),
        today=today,
        response_status_choices=ResponseStatus.choices(),
    )
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["time"] = format_time
    app.jinja_env.filters["age"] = format_age
    app.jinja_env.filters["value"] = format_value
    app.jinja_env.filters["plural"] = plural
