"""Rows and checksums per table: what a manifest records and a restore
must find again."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_FORMAT = 1
STEP_PAGES = 1024  # 4 MB at SQLite's default page size, between progress reports
BUSY_TIMEOUT_S = 30.0

# ``progress(pages_done, pages_total)`` while SQLite pages are copied.
Progress = Callable[[int, int], None]


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


@dataclass(frozen=True)
class TableSummary:
    rows: int
    sha256: str


Summary = dict[str, TableSummary]


@dataclass(frozen=True)
class TableCheck:
    table: str
    expected: TableSummary | None
    actual: TableSummary | None

    @property
    def ok(self) -> bool:
        return self.expected == self.actual

    def describe(self) -> str:
        if self.ok:
            return f"{self.table}: OK ({self.expected.rows:,} rows)"  # type: ignore[union-attr]  # ok means expected equals actual, a summary
        if self.actual is None:
            return f"{self.table}: mismatch (missing from the restored database)"
        if self.expected is None:
            return f"{self.table}: mismatch (not in the backup's manifest)"
        if self.expected.rows != self.actual.rows:
            return (
                f"{self.table}: mismatch ({self.actual.rows:,} rows, the backup "
                f"had {self.expected.rows:,})"
            )
        return f"{self.table}: mismatch (same {self.actual.rows:,} rows, other values)"


# Summarising tables ------------------------------------------------------------


def canonical(value: Any) -> Any:
    """A value as plain JSON, the same whichever way the driver returned it:
    moments in UTC (PostgreSQL answers in the session's time zone), bytes in
    hex, exact numbers as text."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, Decimal | UUID | timedelta):
        return str(value)
    return value


def row_line(row: Sequence[Any]) -> bytes:
    values = [canonical(v) for v in row]
    text = json.dumps(
        values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return text.encode("utf-8") + b"\n"


def checksum(rows: Iterable[Sequence[Any]], ordered: bool = True) -> TableSummary:
    """Rows and the sha256 of their canonical lines. Rows not ``ordered`` (a
    table without a primary key) are sorted here, so their order never counts."""
    digest = hashlib.sha256()
    count = 0
    lines = (row_line(row) for row in rows)
    for line in lines if ordered else sorted(lines):
        digest.update(line)
        count += 1
    return TableSummary(count, digest.hexdigest())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select_all(table: str, key: list[str]) -> str:
    order = f" ORDER BY {', '.join(_quote(c) for c in key)}" if key else ""
    return f"SELECT * FROM {_quote(table)}{order}"


def sqlite_tables(connection: sqlite3.Connection) -> dict[str, list[str]]:
    """Each table and its primary key columns, in key order."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    tables = {}
    for name in names:
        columns = connection.execute(f"PRAGMA table_info({_quote(name)})").fetchall()
        # (cid, name, type, notnull, default, pk position or 0)
        tables[name] = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]
    return tables


def summarise_sqlite(connection: sqlite3.Connection) -> Summary:
    return {
        table: checksum(connection.execute(_select_all(table, key)), ordered=bool(key))
        for table, key in sqlite_tables(connection).items()
    }


POSTGRESQL_TABLES = """
SELECT c.relname,
       COALESCE(ARRAY(
           SELECT a.attname FROM pg_index i
           CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
           WHERE i.indrelid = c.oid AND i.indisprimary
           ORDER BY k.n
       ), '{}')
FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'p')
ORDER BY c.relname
"""


def summarise_postgresql(connection: Any) -> Summary:
    """``connection``: psycopg, inside the transaction whose snapshot counts."""
    summary = {}
    tables = connection.execute(POSTGRESQL_TABLES).fetchall()
    for n, (table, key) in enumerate(tables):
        # A server-side cursor: a big table streams instead of filling memory.
        with connection.cursor(name=f"caseboard_backup_{n}") as cursor:
            cursor.itersize = 5000
            cursor.execute(_select_all(table, list(key)))
            summary[table] = checksum(cursor, ordered=bool(key))
    return summary


def compare(expected: Summary, actual: Summary) -> list[TableCheck]:
    """One check per table of either side, in name order."""
    return [
        TableCheck(table, expected.get(table), actual.get(table))
        for table in sorted(expected.keys() | actual.keys())
    ]
