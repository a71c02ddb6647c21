"""Baseline and response windows over a measure's periods.

Periods are identified by the day they start: the first of a month, or the
Monday (any day, in fact: the day the analyst's weeks start) of a week.  The
first response period is the one containing the response start; the
baseline is the ``n`` periods before it and the response window the ``n``
periods from it, so the two windows have equal length.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from caseboard.assessment.formulas import Pair

MONTH = "month"
WEEK = "week"


def add_periods(start: date, count: int, period: str) -> date:
    if period == WEEK:
        return start + timedelta(weeks=count)
    months = start.year * 12 + (start.month - 1) + count
    return date(months // 12, months % 12 + 1, 1)


def period_of(day: date, period: str, anchor: date | None = None) -> date:
    """The start of the period containing ``day``; weeks are counted from
    ``anchor`` (a known week start), or start on Mondays without one."""
    if period == MONTH:
        return day.replace(day=1)
    if anchor is None:
        return day - timedelta(days=day.weekday())
    return day - timedelta(days=(day - anchor).days % 7)


def _periods_between(start: date, end: date, period: str) -> int:
    """Whole periods from ``start`` up to ``end`` (negative when before)."""
    if period == WEEK:
        return (end - start).days // 7
    return (end.year - start.year) * 12 + end.month - start.month


@dataclass(frozen=True)
class Windows:
    first_response: date
    periods: int
    baseline: list[date]
    response: list[date]
    period: str

    @property
    def baseline_dates(self) -> tuple[date, date]:
        """First day and the day after the last, as a half-open range."""
        return self.baseline[0], self.first_response

    @property
    def response_dates(self) -> tuple[date, date]:
        return self.first_response, add_periods(
            self.first_response, self.periods, self.period
        )


def choose_windows(
    available: Iterable[date],
    response_start: date,
    period: str,
    periods: int | None = None,
) -> Windows | None:
    """Equal windows either side of the start: ``periods`` long when the
    analyst chose, else as long as the data allow on the shorter side.
    None when there is no period of data on one side."""
    starts = sorted(set(available))
    if not starts:
        return None
    first = period_of(response_start, period, starts[0])
    # Calendar periods, not data points: a quarterly survey entered in a
    # monthly measure still spans every month between its first and last.
    before = _periods_between(starts[0], first, period)
    after = _periods_between(first, starts[-1], period) + 1
    n = periods if periods else min(before, after)
    if n <= 0:
        return None
    return Windows(
        first_response=first,
        periods=n,
        baseline=[add_periods(first, k, period) for k in range(-n, 0)],
        response=[add_periods(first, k, period) for k in range(n)],
        period=period,
    )


@dataclass(frozen=True)
class AreaTotals:
    """Per area, the window's total (counts) or mean (scores, rates, as
    ``mean=True``); an area is missing when it has no data in a window."""

    pairs: dict[str, Pair]
    missing: dict[str, int]  # periods without a value, per area


def area_totals(
    values: Mapping[tuple[str, date], float],
    areas: Iterable[str],
    windows: Windows,
    mean: bool = False,
) -> AreaTotals:
    pairs: dict[str, Pair] = {}
    missing: dict[str, int] = {}
    for area in areas:
        before = [values.get((area, start)) for start in windows.baseline]
        after = [values.get((area, start)) for start in windows.response]
        known_before = [v for v in before if v is not None]
        known_after = [v for v in after if v is not None]
        if not known_before or not known_after:
            continue
        if mean:
            pairs[area] = Pair(
                sum(known_before) / len(known_before),
                sum(known_after) / len(known_after),
            )
        else:
            pairs[area] = Pair(sum(known_before), sum(known_after))
        gaps = len(before) - len(known_before) + len(after) - len(known_after)
        if gaps:
            missing[area] = gaps
    return AreaTotals(pairs, missing)
