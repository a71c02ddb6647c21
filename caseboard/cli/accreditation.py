"""``caseboard accreditation renewals`` and ``caseboard accreditation
measure``: thin wrappers over ``services.accreditation_renewals`` (which a
periodic job may call the same way)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from caseboard.cli.group import commands
from caseboard.clock import today
from caseboard.extensions import db
from caseboard.services import accreditation_renewals as renewals


@commands.group("accreditation")
def accreditation_group() -> None:
    """Accreditation schemes: renewals and the accredited-venues measure."""


@accreditation_group.command("renewals")
@click.option(
    "--within-days",
    type=click.IntRange(0, 3650),
    help="Sign-offs lapsing within this many days (default: each scheme's "
    "renewal window).",
)
@with_appcontext
def renewals_command(within_days: int | None) -> None:
    """Make renewal tasks for the signing agency and the establishment's
    manager; a rerun makes none twice."""
    total = len(renewals.schemes())
    with click.progressbar(length=total, label="Schemes") as bar:
        run = renewals.create_renewal_tasks(within_days, advance=bar.update)
    db.session.commit()
    click.echo(f"{run.due} sign-offs due for renewal; {run.created} tasks created.")
    for name in run.schemes_without_case:
        click.echo(f"Skipped “{name}”: the scheme names no case for its tasks.")


@accreditation_group.command("measure")
@with_appcontext
def measure_command() -> None:
    """Record today's count of accredited venues as each scheme's data point."""
    for scheme in renewals.schemes():
        measure = renewals.record_accredited_venues(scheme)
        if measure is None:
            click.echo(f"Skipped “{scheme.name}”: the scheme names no case.")
            continue
        count = renewals.accredited_count(scheme, today())
        click.echo(f"{scheme.name}: {count} accredited venues on {today():%Y-%m-%d}.")
    db.session.commit()
