"""``caseboard assess`` and ``caseboard import measures``: thin wrappers over
``queries.assessment`` and ``services.measure_imports``."""

from __future__ import annotations

import json
from datetime import date
from typing import IO

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from caseboard.assessment.readings import number
from caseboard.cli.group import commands
from caseboard.cli.importing import read_preview, refuse_if_errors
from caseboard.extensions import db
from caseboard.models import Case
from caseboard.queries.assessment import CaseAssessment, case_assessment
from caseboard.services import measure_imports


def import_measures(file: IO[bytes], *, dry_run: bool, replace: bool) -> None:
    data, preview = read_preview(
        file, lambda data: measure_imports.preview(data, None, replace)
    )
    for row in preview.differing:
        click.echo(f"Row {row.number}: {row.message}")
    refuse_if_errors(preview)
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    result = measure_imports.apply(data, None, replace)
    db.session.commit()
    click.echo(f"Imported measures: {len(result.to_create)} points written.")


def _find_case(raw: str) -> Case:
    case = db.session.get(Case, int(raw)) if raw.isdigit() else None
    if case is None:
        found = list(db.session.scalars(select(Case).where(Case.title == raw)))
        if len(found) != 1:
            raise click.ClickException(f"No single case is numbered or called “{raw}”.")
        case = found[0]
    return case


@commands.command("assess")
@click.argument("case")
@click.option(
    "--response-start",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day the response started (default: the recorded start, else the "
    "day the case entered Response).",
)
@click.option("--periods", type=click.IntRange(1, 520), help="Window length.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@with_appcontext
def assess_command(
    case: str, response_start: date | None, periods: int | None, as_json: bool
) -> None:
    """Print the assessment of CASE (its id or exact title)."""
    found = _find_case(case)
    start = response_start.date() if response_start is not None else None  # type: ignore[attr-defined]  # click gives a datetime
    result = case_assessment(found, start, periods)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    for line in text_lines(result):
        click.echo(line)


def _value(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else number(value, digits)


def text_lines(result: CaseAssessment) -> list[str]:
    start = result.response_start.isoformat() if result.response_start else "none"
    lines = [
        f"{result.case.title} (case {result.case.id})",
        f"Response start: {start} ({result.start_source})",
        "",
    ]
    for _, m in result.measures:
        periods = m.windows.periods if m.windows else 0
        lines.append(f"{m.spec.name} [{m.spec.kind}, {periods} periods each side]")
        for area in m.baseline:
            lines.append(
                f"  {area:<15} baseline {_value(m.baseline[area], 0):>8}"
                f"   response {_value(m.response[area], 0):>8}"
            )
        lines.append(
            f"  gross effect {_value(m.gross_effect, 0)} · change "
            f"{_value(m.percent_change)}% · net effect {_value(m.net_effect, 3)}"
            f" · WDQ {_value(m.wdq, 2)} · TNE {_value(m.tne)}"
        )
        if m.wdd is not None:
            low, high = m.wdd.ci90
            lines.append(
                f"  WDD {_value(m.wdd.estimate)} (SE {_value(m.wdd.se, 2)}, "
                f"z {_value(m.wdd.z, 2)}, 90% CI {_value(low)} to {_value(high)})"
            )
        if m.its is not None:
            lines.append(
                f"  ITS ({m.its.family}) level rate ratio "
                f"{_value(m.its.level_rate_ratio, 2)} (95% CI "
                f"{_value(m.its.ci95[0], 2)} to {_value(m.its.ci95[1], 2)}), "
                f"slope change ×{_value(m.its.slope_change, 3)} per period"
            )
        lines.append(f"  {m.reading}")
        lines.append("")
    p = result.process
    lines.append(
        f"Process: {p.responses_delivered} of {p.responses_planned} responses "
        f"delivered; {p.tasks_done} of {p.tasks} tasks done, {p.tasks_on_time} "
        "on time."
    )
    for partner in p.partners:
        lines.append(
            f"  {partner.partner}: {partner.done_on_time} of {partner.items} action "
            f"items on time, {partner.overdue} overdue"
        )
    if result.relationships is not None:
        b, r = result.relationships.baseline, result.relationships.response
        lines.append(
            f"Relationships (baseline → response): active ties {b.active_ties} → "
            f"{r.active_ties}; cross-organization {b.cross_organization_ties} → "
            f"{r.cross_organization_ties}; controllers tied {b.controllers_tied} → "
            f"{r.controllers_tied} of {result.relationships.controllers}; contacts "
            f"a month {b.contacts_per_month} → {r.contacts_per_month}"
        )
    lines.append(f"Verdict: {result.judgement.verdict}. {result.judgement.reason}")
    return lines
