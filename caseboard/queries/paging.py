"""Paging and search helpers shared by every list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from caseboard.extensions import db
from caseboard.inputs import MAX_ID, MAX_PAGE, parse_id, parse_page

__all__ = ["MAX_ID", "MAX_PAGE", "id_or_none", "like_pattern", "page_number"]


def id_or_none(value: Any) -> int | None:
    """A positive id from a query parameter (ASCII digits only), or None."""
    return parse_id(value)


MAX_SEARCH = 100


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` literally anywhere (escape with ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: Any, text: str) -> Any:
    """SQL for ``column`` containing ``text`` literally, in any case."""
    return column.ilike(like_pattern(text), escape="\\")


def search_text(args: Any) -> str:
    """The search box's text (``?q=``), trimmed and cut to ``MAX_SEARCH``."""
    return str(args.get("q", "")).strip()[:MAX_SEARCH]


def chosen(args: Any, name: str, allowed: Iterable[str]) -> str:
    """``?name=`` when it is one of ``allowed``; "" for anything else, so a
    hand-edited URL shows everything rather than an error."""
    value = args.get(name, "")
    return value if value in set(allowed) else ""


def page_number(args: Any) -> int:
    return parse_page(args)


def paginate(query: Select, page: int, per_page: int | None = None) -> Pagination:
    return db.paginate(
        query,
        page=page,
        per_page=per_page or current_app.config["PAGE_SIZE"],
        error_out=False,
    )
