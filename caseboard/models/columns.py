"""The plain column types every model shares: ``Mapped[intpk]``,
``Mapped[name_str]`` and the contact fields, and the link to the row a row
belongs to. Timestamps and vocabularies, which carry rules, are in ``base``."""

from __future__ import annotations

from typing import Annotated, Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import MappedColumn, mapped_column

intpk = Annotated[int, mapped_column(primary_key=True)]
name_str = Annotated[str, mapped_column(String(200))]
email_str = Annotated[str, mapped_column(String(254))]
phone_str = Annotated[str, mapped_column(String(50))]


def belongs_to(table: str, **options: Any) -> MappedColumn[Any]:
    """The id of the row in ``table`` this one belongs to: when that row is
    deleted, so is this one."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE"), **options)


def refers_to(table: str, **options: Any) -> MappedColumn[Any]:
    """The id of a row in ``table`` this one refers to, if any: when that row
    is deleted, the reference is cleared and this row stays."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="SET NULL"), **options)
