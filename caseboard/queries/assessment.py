"""A case's assessment, and the scorecard over several cases.

The caller scopes: ``case_assessment`` takes a case the viewer may see (a
loader checked it); ``scorecard`` takes the cases to show (today the
viewer's visible cases; a coalition's cases once coalitions exist).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseboard.assessment import formulas
from caseboard.assessment.results import MeasureResult, MeasureSpec, assess_measure
from caseboard.assessment.verdict import Judgement, MeasureOutcome, judge
from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    AssessmentWindow,
    Case,
    CaseStage,
    Measure,
    ResponseStart,
    StageChange,
)
from caseboard.queries.assessment_process import (
    Process,
    Relationships,
    process,
    relationships,
)


@dataclass
class CaseAssessment:
    case: Case
    response_start: date | None
    start_source: str  # "given", "recorded" or "stage" (entered Response)
    periods: int | None  # the analyst's choice; None = longest possible
    measures: list[tuple[Measure, MeasureResult]]
    process: Process
    relationships: Relationships | None
    judgement: Judgement
    rollup: formulas.HarmRollup | None

    @property
    def success_results(self) -> list[MeasureResult]:
        return [r for _, r in self.measures if r.spec.success]

    @property
    def enforcement_results(self) -> list[MeasureResult]:
        return [r for _, r in self.measures if not r.spec.success]

    def as_json(self) -> dict[str, Any]:
        return {
            "case": {"id": self.case.id, "title": self.case.title},
            "response_start": self.response_start.isoformat()
            if self.response_start
            else None,
            "measures": [result.as_json() for _, result in self.measures],
            "harm_weighted": formulas.estimate_json(self.rollup),
            "process": self.process.as_json(),
            "relationships": self.relationships.as_json()
            if self.relationships
            else None,
            "verdict": {
                "verdict": str(self.judgement.verdict),
                "reason": self.judgement.reason,
            },
        }


def spec_of(measure: Measure) -> MeasureSpec:
    return MeasureSpec(
        name=measure.name,
        kind=str(measure.kind),
        unit=measure.unit,
        direction=str(measure.direction),
        period=str(measure.period),
        harm_weight=measure.harm_weight,
    )


def case_measures(case: Case) -> list[Measure]:
    return list(
        db.session.scalars(
            select(Measure)
            .where(Measure.case_id == case.id)
            .options(selectinload(Measure.points))
            .order_by(Measure.kind == "enforcement", Measure.name)
        )
    )


def response_starts(case: Case) -> list[ResponseStart]:
    return list(
        db.session.scalars(
            select(ResponseStart)
            .where(ResponseStart.case_id == case.id)
            .order_by(ResponseStart.starts_on)
        )
    )


def entered_response(case: Case) -> date | None:
    """The day the case first entered Response, from its SARA history."""
    moved = db.session.scalar(
        select(StageChange.moved_at)
        .where(
            StageChange.case_id == case.id, StageChange.to_stage == CaseStage.RESPONSE
        )
        .order_by(StageChange.moved_at)
        .limit(1)
    )
    return moved.date() if moved else None


def default_start(case: Case) -> tuple[date | None, str]:
    starts = response_starts(case)
    if starts:
        return starts[0].starts_on, "recorded"
    return entered_response(case), "stage"


def chosen_periods(case: Case) -> int | None:
    window = db.session.get(AssessmentWindow, case.id)
    return window.periods if window else None


def _values(measure: Measure) -> dict[tuple[str, date], float]:
    return {(str(p.area), p.period_start): p.value for p in measure.points}


def case_assessment(
    case: Case, response_start: date | None = None, periods: int | None = None
) -> CaseAssessment:
    source = "given"
    if response_start is None:
        response_start, source = default_start(case)
    if periods is None:
        periods = chosen_periods(case)
    measures = case_measures(case)
    results = [
        (m, assess_measure(spec_of(m), _values(m), response_start, periods))
        for m in measures
    ]
    proc = process(case, today())
    outcomes = [
        MeasureOutcome(r.spec.name, r.improved, r.evidence)
        for _, r in results
        if r.spec.success and (r.wdd is not None or r.its is not None)
    ]
    return CaseAssessment(
        case=case,
        response_start=response_start,
        start_source=source,
        periods=periods,
        measures=results,
        process=proc,
        relationships=_relationships(case, results, response_start),
        judgement=judge(proc.responses_planned, proc.responses_delivered, outcomes),
        rollup=formulas.harm_rollup(
            (r.wdd, r.spec.harm_weight)
            for _, r in results
            if r.spec.success and r.wdd is not None
        ),
    )


def _relationships(
    case: Case, results: list[tuple[Measure, MeasureResult]], start: date | None
) -> Relationships | None:
    """Over the first measure's windows, or a year either side of the start
    when no measure has windows."""
    if start is None:
        return None
    windows = next((r.windows for _, r in results if r.windows), None)
    if windows is not None:
        return relationships(case, windows.baseline_dates, windows.response_dates)
    year = timedelta(days=365)
    return relationships(case, (start - year, start), (start, start + year))


@dataclass
class ScorecardRow:
    assessment: CaseAssessment

    @property
    def harm_weighted_change(self) -> float | None:
        rollup = self.assessment.rollup
        return rollup.estimate if rollup else None

    @property
    def enforcement_change(self) -> list[tuple[str, float | None]]:
        return [
            (r.spec.name, r.percent_change) for r in self.assessment.enforcement_results
        ]


def scorecard(cases: Iterable[Case]) -> list[ScorecardRow]:
    """Each case's verdict, harm-weighted change, enforcement as context,
    relationships built and follow-through.  ``cases`` are already scoped
    to what the viewer may see."""
    return [ScorecardRow(case_assessment(case)) for case in cases]
