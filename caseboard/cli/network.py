"""``caseboard network``: the tie table, the report and the exports of the
relationship network of the whole coalition."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from caseboard.cli.group import commands, flag
from caseboard.extensions import db
from caseboard.models import SiteRole, User


@commands.group("network")
def network_group() -> None:
    """The relationship network of the whole coalition."""


def _coalition_graph():
    from caseboard.network.graph import Scope, build

    admin = db.session.scalars(
        select(User).where(User.site_role == SiteRole.ADMIN, User.active.is_(True))
    ).first()
    if admin is None:
        raise click.ClickException("No active administrator to read the network as.")
    return build(admin, Scope()).graph


@network_group.command("rebuild-ties")
@flag("--check", "Only compare the tie table with the contacts; change nothing.")
@with_appcontext
def network_rebuild_ties_command(check: bool) -> None:
    """Recompute the tie table from the contacts and prove it equal."""
    from caseboard.network import freshness, tie_table

    connection = db.session.connection()
    total = tie_table.count_sources(connection)
    started, cpu = time.perf_counter(), time.process_time()
    with click.progressbar(length=total, label="Contact pairs") as bar:
        if check:
            wanted = tie_table.compute(connection, progress=bar.update)
        else:
            wanted = tie_table.rebuild(connection, progress=bar.update)
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    found = tie_table.differences(tie_table.stored(connection), wanted)
    if found:
        db.session.rollback()
        for line in found:
            click.echo(line, err=True)
        raise click.ClickException("The tie table differs from the contacts.")
    if not check:
        freshness.bump(db.session)
        db.session.commit()
    shares = len(wanted.shares)
    done = "computed" if check else "rebuilt"
    click.echo(
        f"The tie table matches the contacts: {shares} shares of ties "
        f"({done} in {took:.1f} s, {cpu:.1f} s of it this process's CPU)."
    )


@network_group.command("report")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@with_appcontext
def network_report_command(as_json: bool) -> None:
    """Brokers, single points of failure and bridges (on active ties)."""
    import json

    from caseboard.network.report import as_json as report_json
    from caseboard.network.report import build_report

    report = report_json(build_report(_coalition_graph()))
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo("Brokers (betweenness):")
    for person in report["people"][:10]:
        click.echo(
            f"  {person['betweenness']:.3f}  {person['name']} "
            f"({person['organization']})"
        )
    click.echo(
        f"Articulation points: {', '.join(report['articulation_points']) or '-'}"
    )
    click.echo(f"Bridges: {len(report['bridges'])}")


@network_group.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "json", "csv"]),
    default="graphml",
    show_default=True,
)
@with_appcontext
def network_export_command(fmt: str) -> None:
    """Write the coalition network to standard output."""
    from caseboard.network.exports import export
    from caseboard.network.report import build_report

    graph = _coalition_graph()
    click.echo(export(graph, fmt, build_report(graph).metrics))
