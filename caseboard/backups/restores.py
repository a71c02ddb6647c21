"""Restoring a backup only once a copy of it has proved to match its manifest.

The backup is first restored somewhere scratch — a temporary file beside the
SQLite database, a temporary PostgreSQL database — and every table of that
copy is compared with the manifest. Only a copy that matches replaces the
live data, in one step:
- SQLite: the verified scratch file is written into the live database
  through the backup API, one transaction on the destination, so the app's
  open connections see the restored rows at once (a file renamed into place
  would leave them on the old file);
- PostgreSQL: ``pg_restore --clean --if-exists --no-owner`` of the same file
  in one transaction: it drops and recreates each table (the audit trail's
  append-only triggers refuse UPDATE and DELETE, not DROP), and a failure
  leaves the database as it was.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from caseboard.backups.databases import (
    check_sqlite_file,
    connect_postgresql,
    copy_pages,
    database_kind,
    libpq_connection,
    open_sqlite,
    run_tool,
    sqlite_path,
    summarise_postgresql_url,
    summarise_sqlite_file,
)
from caseboard.backups.summaries import (
    STEP_PAGES,
    BackupError,
    Progress,
    Summary,
    TableCheck,
    compare,
)


@dataclass
class RestoreResult:
    """What the scratch copy showed, and whether the live data was replaced."""

    restored: bool
    checks: list[TableCheck] = field(default_factory=list)

    @property
    def differing(self) -> list[str]:
        return [check.table for check in self.checks if not check.ok]


# SQLite ------------------------------------------------------------------------


@contextmanager
def _scratch_sqlite(database: Path) -> Iterator[Path]:
    """A private temporary file beside ``database`` (same disk: the swap
    needs no room elsewhere), removed afterwards whatever happens."""
    handle, name = tempfile.mkstemp(
        prefix=f".{database.name}.restore-", suffix=".sqlite3", dir=database.parent
    )
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        for leftover in (path, Path(f"{path}-journal")):
            leftover.unlink(missing_ok=True)


def _copy_sqlite(
    source: Path, target: Path, progress: Progress | None, pages: int
) -> None:
    with (
        closing(open_sqlite(source, read_only=True)) as reader,
        closing(open_sqlite(target)) as writer,
    ):
        copy_pages(reader, writer, progress, pages)


def restore_sqlite(
    backup: Path,
    database: Path,
    expected: Summary | None,
    progress: Progress | None = None,
    pages: int = STEP_PAGES,
) -> RestoreResult:
    if backup.resolve() == database.resolve():
        raise BackupError("That file is the database itself.")
    check_sqlite_file(backup)
    with _scratch_sqlite(database) as scratch:
        _copy_sqlite(backup, scratch, progress, pages)
        check_sqlite_file(scratch)
        result = _checked(expected, summarise_sqlite_file(scratch))
        if result.restored:
            _copy_sqlite(scratch, database, progress, pages)
    return result


def _checked(expected: Summary | None, actual: Summary) -> RestoreResult:
    if expected is None:  # no manifest, restored on --force: nothing to compare
        return RestoreResult(restored=True)
    checks = compare(expected, actual)
    return RestoreResult(restored=all(c.ok for c in checks), checks=checks)


# PostgreSQL --------------------------------------------------------------------


def _maintenance_url(url: str) -> str:
    # CREATE/DROP DATABASE cannot run inside the database concerned.
    return sa.make_url(url).set(database="postgres").render_as_string(False)


@contextmanager
def _scratch_postgresql(url: str) -> Iterator[str]:
    """A temporary database beside the live one (its user needs CREATEDB),
    dropped afterwards whatever happens."""
    live = sa.make_url(url)
    name = f"{live.database}_restore_{secrets.token_hex(4)}"[:63]
    maintenance = connect_postgresql(_maintenance_url(url))
    maintenance.autocommit = True
    try:
        try:
            maintenance.execute(f'CREATE DATABASE "{name}"')
        except Exception as error:  # psycopg's errors: no privilege, no room
            raise BackupError(
                f"Could not create the scratch database {name} to check the "
                f"backup in ({error}); the restoring user needs CREATEDB."
            ) from error
        yield live.set(database=name).render_as_string(False)
    finally:
        maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.close()


def restore_postgresql(
    url: str, backup: Path, expected: Summary | None
) -> RestoreResult:
    with _scratch_postgresql(url) as scratch:
        load_postgresql(scratch, backup, clean=False)
        result = _checked(expected, summarise_postgresql_url(scratch))
    if result.restored:
        load_postgresql(url, backup, clean=True)
    return result


def load_postgresql(url: str, backup: Path, clean: bool = True) -> None:
    """``pg_restore`` in one transaction; ``clean`` drops what is there."""
    conninfo, environment = libpq_connection(url)
    options = ["--clean", "--if-exists"] if clean else []
    run_tool(
        [
            "pg_restore",
            *options,
            "--no-owner",
            "--single-transaction",
            f"--dbname={conninfo}",
            str(backup),
        ],
        environment,
    )


# Either database ---------------------------------------------------------------


def restore(
    url: str,
    backup_file: Path,
    expected: Summary | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore ``backup_file`` into a scratch copy, compare it with
    ``expected`` (the manifest's tables), and only when every table matches
    replace the database at ``url`` with it. ``expected`` None (no manifest,
    on ``--force``) checks only that the backup loads."""
    if database_kind(url) == "sqlite":
        return restore_sqlite(backup_file, sqlite_path(url), expected, progress)
    return restore_postgresql(url, backup_file, expected)
