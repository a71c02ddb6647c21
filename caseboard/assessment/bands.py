"""A control band for weekly counts, so a spike stands out.

The square-root rule: for a Poisson count with mean m, 2·(√y − √m) is close
to a standard normal (Anscombe's variance-stabilising transform), so a week
is unusual when |2·(√y − √m)| > k.  Inverting gives the band
(√m ∓ k/2)², with m the mean of the prior weeks.  k = 3 by default, as on a
Shewhart chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_PRIOR_WEEKS = 8
DEFAULT_K = 3.0


@dataclass(frozen=True)
class BandPoint:
    index: int
    value: float
    mean: float | None
    lower: float | None
    upper: float | None

    @property
    def outside(self) -> str | None:
        """ "above", "below" or None."""
        if self.upper is not None and self.value > self.upper:
            return "above"
        if self.lower is not None and self.value < self.lower:
            return "below"
        return None


def band_limits(mean: float, k: float = DEFAULT_K) -> tuple[float, float]:
    root = math.sqrt(max(mean, 0.0))
    lower = max(root - k / 2, 0.0) ** 2
    return lower, (root + k / 2) ** 2


def control_band(
    values: Sequence[float],
    prior: int = DEFAULT_PRIOR_WEEKS,
    k: float = DEFAULT_K,
) -> list[BandPoint]:
    """One point per week; the first ``prior`` weeks have no band."""
    points = []
    for index, value in enumerate(values):
        if index < prior:
            points.append(BandPoint(index, value, None, None, None))
            continue
        mean = sum(values[index - prior : index]) / prior
        lower, upper = band_limits(mean, k)
        points.append(BandPoint(index, value, mean, lower, upper))
    return points
