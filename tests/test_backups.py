"""Backups and restores: a round trip through the commands, the manifest's
rows and checksums, and a backup taken while someone keeps writing."""

from __future__ import annotations

import json
import shutil
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from caseboard import backups
from caseboard.extensions import db
from caseboard.keys import manifest_key
from caseboard.models import Organization, Task
from tests.conftest import fresh_database


def run(app, *args, input=None):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=list(args), input=input)


@pytest.fixture
def url(app, db):  # type: ignore[no-untyped-def]
    """The test database's URL; PostgreSQL needs pg_dump and pg_restore."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if backups.database_kind(url) == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump and pg_restore are not installed")
    return url


def _let_go() -> None:
    """End this test's transaction: pg_restore --clean waits for its locks."""
    db.session.remove()
    db.engine.dispose()


# Small pieces ------------------------------------------------------------------


def test_a_moment_hashes_alike_in_any_time_zone():
    moment = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    elsewhere = moment.astimezone(timezone(timedelta(hours=-5)))
    assert backups.row_line([moment]) == backups.row_line([elsewhere])
    assert backups.row_line([{"b": 1, "a": [Decimal("1.50")]}]) == (
        backups.row_line([{"a": ["1.50"], "b": 1}])
    )
    assert backups.row_line([b"\x00\xff"]) == backups.row_line(["00ff"])


def test_row_order_counts_only_for_tables_without_a_key():
    rows = [(1, "a"), (2, "b")]
    assert backups.checksum(rows) != backups.checksum(rows[::-1])
    assert backups.checksum(rows, ordered=False) == backups.checksum(
        rows[::-1], ordered=False
    )
    assert backups.checksum(rows).rows == 2


def test_compare_names_each_table_that_differs():
    same = backups.TableSummary(3, "abc")
    checks = backups.compare(
        {"cases": same, "tasks": backups.TableSummary(5, "x"), "gone": same},
        {"cases": same, "tasks": backups.TableSummary(4, "y"), "new": same},
    )
    described = {c.table: (c.ok, c.describe()) for c in checks}
    assert described["cases"] == (True, "cases: OK (3 rows)")
    assert (
        described["tasks"][0] is False
        and "4 rows, the backup had 5" in (described["tasks"][1])
    )
    assert "missing from the restored database" in described["gone"][1]
    assert "not in the backup's manifest" in described["new"][1]


def test_the_default_file_is_in_the_folder_stamped_in_utc(tmp_path):
    moment = datetime(2026, 3, 1, 7, 5, 9, tzinfo=timezone(timedelta(hours=2)))
    assert backups.default_backup_path(tmp_path, "sqlite", moment) == (
        tmp_path / "caseboard-20260301T050509Z.sqlite3"
    )
    assert backups.default_backup_path(tmp_path, "postgresql", moment).suffix == (
        ".pgdump"
    )


def test_the_password_goes_to_the_environment_not_the_command_line():
    conninfo, environment = backups.libpq_connection(
        "postgresql+psycopg://app:s3cret@db.internal:5433/caseboard?sslmode=require"
    )
    assert "s3cret" not in conninfo
    assert environment == {"PGPASSWORD": "s3cret"}
    for part in ("host=db.internal", "port=5433", "user=app", "dbname=caseboard"):
        assert part in conninfo
    assert "sslmode=require" in conninfo


# The commands ------------------------------------------------------------------


