"""``caseboard audit …`` and ``caseboard secrets …``: proving the audit trail
whole, and re-encrypting secrets after the secret key changed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from caseboard.cli.group import commands
from caseboard.extensions import db


@commands.group("audit")
def audit_group() -> None:
    """The audit trail."""


def _verify(expected=None):
    from caseboard.database import force_read_only
    from caseboard.services import audit_chain

    # A long read: on SQLite it must not hold the write lock (BEGIN DEFERRED).
    reading = force_read_only.set(True)
    try:
        total = audit_chain.count_events()
        with click.progressbar(
            length=total, label="Verifying", hidden=total < 10_000
        ) as bar:
            result = audit_chain.verify_trail(
                on_event=lambda: bar.update(1), expected=expected
            )
    finally:
        force_read_only.reset(reading)
        db.session.commit()  # end the read before anything writes
    return result


def _report_break(result) -> None:
    click.echo(f"{result.verified} events verified before the break.", err=True)
    if result.bad_id is not None:
        click.echo(f"Event {result.bad_id} fails: {result.reason}.", err=True)
    if result.problem:
        click.echo(f"The trail fails: {result.problem}.", err=True)


def _read_checkpoints(files: tuple[Path, ...]):
    from caseboard.services import audit_chain

    checkpoints = []
    for file in files:
        try:
            checkpoints.append(
                audit_chain.read_checkpoint(json.loads(file.read_text()))
            )
        except (ValueError, audit_chain.CheckpointFileError) as error:
            raise click.ClickException(f"{file}: {error}") from error
    return checkpoints


@audit_group.command("verify")
@click.option(
    "--checkpoint",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A checkpoint exported earlier: the trail must still hold it.",
)
@with_appcontext
def audit_verify_command(files: tuple[Path, ...]) -> None:
    """Check the audit trail's keyed hash chain, and that it still holds each
    exported checkpoint given; exit 1 where it breaks."""
    result = _verify(_read_checkpoints(files))
    if not result.ok:
        _report_break(result)
        sys.exit(1)
    click.echo(f"{result.verified} events verified: the chain is unbroken.")
    if files:
        click.echo(f"It holds the {len(files)} checkpoint(s) given: none cut off.")
    # Removing the newest events leaves a shorter chain that still verifies;
    # an exported checkpoint, or this hash kept elsewhere, is how that shows.
    click.echo(f"Last hash: {result.last_hash}")


@audit_group.command("checkpoint")
@click.option(
    "--export",
    "export_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the checkpoint to this file, to keep away from the database.",
)
@click.option(
    "--adopt-unkeyed",
    is_flag=True,
    help="Vouch for a trail written before the chain was keyed (once, right "
    "after upgrading).",
)
@with_appcontext
def audit_checkpoint_command(export_file: Path | None, adopt_unkeyed: bool) -> None:
    """Verify the trail, then add a signed checkpoint: how many events there
    are and the hash of the last. Run it daily and keep the exports."""
    from caseboard.services import audit_chain

    result = _verify()
    adopting = adopt_unkeyed and result.only_unadopted
    if not (result.ok or adopting):
        _report_break(result)
        click.echo("No checkpoint written: the trail does not verify.", err=True)
        sys.exit(1)
    event = audit_chain.write_checkpoint()
    db.session.commit()
    if adopting:
        click.echo(f"Adopted {result.unkeyed} events from before keying.")
    click.echo(f"Checkpoint: event {event.id}, after {event.changes['events'][1]:,}.")
    if export_file is not None:
        document = audit_chain.export_checkpoint(event)
        export_file.write_text(json.dumps(document, indent=2) + "\n")
        click.echo(f"Exported to {export_file}: keep it away from the database.")
