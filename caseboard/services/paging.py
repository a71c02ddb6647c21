"""Paging and search helpers shared by every list."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from caseboard.extensions import db

MAX_PAGE = 10_000


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