def test_backup_then_restore_brings_every_row_back(app, url, make_task, tmp_path):
    task = make_task(title="Walk the block with the owners")
    task_id = task.id
    file = tmp_path / "before.backup"

    backed_up = run(app, "backup", str(file))
    assert backed_up.exit_code == 0, backed_up.output
    manifest = json.loads(backups.manifest_path(file).read_text())
    assert manifest["database"] == backups.database_kind(url)
    assert manifest["tables"]["tasks"]["rows"] == 1
    assert "tasks" in backed_up.output and str(file) in backed_up.output

    db.session.get(Task, task_id).title = "Changed after the backup"
    db.session.add(Organization(name="Added after the backup", kind="other"))
    db.session.commit()
    _let_go()

    restored = run(app, "restore", str(file), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "tasks: OK (1 rows)" in restored.output
    assert "mismatch" not in restored.output
    assert db.session.get(Task, task_id).title == "Walk the block with the owners"
    assert not db.session.scalar(
        sa.select(Organization).where(Organization.name == "Added after the backup")
    )


def test_restore_reports_a_table_that_differs_from_the_manifest_and_exits_1(
    app, url, make_task, make_organization, tmp_path
):
    make_task()
    file = tmp_path / "tampered.backup"
    assert run(app, "backup", str(file)).exit_code == 0
    manifest = backups.manifest_path(file)
    document = json.loads(manifest.read_text())
    document["tables"]["tasks"]["sha256"] = "0" * 64
    manifest.write_text(json.dumps(document))
    # Signed by this installation, as if its own backup had gone wrong.
    backups.sign_manifest(manifest, manifest_key())
    make_organization(name="Added after the backup")
    _let_go()

    restored = run(app, "restore", str(file), "--yes")
    assert restored.exit_code == 1
    assert "tasks: mismatch (same 1 rows, other values)" in restored.output
    assert "cases: OK" in restored.output
    # The scratch copy differed, so the live data was never touched.
    assert "Nothing was restored" in restored.output
    assert db.session.scalar(
        sa.select(Organization).where(Organization.name == "Added after the backup")
    )


def test_restore_asks_first_and_changes_nothing_when_refused(
    app, url, make_organization, tmp_path
):
    file = tmp_path / "empty.backup"
    assert run(app, "backup", str(file)).exit_code == 0
    make_organization(name="Kept")
    _let_go()

    refused = run(app, "restore", str(file), input="n\n")
    assert refused.exit_code == 1
    assert "Replace everything in" in refused.output
    assert db.session.scalar(sa.select(Organization).where(Organization.name == "Kept"))


def test_restore_refuses_a_backup_of_the_other_database(app, url, tmp_path):
    file = tmp_path / "other.backup"
    file.write_bytes(b"not a database")
    other = "postgresql" if backups.database_kind(url) == "sqlite" else "sqlite"
    backups.manifest_path(file).write_text(
        json.dumps({"database": other, "tables": {}})
    )
    refused = run(app, "restore", str(file), "--yes")
    assert refused.exit_code == 1
    assert f"is a {other} backup" in refused.output


# Consistency under writes ------------------------------------------------------


class Writer(threading.Thread):
    """Adds organizations, one committed row at a time, until stopped."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.engine = sa.create_engine(url)
        self.written = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with self.engine.begin() as connection:
                    connection.execute(
                        sa.insert(Organization),
                        {"name": f"Written meanwhile {self.written}", "kind": "other"},
                    )
                self.written += 1
        except BaseException as error:  # reported by the test
            self.error = error
        finally:
            self.engine.dispose()

    def wait_for(self, writes: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.written < writes and time.monotonic() < deadline:
            if self.error:
                raise self.error
            self.stop.wait(0.01)
        assert self.written >= writes, "the writer fell behind"


def test_a_backup_taken_while_another_thread_writes_is_one_moment(
    app, url, make_task, tmp_path
):
    for _ in range(5):
        make_task(description="x" * 2000)  # a database of some pages
    _let_go()
    file = tmp_path / "busy.backup"
    writer = Writer(url)
    writer.start()
    try:
        writer.wait_for(5)
        if backups.database_kind(url) == "sqlite":
            # A few pages a step, and a write committed between steps: the
            # copy must neither restart nor include them.
            reports: list[int] = []

            def between_steps(done: int, total: int) -> None:
                reports.append(done)
                if len(reports) > 200:  # restarting for ever: let it end
                    writer.stop.set()
                elif done < total:
                    writer.wait_for(writer.written + 1)

            summary = backups.backup_sqlite(
                backups.sqlite_path(url), file, between_steps, pages=4
            )
            assert len(reports) > 3 and reports == sorted(reports)
        else:
            summary = backups.backup_postgresql(url, file)
        writer.wait_for(writer.written + 5)  # and after the backup
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None
    live = backups.summarise(url)["organizations"].rows
    assert 5 < summary["organizations"].rows < live

    with fresh_database(tmp_path) as copy_url:
        assert backups.restore(copy_url, file, summary).restored
        checks = backups.compare(summary, backups.summarise(copy_url))
    assert [c.describe() for c in checks if not c.ok] == []
    assert {c.table for c in checks} >= {"organizations", "tasks", "audit_events"}


def test_the_sqlite_copy_is_one_file(app, url, make_task, tmp_path):
    if backups.database_kind(url) != "sqlite":
        pytest.skip("SQLite only")
    make_task()
    _let_go()
    file = tmp_path / "single.sqlite3"
    backups.backup(url, file)
    assert not Path(f"{file}-wal").exists()
    backups.check_sqlite_file(file)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"SQLite? no." * 1000)
    with pytest.raises(backups.BackupError, match="not a SQLite database"):
        backups.check_sqlite_file(garbage)


def test_a_backup_is_private_and_never_written_over_the_database(
    app, url, make_task, tmp_path
):
    make_task()
    _let_go()
    file = tmp_path / "private.backup"
    assert run(app, "backup", str(file)).exit_code == 0
    assert file.stat().st_mode & 0o777 == 0o600
    if backups.database_kind(url) == "sqlite":
        live = backups.sqlite_path(url)
        refused = run(app, "backup", str(live))
        assert refused.exit_code == 1
        assert "cannot replace the database" in refused.output
        assert live.stat().st_size > 0


# Restores that check first ----------------------------------------------------


def _backed_up(app, make_organization, tmp_path, name="checked.backup"):  # type: ignore[no-untyped-def]
    """A backup, then a change after it that a restore would undo."""
    make_organization(name="In the backup")
    file = tmp_path / name
    assert run(app, "backup", str(file)).exit_code == 0
    make_organization(name="Added after the backup")
    _let_go()
    return file


def _still_live() -> bool:
    found = db.session.scalar(
        sa.select(Organization).where(Organization.name == "Added after the backup")
    )
    _let_go()  # a restore after this must not wait for the test's transaction
    return found is not None


def test_the_manifest_is_signed_and_names_the_file(app, url, tmp_path):
    file = tmp_path / "signed.backup"
    assert run(app, "backup", str(file)).exit_code == 0
    manifest = backups.read_manifest(file)
    assert manifest.document["signature"]
    assert manifest.file_sha256 == backups.file_sha256(file)
    assert manifest.problem(file, manifest_key()) is None
    assert "bad signature" in manifest.problem(file, b"another installation's key")


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ("unsigned", "is not signed"),
        ("edited", "has a bad signature"),
        ("missing", "There is no manifest next to"),
        ("other file", "is not the file its manifest describes"),
    ],
)
def test_restore_refuses_an_untrusted_manifest_unless_forced(
    app, url, make_organization, tmp_path, spoil, message
):
    file = _backed_up(app, make_organization, tmp_path)
    manifest = backups.manifest_path(file)
    document = json.loads(manifest.read_text())
    if spoil == "unsigned":
        del document["signature"]
    elif spoil == "edited":
        document["tables"]["organizations"]["rows"] += 1
    if spoil == "missing":
        manifest.unlink()
    else:
        manifest.write_text(json.dumps(document))
    if spoil == "other file":
        with file.open("ab") as handle:
            handle.write(b"\0")

    refused = run(app, "restore", str(file), "--yes")
    assert refused.exit_code == 1
    assert message in refused.output and "refusing to restore it" in refused.output
    assert _still_live()
    if spoil in {"unsigned", "missing"}:
        forced = run(app, "restore", str(file), "--yes", "--force")
        assert forced.exit_code == 0, forced.output
        assert "restoring anyway (--force)" in forced.output
        assert not _still_live()


def test_a_forced_restore_still_refuses_a_copy_that_differs(
    app, url, make_organization, tmp_path
):
    file = _backed_up(app, make_organization, tmp_path)
    manifest = backups.manifest_path(file)
    document = json.loads(manifest.read_text())
    document["tables"]["organizations"]["rows"] += 1
    manifest.write_text(json.dumps(document))
    forced = run(app, "restore", str(file), "--yes", "--force")
    assert forced.exit_code == 1
    assert "Nothing was restored: 1 table(s)" in forced.output
    assert _still_live()


def test_a_scratch_copy_is_checked_and_removed(app, url, make_organization, tmp_path):
    file = _backed_up(app, make_organization, tmp_path)
    result = backups.restore(url, file, {"organizations": backups.TableSummary(0, "")})
    assert not result.restored and "organizations" in result.differing
    assert _still_live()
    if backups.database_kind(url) == "sqlite":
        folder = backups.sqlite_path(url).parent
        assert not list(folder.glob(".*.restore-*")), "the scratch file is left"
    else:
        names = db.session.scalars(
            sa.text("SELECT datname FROM pg_database WHERE datname LIKE '%_restore_%'")
        ).all()
        assert names == [], "the scratch database is left"


def test_backup_refuses_to_overwrite_a_file_unless_forced(app, url, tmp_path):
    file = tmp_path / "kept.backup"
    file.write_bytes(b"the only good backup there is")
    refused = run(app, "backup", str(file))
    assert refused.exit_code == 1
    assert "already exists" in refused.output and "--force" in refused.output
    assert file.read_bytes() == b"the only good backup there is"
    forced = run(app, "backup", str(file), "--force")
    assert forced.exit_code == 0, forced.output
    assert backups.read_manifest(file).problem(file, manifest_key()) is None
