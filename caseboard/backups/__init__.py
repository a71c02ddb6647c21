"""Backups taken while the app is in use, and restores that prove themselves.

A backup is one consistent moment of the database:
- SQLite: the online backup API, a few pages at a time, inside one read
  transaction. Holding that transaction pins the snapshot, so writers keep
  going (WAL) and the copy never restarts because of them. A file copy of a
  live database can miss committed rows (measured; ``shared/measurements.md``).
- PostgreSQL: ``pg_dump -Fc`` on a snapshot exported by a repeatable-read
  transaction.

In the same transaction the rows of every table are counted and hashed, so
the manifest written next to the backup (``FILE.manifest.json``, signed with
the installation's key) describes exactly what the backup holds. A restore
first loads the backup into a scratch copy and compares it with the manifest;
only a copy that matches replaces the live data (``restores``).
"""

from caseboard.backups.databases import (
    backup,
    backup_postgresql,
    backup_sqlite,
    check_sqlite_file,
    database_kind,
    default_backup_path,
    describe_database,
    libpq_connection,
    sqlite_path,
    summarise,
)
from caseboard.backups.manifests import (
    Manifest,
    file_sha256,
    manifest_path,
    read_manifest,
    sign_manifest,
    write_manifest,
)
from caseboard.backups.restores import RestoreResult, restore
from caseboard.backups.summaries import (
    BackupError,
    Progress,
    Summary,
    TableCheck,
    TableSummary,
    checksum,
    compare,
    row_line,
)

__all__ = [
    "BackupError",
    "Manifest",
    "Progress",
    "RestoreResult",
    "Summary",
    "TableCheck",
    "TableSummary",
    "backup",
    "backup_postgresql",
    "backup_sqlite",
    "check_sqlite_file",
    "checksum",
    "compare",
    "database_kind",
    "default_backup_path",
    "describe_database",
    "file_sha256",
    "libpq_connection",
    "manifest_path",
    "read_manifest",
    "restore",
    "row_line",
    "sign_manifest",
    "sqlite_path",
    "summarise",
    "write_manifest",
]
