"""One measure's assessment: every figure the page, the report and
``caseboard assess`` show, computed from its data points and windows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from caseboard.assessment import formulas, readings
from caseboard.assessment.bands import BandPoint, control_band
from caseboard.assessment.formulas import WDD, Pair
from caseboard.assessment.its import ITSResult, interrupted_time_series
from caseboard.assessment.windows import WEEK, Windows, area_totals, choose_windows

AREAS = ("target", "buffer", "control", "control_buffer")
# Kinds whose values are counts of events, so Poisson arithmetic applies.
COUNT_KINDS = frozenset({"count", "enforcement"})


@dataclass(frozen=True)
class MeasureSpec:
    """What the computation needs to know about a measure."""

    name: str
    kind: str = "count"
    unit: str = "incidents"
    direction: str = "down"
    period: str = "month"
    harm_weight: float = 1.0

    @property
    def success(self) -> bool:
        return self.kind != "enforcement"


@dataclass
class MeasureResult:
    spec: MeasureSpec
    windows: Windows | None
    series: list[tuple[date, dict[str, float]]]
    baseline: dict[str, float] = field(default_factory=dict)
    response: dict[str, float] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)
    gross_effect: float | None = None
    percent_change: float | None = None
    net_effect: float | None = None
    wdq: float | None = None
    wdq_reading: str | None = None
    tne: float | None = None
    wdd: WDD | None = None
    its: ITSResult | None = None
    band: list[BandPoint] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)

    @property
    def areas(self) -> list[str]:
        """The areas with any data, in the usual order."""
        present = {area for _, row in self.series for area in row}
        return [area for area in AREAS if area in present]

    @property
    def reading(self) -> str:
        return " ".join(self.sentences)

    @property
    def improved(self) -> bool:
        """A reliable change in the better direction."""
        up = self.spec.direction == "up"
        if self.wdd is not None and (
            self.wdd.reliable_increase if up else self.wdd.reliable_decline
        ):
            return True
        return self.its is not None and (
            self.its.reliable_increase if up else self.its.reliable_decline
        )

    @property
    def evidence(self) -> str:
        if self.wdd is not None:
            low, high = (readings.number(v) for v in self.wdd.ci90)
            estimate = readings.number(self.wdd.estimate)
            return f"WDD {estimate}, 90% interval {low} to {high}"
        if self.its is not None:
            low, high = (readings.number(v, 2) for v in self.its.ci95)
            return f"level rate ratio 95% interval {low} to {high}"
        return "no test available"

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.spec.name,
            "kind": self.spec.kind,
            "unit": self.spec.unit,
            "periods": self.windows.periods if self.windows else 0,
            "baseline": self.baseline,
            "response": self.response,
            "gross_effect": self.gross_effect,
            "net_effect": self.net_effect,
            "percent_change": self.percent_change,
            "wdq": self.wdq,
            "tne": self.tne,
            "wdd": formulas.estimate_json(self.wdd),
            "its": None
            if self.its is None
            else {
                "level_rate_ratio": self.its.level_rate_ratio,
                "ci95": list(self.its.ci95),
                "slope_change": self.its.slope_change,
            },
            "reading": self.reading,
        }


def _series(
    values: Mapping[tuple[str, date], float],
) -> list[tuple[date, dict[str, float]]]:
    rows: dict[date, dict[str, float]] = {}
    for (area, start), value in values.items():
        rows.setdefault(start, {})[area] = value
    return sorted(rows.items())


def assess_measure(
    spec: MeasureSpec,
    values: Mapping[tuple[str, date], float],
    response_start: date | None,
    periods: int | None = None,
) -> MeasureResult:
    """``values`` maps (area, period start) to the value entered."""
    series = _series(values)
    windows = None
    if response_start is not None:
        windows = choose_windows(
            [start for start, _ in series], response_start, spec.period, periods
        )
    result = MeasureResult(spec=spec, windows=windows, series=series)
    if windows is None:
        result.sentences.append(
            f"{spec.name}: not enough data on both sides of the response start."
        )
        return result
    totals = area_totals(values, AREAS, windows, mean=spec.kind not in COUNT_KINDS)
    result.missing = totals.missing
    result.baseline = {area: pair.before for area, pair in totals.pairs.items()}
    result.response = {area: pair.after for area, pair in totals.pairs.items()}
    target = totals.pairs.get("target")
    if target is None:
        result.sentences.append(f"{spec.name}: no target-area data in both windows.")
        return result
    _effects(result, target, totals.pairs)
    if spec.kind in COUNT_KINDS:
        _tests(result, target, totals.pairs, values, windows)
    return result


def _effects(result: MeasureResult, target: Pair, pairs: dict[str, Pair]) -> None:
    spec = result.spec
    result.gross_effect = formulas.gross_effect(target)
    result.percent_change = formulas.percent_change(target)
    digits = 0 if spec.kind in COUNT_KINDS else 2
    result.sentences.append(
        readings.change_sentence(spec.name, spec.unit, target, digits)
    )
    control, buffer = pairs.get("control"), pairs.get("buffer")
    if control is not None:
        result.net_effect = formulas.net_effect(target, control)
    if control is not None and buffer is not None:
        result.wdq = formulas.wdq(target, buffer, control)
        result.wdq_reading = formulas.wdq_reading(result.wdq)
        result.tne = formulas.tne(target, buffer, control)
        sentence = readings.wdq_sentence(result.wdq)
        if sentence:
            result.sentences.append(sentence)


def _tests(
    result: MeasureResult,
    target: Pair,
    pairs: dict[str, Pair],
    values: Mapping[tuple[str, date], float],
    windows: Windows,
) -> None:
    control = pairs.get("control")
    if control is not None:
        result.wdd = formulas.wdd(
            target, control, pairs.get("buffer"), pairs.get("control_buffer")
        )
        result.sentences.append(readings.wdd_sentence(result.wdd))
    starts: Sequence[date] = windows.baseline + windows.response
    counts = [values.get(("target", start)) for start in starts]
    if all(count is not None for count in counts):
        months = None if windows.period == WEEK else [s.month for s in starts]
        result.its = interrupted_time_series(
            [float(c or 0) for c in counts], windows.periods, months
        )
        if result.its is not None:
            result.sentences.append(readings.its_sentence(result.its))
    if windows.period == WEEK:
        result.band = control_band(
            [values.get(("target", start), 0.0) for start, _ in result.series]
        )
