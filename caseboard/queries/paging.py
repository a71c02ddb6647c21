"""Paging and search helpers shared by every list."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from caseboard.extensions import db

MAX_PAGE = 10_000
# Ids are 32-bit integer columns on PostgreSQL; a larger number in a URL is
# simply not found instead of an "integer out of range" error.
MAX_ID = 2**31 - 1


def id_or_none(value: Any) -> int | None:
    """A positive id from a query parameter, or None for anything else."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere (escape with ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def page_number(args: Any) -> int:
    try:
        return max(1, min(int(args.get("page", 1)), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def paginate(query: Select, page: int, per_page: int | None = None) -> Pagination:  # type: ignore[type-arg]
    return db.paginate(
        query,
        page=page,
        per_page=per_page or current_app.config["PAGE_SIZE"],
        error_out=False,
    )
