"""Interrupted time series for a target area's counts.

Segmented regression with a log link:

    log E[y_t] = b0 + b1·t + b2·D_t + b3·(t − T0)·D_t   (+ month effects)

where ``t`` counts periods from the first, ``T0`` is the first response
period and ``D_t`` is 1 from T0 on.  Counts are fitted as Poisson; when the
Pearson dispersion exceeds ``OVERDISPERSED`` the fit is redone as a negative
binomial whose alpha comes from Cameron & Trivedi's auxiliary regression.

``level_rate_ratio`` = exp(b2): the counts just after the start relative to
what the baseline trend predicted (0.6 means 40% fewer); ``slope_change`` =
exp(b3): the change in the trend, as a multiplier per period.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from caseboard.assessment.formulas import Z95, ReliableChange

# Fewer periods than this on either side of the start and no model is fitted.
MIN_PERIODS_EACH_SIDE = 6
# Month effects need two full years to be told apart from the trend.
MIN_PERIODS_FOR_SEASONS = 24
OVERDISPERSED = 1.5


@dataclass(frozen=True)
class ITSResult(ReliableChange):
    family: str
    level_rate_ratio: float
    ci95: tuple[float, float]
    slope_change: float
    slope_ci95: tuple[float, float]
    dispersion: float
    seasonal: bool
    periods_before: int
    periods_after: int

    NO_CHANGE: ClassVar[float] = 1.0  # a rate ratio

    @property
    def interval(self) -> tuple[float, float]:
        return self.ci95


def _design(
    n: int, start: int, months: Sequence[int] | None
) -> tuple[np.ndarray, bool]:
    t = np.arange(n, dtype=float)
    after = (t >= start).astype(float)
    columns = [np.ones(n), t, after, (t - start) * after]
    seasonal = months is not None and n >= MIN_PERIODS_FOR_SEASONS
    if seasonal and months is not None:
        month_values = np.asarray(months)
        for month in range(2, 13):
            column = (month_values == month).astype(float)
            if column.any():
                columns.append(column)
    return np.column_stack(columns), seasonal


def _nb_alpha(y: np.ndarray, mu: np.ndarray) -> float:
    """Cameron & Trivedi (1990): regress ((y − μ)² − y)/μ on μ, no intercept."""
    aux = ((y - mu) ** 2 - y) / mu
    return float((mu * aux).sum() / (mu * mu).sum())


def _interval(coef: float, se: float) -> tuple[float, float]:
    return (math.exp(coef - Z95 * se), math.exp(coef + Z95 * se))


def interrupted_time_series(
    counts: Sequence[float],
    start: int,
    months: Sequence[int] | None = None,
) -> ITSResult | None:
    """Fit the segmented model; None when there are too few periods on
    either side of ``start`` (the index of the first response period), the
    series is all zeros, or the fit fails."""
    import statsmodels.api as sm  # heavy: imported only when a model is fitted

    y = np.asarray(counts, dtype=float)
    n = len(y)
    if start < MIN_PERIODS_EACH_SIDE or n - start < MIN_PERIODS_EACH_SIDE:
        return None
    if not y.any() or (y < 0).any():
        return None
    x, seasonal = _design(n, start, months)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = sm.GLM(y, x, family=sm.families.Poisson()).fit()
            dispersion = float(fit.pearson_chi2 / max(fit.df_resid, 1))
            family = "poisson"
            if dispersion > OVERDISPERSED:
                alpha = _nb_alpha(y, np.asarray(fit.mu))
                if alpha > 0:
                    nb = sm.families.NegativeBinomial(alpha=alpha)
                    fit = sm.GLM(y, x, family=nb).fit()
                    family = "negative binomial"
        except (ValueError, np.linalg.LinAlgError):
            return None
    params = np.asarray(fit.params)
    errors = np.asarray(fit.bse)
    if not np.isfinite(params[2:4]).all() or not np.isfinite(errors[2:4]).all():
        return None
    return ITSResult(
        family=family,
        level_rate_ratio=math.exp(params[2]),
        ci95=_interval(params[2], errors[2]),
        slope_change=math.exp(params[3]),
        slope_ci95=_interval(params[3], errors[3]),
        dispersion=dispersion,
        seasonal=seasonal,
        periods_before=start,
        periods_after=n - start,
    )
