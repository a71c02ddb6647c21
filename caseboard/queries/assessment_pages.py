"""What the Assessment tab's grid, the scorecard and the SARA case report
read, scoped to the viewer."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseboard.assessment.svg import series_chart
from caseboard.assessment.windows import add_periods, period_of
from caseboard.clock import today
from caseboard.extensions import db
from caseboard.inputs import parse_int
from caseboard.models import AgendaItem, Case, Measure, Meeting, User
from caseboard.permissions import visible_meetings
from caseboard.queries.assessment import case_assessment
from caseboard.queries.scope import scoped_cases
from caseboard.sara import PROMPTS

EMPTY_GRID_PERIODS = 12
EXTRA_ROWS = 3


def grid_rows(measure: Measure, more: Any = None) -> list[date]:
    """The periods the grid shows: every one with data, then a few empty
    ones to fill (``more`` asks for more of them); for a measure without
    data, the last year of periods up to now."""
    period = str(measure.period)
    extra = parse_int(more, EXTRA_ROWS, 0, 520) if more else EXTRA_ROWS
    starts = sorted({p.period_start for p in measure.points})
    if not starts:
        last = period_of(today(), period)
        first = add_periods(last, -(EMPTY_GRID_PERIODS - 1), period)
        return [add_periods(first, k, period) for k in range(EMPTY_GRID_PERIODS)]
    first, last = starts[0], starts[-1]
    rows = []
    current = first
    while current <= last:
        rows.append(current)
        current = add_periods(current, 1, period)
    rows += [add_periods(last, k, period) for k in range(1, extra + 1)]
    return rows


def visible_case_list(viewer: User) -> list[Case]:
    """The cases the viewer may see in the coalition chosen in the top bar
    (or all of theirs): the scorecard's rows."""
    return list(
        db.session.scalars(
            scoped_cases(viewer)
            .order_by(Case.title)
            .options(selectinload(Case.responses), selectinload(Case.roles))
        )
    )


def _decisions(case: Case) -> list[tuple[Meeting, AgendaItem]]:
    """The case's agenda items with decisions, in meetings the viewer sees."""
    meetings = visible_meetings(current_user).with_only_columns(Meeting.id)
    items = db.session.scalars(
        select(AgendaItem)
        .where(
            AgendaItem.case_id == case.id,
            AgendaItem.meeting_id.in_(meetings.scalar_subquery()),
        )
        .options(selectinload(AgendaItem.decisions), selectinload(AgendaItem.meeting))
    )
    return sorted(
        ((item.meeting, item) for item in items if item.decisions),
        key=lambda pair: pair[0].starts_at,
    )


def report_context(case: Case) -> dict[str, Any]:
    """Everything the SARA case report shows.  Notes are left out entirely,
    so no restricted note can appear in it."""
    result = case_assessment(case)
    charts = {
        measure.id: series_chart(f"{measure.name} by area", r.series, r.windows, r.band)
        for measure, r in result.measures
    }
    return {
        "case": case,
        "result": result,
        "charts": charts,
        "prompts": PROMPTS,
        "answers": case.sara_answers or {},
        "decisions": _decisions(case),
        "today": today(),
    }
