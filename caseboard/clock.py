"""Today, on the coalition's calendar.

"Overdue", "due this week" and "not in the future" are about the day the
partners are living, not the server's: a US coalition on a UTC server would
otherwise see tasks go overdue in the evening of the day before.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def coalition_zone() -> ZoneInfo:
    if has_app_context():
        return ZoneInfo(current_app.config.get("TIMEZONE") or "UTC")
    return ZoneInfo("UTC")


def today() -> date:
    return datetime.now(coalition_zone()).date()


def local_date(moment: datetime) -> date:
    """The coalition's calendar day of a UTC moment."""
    return moment.astimezone(coalition_zone()).date()
