"""Backups taken while the app is in use, and proof that a restore brought
every row back.

A backup is one consistent moment of the database:
- SQLite: the online backup API, a few pages at a time, inside one read
  transaction. Holding that transaction pins the snapshot, so writers keep
  going (WAL) and the copy never restarts because of them. A file copy of a
  live database can miss committed rows (measured; ``shared/measurements.md``).
- PostgreSQL: ``pg_dump -Fc`` on a snapshot exported by a repeatable-read
  transaction.

In the same transaction the rows of every table are counted and hashed, so
the manifest written next to the backup (``FILE.manifest.json``) describes
exactly what the backup holds; after a restore the same summary of the
restored database must match it, table by table.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import sqlalchemy as sa

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
            return f"{self.table}: OK ({self.expected.rows:,} rows)"  # type: ignore[union-attr]
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


# Where the database is ---------------------------------------------------------


def database_kind(url: str) -> str:
    backend = sa.make_url(url).get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups of {backend} databases are not supported.")
    return backend


def describe_database(url: str) -> str:
    """The database a URL names, for a question to the user (no password)."""
    return sa.make_url(url).render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path:
    database = sa.make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def libpq_connection(url: str) -> tuple[str, dict[str, str]]:
    """The libpq connection string of a SQLAlchemy URL, without the password,
    and the environment that carries the password (never on a command line,
    where ``ps`` would show it)."""
    from psycopg.conninfo import make_conninfo

    parsed = sa.make_url(url)
    params: dict[str, Any] = {
        key: value if isinstance(value, str) else value[-1]
        for key, value in parsed.query.items()
    }
    params.update(
        parsed.translate_connect_args(username="user", database="dbname"),
    )
    password = params.pop("password", None)
    environment = {"PGPASSWORD": str(password)} if password else {}
    return make_conninfo(**{k: str(v) for k, v in params.items()}), environment


def default_backup_path(folder: Path, kind: str, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = ".sqlite3" if kind == "sqlite" else ".pgdump"
    return folder / f"caseboard-{stamp}{suffix}"


# SQLite ------------------------------------------------------------------------


def _open_sqlite(path: Path, read_only: bool = False) -> sqlite3.Connection:
    target = f"file:{path}?mode=ro" if read_only else str(path)
    connection = sqlite3.connect(
        target, uri=read_only, timeout=BUSY_TIMEOUT_S, isolation_level=None
    )
    return connection


def _copy_pages(
    source: sqlite3.Connection,
    target: sqlite3.Connection,
    progress: Progress | None,
    pages: int,
) -> None:
    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    source.backup(target, pages=pages, progress=report, sleep=0.05)


def _private_file(path: Path) -> None:
    """Create ``path`` empty, readable by its owner only: a backup holds
    everyone's personal details and password hashes."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def backup_sqlite(
    database: Path,
    target: Path,
    progress: Progress | None = None,
    pages: int = STEP_PAGES,
) -> Summary:
    """Copy ``database`` into ``target`` page by page; summarise what was copied."""
    if not database.exists():
        raise BackupError(f"There is no database at {database}.")
    if target.resolve() == database.resolve():
        raise BackupError("The backup cannot replace the database it is made of.")
    _private_file(target)
    with (
        closing(_open_sqlite(database)) as source,
        closing(_open_sqlite(target)) as copy,
    ):
        # One read transaction for the copy and the summary: the snapshot
        # stays put while writers commit (WAL), so both describe one moment.
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        try:
            _copy_pages(source, copy, progress, pages)
            summary = summarise_sqlite(source)
        finally:
            source.execute("ROLLBACK")
        # A backup is one self-contained file, whatever the source's journal.
        copy.execute("PRAGMA journal_mode = DELETE")
    return summary


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a sound SQLite database before it replaces one."""
    try:
        with closing(_open_sqlite(path, read_only=True)) as connection:
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from error
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")


def restore_sqlite(
    backup: Path,
    database: Path,
    progress: Progress | None = None,
    pages: int = STEP_PAGES,
) -> None:
    """Write ``backup`` into the live ``database`` through the backup API: the
    app's open connections see the restored rows at once (a file moved into
    place would leave them on the old file)."""
    if backup.resolve() == database.resolve():
        raise BackupError("That file is the database itself.")
    check_sqlite_file(backup)
    with (
        closing(_open_sqlite(backup, read_only=True)) as source,
        closing(_open_sqlite(database)) as live,
    ):
        _copy_pages(source, live, progress, pages)


def summarise_sqlite_file(path: Path) -> Summary:
    with closing(_open_sqlite(path, read_only=True)) as connection:
        connection.execute("BEGIN")
        try:
            return summarise_sqlite(connection)
        finally:
            connection.execute("ROLLBACK")


# PostgreSQL --------------------------------------------------------------------


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        finished = subprocess.run(
            command,
            env=os.environ | environment,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install "
            "postgresql-client, of the server's major version or newer)."
        ) from error
    if finished.returncode != 0:
        raise BackupError(
            f"{command[0]} failed (exit {finished.returncode}): "
            f"{finished.stderr.strip()}"
        )


def _connect_postgresql(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    conninfo, environment = libpq_connection(url)
    return psycopg.connect(conninfo, password=environment.get("PGPASSWORD"))


def backup_postgresql(url: str, target: Path) -> Summary:
    """``pg_dump -Fc`` of the snapshot the summary is computed in."""
    import psycopg

    conninfo, environment = libpq_connection(url)
    _private_file(target)
    with _connect_postgresql(url) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        # The snapshot lives as long as this transaction: dump, then count.
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
                f"--dbname={conninfo}",
            ],
            environment,
        )
        summary = summarise_postgresql(connection)
        connection.rollback()
    return summary


def restore_postgresql(url: str, backup: Path) -> None:
    """``pg_restore --clean --if-exists --no-owner`` in one transaction: it
    drops and recreates each table (the audit trail's append-only triggers
    refuse UPDATE and DELETE, not DROP), and a failure leaves the database
    as it was."""
    conninfo, environment = libpq_connection(url)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={conninfo}",
            str(backup),
        ],
        environment,
    )


def summarise_postgresql_url(url: str) -> Summary:
    import psycopg

    with _connect_postgresql(url) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        summary = summarise_postgresql(connection)
        connection.rollback()
    return summary


# Either database ---------------------------------------------------------------


def backup(url: str, target: Path, progress: Progress | None = None) -> Summary:
    if database_kind(url) == "sqlite":
        return backup_sqlite(sqlite_path(url), target, progress)
    return backup_postgresql(url, target)


def restore(url: str, backup_file: Path, progress: Progress | None = None) -> None:
    if database_kind(url) == "sqlite":
        restore_sqlite(backup_file, sqlite_path(url), progress)
    else:
        restore_postgresql(url, backup_file)


def summarise(url: str) -> Summary:
    """Rows and checksum of every table of a database, in one snapshot."""
    if database_kind(url) == "sqlite":
        return summarise_sqlite_file(sqlite_path(url))
    return summarise_postgresql_url(url)


# Manifests ---------------------------------------------------------------------


def manifest_path(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + MANIFEST_SUFFIX)


def write_manifest(backup_file: Path, kind: str, summary: Summary) -> Path:
    path = manifest_path(backup_file)
    document = {
        "format": MANIFEST_FORMAT,
        "database": kind,
        "backup": backup_file.name,
        "bytes": backup_file.stat().st_size,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {
            table: {"rows": s.rows, "sha256": s.sha256}
            for table, s in sorted(summary.items())
        },
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


@dataclass(frozen=True)
class Manifest:
    database: str
    tables: Summary


def read_manifest(backup_file: Path) -> Manifest | None:
    """The manifest next to ``backup_file``, or None when there is none."""
    path = manifest_path(backup_file)
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_text())
        return Manifest(
            database=document["database"],
            tables={
                table: TableSummary(int(t["rows"]), str(t["sha256"]))
                for table, t in document["tables"].items()
            },
        )
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{path} is not a backup manifest ({error}).") from error


def compare(expected: Summary, actual: Summary) -> list[TableCheck]:
    """One check per table of either side, in name order."""
    return [
        TableCheck(table, expected.get(table), actual.get(table))
        for table in sorted(expected.keys() | actual.keys())
    ]
