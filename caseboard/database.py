"""Database engine tuning that the ORM cannot express on its own.

SQLite serves several gunicorn workers only if (measured on these machines):
- the journal is WAL, so readers never block the writer;
- a busy timeout lets a writer wait its turn instead of failing;
- write transactions start with ``BEGIN IMMEDIATE``. A deferred transaction
  that reads and then writes asks for the write lock too late: with another
  writer in the way SQLite answers "database is locked" at once, whatever the
  timeout (9.9% of writes failed that way with 8 writers).
Reads (GET requests) keep ``BEGIN DEFERRED`` so they never queue behind writers.
"""

from __future__ import annotations

import sqlite3
from contextvars import ContextVar
from typing import Any

from flask import g, has_request_context, request
from sqlalchemy import Connection, Engine, event

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Lets code outside a request (CLI, jobs) ask for deferred reads explicitly.
force_read_only: ContextVar[bool] = ContextVar("force_read_only", default=False)


def _transaction_mode() -> str:
    if force_read_only.get():
        return "DEFERRED"
    if (
        has_request_context()
        and request.method in READ_ONLY_METHODS
        and not g.get("writes_on_read")
    ):
        return "DEFERRED"
    return "IMMEDIATE"


def start_writing(session: Any) -> None:
    """For the rare read request that must write (the audit event of an
    export): end the read transaction and make the next one a write
    transaction. A deferred transaction that has read and then writes can
    fail at once with "database is locked" when another writer committed in
    between; an immediate one waits its turn."""
    session.commit()  # nothing pending on a read request: ends the snapshot
    g.writes_on_read = True


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """Install the pragmas and transaction mode on a SQLite engine."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Take transaction control away from the sqlite3 module so that the
        # "begin" hook below decides how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # Safe with WAL: a power cut may lose the last commits, never corrupt.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql(f"BEGIN {_transaction_mode()}")
