"""``caseboard backup`` and ``caseboard restore``: thin wrappers over
``caseboard.backups``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from caseboard.cli.group import commands
from caseboard.extensions import db


def _database_url() -> str:
    # The engine's URL: Flask-SQLAlchemy resolves a relative SQLite path.
    return db.engine.url.render_as_string(hide_password=False)


@commands.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@with_appcontext
def backup_command(file: Path | None, force: bool) -> None:
    """Back up the database to FILE while it is in use, with a signed manifest
    of rows and checksums per table (default FILE: the instance folder,
    stamped with the UTC time)."""
    from caseboard import backups
    from caseboard.keys import manifest_key

    url = _database_url()
    try:
        kind = backups.database_kind(url)
        folder = Path(current_app.instance_path)
        file = file or backups.default_backup_path(folder, kind)
        label = "Copying pages" if kind == "sqlite" else "pg_dump"
        with click.progressbar(length=1, label=label) as bar:
            summary = backups.backup(
                url, file, progress=_page_progress(bar), overwrite=force
            )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    manifest = backups.write_manifest(file, kind, summary, manifest_key())
    for table, figures in sorted(summary.items()):
        click.echo(f"  {table:<26} {figures.rows:>10,}  {figures.sha256[:16]}")
    click.echo(f"Backed up to {file} ({file.stat().st_size:,} bytes).")
    click.echo(f"Rows and checksums per table, signed: {manifest}")


def _trusted_manifest(file: Path, kind: str, force: bool):
    """The backup's manifest when it can be trusted; else refuse, unless
    --force: then an untrusted manifest's figures are still checked (an
    unsigned one may come from before manifests were signed), and without a
    manifest nothing is."""
    from caseboard import backups
    from caseboard.keys import manifest_key

    manifest = backups.read_manifest(file)
    if manifest is not None and manifest.database != kind:
        raise backups.BackupError(
            f"{file} is a {manifest.database} backup; this database is {kind}."
        )
    problem = (
        f"There is no manifest next to {file}"
        if manifest is None
        else manifest.problem(file, manifest_key())
    )
    if problem is None:
        return manifest
    if not force:
        raise backups.BackupError(
            f"{problem}: refusing to restore it. --force restores it anyway, "
            "checked against nothing."
        )
    checked = "unchecked" if manifest is None else "checked against its figures"
    click.echo(f"{problem}; restoring anyway (--force), {checked}.", err=True)
    return manifest


@commands.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
@click.option(
    "--force", is_flag=True, help="Restore even without a manifest or a good signature."
)
@with_appcontext
def restore_command(file: Path, yes: bool, force: bool) -> None:
    """Replace the database with the backup FILE once a scratch copy of it
    matches its signed manifest, table by table (exit 1 otherwise: then
    nothing is replaced)."""
    from caseboard import backups

    url = _database_url()
    try:
        kind = backups.database_kind(url)
        manifest = _trusted_manifest(file, kind, force)
        if not yes:
            where = backups.describe_database(url)
            click.confirm(f"Replace everything in {where} with {file}?", abort=True)
        db.engine.dispose()  # none of this process's connections in the way
        label = "Checking, then restoring" if kind == "sqlite" else "pg_restore"
        with click.progressbar(length=1, label=label) as bar:
            expected = manifest.tables if manifest else None
            result = backups.restore(url, file, expected, _page_progress(bar))
        checked_again = expected is not None and result.restored
        after = (
            backups.compare(expected, backups.summarise(url))
            if expected is not None and checked_again
            else []
        )
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    _report(result, after)


def _report(result, after) -> None:
    for check in result.checks:
        click.echo(f"  {check.describe()}")
    if not result.restored:
        click.echo(
            f"Nothing was restored: {len(result.differing)} table(s) of the backup "
            "differ from its manifest. The database is as it was."
        )
        sys.exit(1)
    if not result.checks:
        click.echo("Restored; no manifest, so nothing was checked.")
        return
    bad = [check.table for check in after if not check.ok]
    if bad:  # the copy matched, the live database after the swap does not
        click.echo(f"Restored, but {', '.join(bad)} differ from the backup now.")
        sys.exit(1)
    click.echo(f"Restored and verified: {len(after)} tables match the manifest.")


def _page_progress(bar):
    """Move a click progress bar as SQLite reports pages (the total is known
    only once copying starts; each copy starts the bar over)."""

    def report(done: int, total: int) -> None:
        if done < bar.pos:  # the next copy began
            bar.pos = 0
        bar.length = total
        bar.update(done - bar.pos)

    return report
