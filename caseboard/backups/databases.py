"""Where the database is, and copying it while it is in use."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from caseboard.backups.summaries import (
    BUSY_TIMEOUT_S,
    STEP_PAGES,
    BackupError,
    Progress,
    Summary,
    summarise_postgresql,
    summarise_sqlite,
)

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


def open_sqlite(path: Path, read_only: bool = False) -> sqlite3.Connection:
    target = f"file:{path}?mode=ro" if read_only else str(path)
    connection = sqlite3.connect(
        target, uri=read_only, timeout=BUSY_TIMEOUT_S, isolation_level=None
    )
    return connection


def copy_pages(
    source: sqlite3.Connection,
    target: sqlite3.Connection,
    progress: Progress | None,
    pages: int,
) -> None:
    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    source.backup(target, pages=pages, progress=report, sleep=0.05)


def _private_file(path: Path, overwrite: bool = False) -> None:
    """Create ``path`` empty, readable by its owner only: a backup holds
    everyone's personal details and password hashes. An existing file is
    kept unless ``overwrite``: it may be the only good backup there is."""
    if path.exists() and not overwrite:
        raise BackupError(
            f"{path} already exists: choose another name, or --force to replace it."
        )
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def backup_sqlite(
    database: Path,
    target: Path,
    progress: Progress | None = None,
    pages: int = STEP_PAGES,
    overwrite: bool = False,
) -> Summary:
    """Copy ``database`` into ``target`` page by page; summarise what was copied."""
    if not database.exists():
        raise BackupError(f"There is no database at {database}.")
    if target.resolve() == database.resolve():
        raise BackupError("The backup cannot replace the database it is made of.")
    _private_file(target, overwrite)
    with (
        closing(open_sqlite(database)) as source,
        closing(open_sqlite(target)) as copy,
    ):
        # One read transaction for the copy and the summary: the snapshot
        # stays put while writers commit (WAL), so both describe one moment.
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        try:
            copy_pages(source, copy, progress, pages)
            summary = summarise_sqlite(source)
        finally:
            source.execute("ROLLBACK")
        # A backup is one self-contained file, whatever the source's journal.
        copy.execute("PRAGMA journal_mode = DELETE")
    return summary


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a sound SQLite database before it replaces one."""
    try:
        with closing(open_sqlite(path, read_only=True)) as connection:
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from error
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")


def summarise_sqlite_file(path: Path) -> Summary:
    with closing(open_sqlite(path, read_only=True)) as connection:
        connection.execute("BEGIN")
        try:
            return summarise_sqlite(connection)
        finally:
            connection.execute("ROLLBACK")


# PostgreSQL --------------------------------------------------------------------


def run_tool(command: list[str], environment: dict[str, str]) -> None:
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


def connect_postgresql(url: str):
    import psycopg

    conninfo, environment = libpq_connection(url)
    return psycopg.connect(conninfo, password=environment.get("PGPASSWORD"))


def backup_postgresql(url: str, target: Path, overwrite: bool = False) -> Summary:
    """``pg_dump -Fc`` of the snapshot the summary is computed in."""
    import psycopg

    conninfo, environment = libpq_connection(url)
    _private_file(target, overwrite)
    with connect_postgresql(url) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        # The snapshot lives as long as this transaction: dump, then count.
        run_tool(
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


def summarise_postgresql_url(url: str) -> Summary:
    import psycopg

    with connect_postgresql(url) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        summary = summarise_postgresql(connection)
        connection.rollback()
    return summary


# Either database ---------------------------------------------------------------


def backup(
    url: str,
    target: Path,
    progress: Progress | None = None,
    overwrite: bool = False,
) -> Summary:
    if database_kind(url) == "sqlite":
        return backup_sqlite(sqlite_path(url), target, progress, overwrite=overwrite)
    return backup_postgresql(url, target, overwrite)


def summarise(url: str) -> Summary:
    """Rows and checksum of every table of a database, in one snapshot."""
    if database_kind(url) == "sqlite":
        return summarise_sqlite_file(sqlite_path(url))
    return summarise_postgresql_url(url)
