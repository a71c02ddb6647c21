"""Before/after formulas from the POP Center tool guides and Wheeler & Ratcliffe.

Areas: *target* (where the response happened), *buffer* (the displacement
catchment around it), *control* (a comparable area without the response) and
*control buffer* (the control's own catchment, used by the WDD).  Every
function takes totals over the baseline window (``before``) and the response
window (``after``) of equal length, in the measure's unit (a count of
incidents unless the measure says otherwise).

Sign conventions follow the sources so their worked examples read the same:

* gross effect, net effect and total net effect (Guerette 2009, *Analyzing
  Crime Displacement and Diffusion*, POP Center Tool Guide 10, Appendix B):
  **positive means fewer** incidents after the response;
* percent change and the WDD (Wheeler & Ratcliffe 2018, *Crime Science* 7:11):
  **negative means fewer**.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

# Two-sided 90% and 95% normal quantiles (scipy.stats.norm.ppf(0.95), (0.975)).
Z90 = 1.6448536269514722
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Pair:
    """Totals of one area over the baseline and the response window."""

    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


def gross_effect(target: Pair) -> float:
    """GE = Rb − Ra (Guerette, eq. 1): incidents fewer in the target area."""
    return target.before - target.after


def percent_change(pair: Pair) -> float | None:
    """100 · (after − before) / before; None when the baseline is zero."""
    if pair.before == 0:
        return None
    return 100.0 * (pair.after - pair.before) / pair.before


def net_effect(target: Pair, control: Pair) -> float | None:
    """NE = Rb/Cb − Ra/Ca (Guerette, eq. 2): the target's share of the
    control's level fell by this much.  None when a control total is zero."""
    if control.before == 0 or control.after == 0:
        return None
    return target.before / control.before - target.after / control.after


def expected_without_response(target: Pair, control: Pair) -> float | None:
    """Rb · Ca/Cb: the target's count had it followed the control's trend."""
    if control.before == 0:
        return None
    return target.before * control.after / control.before


def success_measure(target: Pair, control: Pair) -> float | None:
    """Ra/Ca − Rb/Cb, the WDQ's denominator: negative means the target fell
    more than the control."""
    if control.before == 0 or control.after == 0:
        return None
    return target.after / control.after - target.before / control.before


def buffer_displacement_measure(buffer: Pair, control: Pair) -> float | None:
    """Da/Ca − Db/Cb, the WDQ's numerator: positive suggests displacement,
    negative a diffusion of benefits."""
    if control.before == 0 or control.after == 0:
        return None
    return buffer.after / control.after - buffer.before / control.before


def wdq(target: Pair, buffer: Pair, control: Pair) -> float | None:
    """Weighted Displacement Quotient (Bowers & Johnson 2003; Guerette eq. 3).

    WDQ = (Da/Ca − Db/Cb) / (Ra/Ca − Rb/Cb).  Positive: diffusion of benefits;
    above 1 the diffusion exceeds the direct effect.  Between 0 and −1:
    displacement smaller than the gain.  Below −1: displacement erased it.
    None when a control total is zero or the target did not move relative to
    the control (the quotient is then undefined).
    """
    numerator = buffer_displacement_measure(buffer, control)
    denominator = success_measure(target, control)
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def tne(target: Pair, buffer: Pair, control: Pair) -> float | None:
    """Total Net Effect (Guerette eq. 4), in incidents; positive = fewer.

    TNE = [Rb·(Ca/Cb) − Ra] + [Db·(Ca/Cb) − Da]
    """
    if control.before == 0:
        return None
    trend = control.after / control.before
    return (target.before * trend - target.after) + (
        buffer.before * trend - buffer.after
    )


class ReliableChange:
    """A change whose interval may lie wholly on one side of no change: a
    reliable decline below it, a reliable increase above it."""

    NO_CHANGE: ClassVar[float]

    @property
    def interval(self) -> tuple[float, float]:
        raise NotImplementedError

    @property
    def reliable_decline(self) -> bool:
        return self.interval[1] < self.NO_CHANGE

    @property
    def reliable_increase(self) -> bool:
        return self.interval[0] > self.NO_CHANGE


@dataclass(frozen=True)
class WDD(ReliableChange):
    """Weighted Displacement Difference with its uncertainty.

    ``estimate`` is the change in incidents in the target (and buffer) net
    of the control's change; negative means fewer.  ``variance`` is the sum
    of the counts (each a Poisson count), ``se`` its square root, ``z`` the
    estimate over its SE and ``ci90`` the 90% interval.
    """

    local: float
    displacement: float
    estimate: float
    variance: float
    se: float
    z: float | None
    ci90: tuple[float, float]

    NO_CHANGE: ClassVar[float] = 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return self.ci90


def wdd(
    target: Pair,
    control: Pair,
    buffer: Pair | None = None,
    control_buffer: Pair | None = None,
) -> WDD:
    """Wheeler & Ratcliffe (2018) WDD test.

    WDD = ΔT − ΔC + ΔB − ΔCB, where Δ is after − before in each area;
    Var(WDD) = T0 + T1 + C0 + C1 (+ B0 + B1 + CB0 + CB1).  With no buffer,
    the buffer terms are zero.
    """
    areas = [target, control]
    displacement = 0.0
    if buffer is not None:
        areas.append(buffer)
        displacement = buffer.change
        if control_buffer is not None:
            areas.append(control_buffer)
            displacement -= control_buffer.change
    local = target.change - control.change
    estimate = local + displacement
    variance = sum(pair.before + pair.after for pair in areas)
    se = math.sqrt(variance)
    z = estimate / se if se > 0 else None
    return WDD(
        local=local,
        displacement=displacement,
        estimate=estimate,
        variance=variance,
        se=se,
        z=z,
        ci90=(estimate - Z90 * se, estimate + Z90 * se),
    )


@dataclass(frozen=True)
class HarmRollup:
    """Several measures' WDDs combined with harm weights (e.g. the Cambridge
    Crime Harm Index days of custody): estimate Σ wᵢ·WDDᵢ, variance
    Σ wᵢ²·Var(WDDᵢ) (Wheeler 2020, "Amending the WDD test to incorporate
    harm weights")."""

    estimate: float
    se: float
    z: float | None
    ci90: tuple[float, float]


def estimate_json(result: WDD | HarmRollup | None) -> dict[str, Any] | None:
    """An estimate with its SE, z and 90% interval, for JSON; None stays None."""
    if result is None:
        return None
    return {
        "estimate": result.estimate,
        "se": result.se,
        "z": result.z,
        "ci90": list(result.ci90),
    }


def harm_rollup(items: Iterable[tuple[WDD, float]]) -> HarmRollup | None:
    """Combine ``(wdd, harm_weight)`` pairs; None when there are none."""
    pairs = list(items)
    if not pairs:
        return None
    estimate = sum(weight * result.estimate for result, weight in pairs)
    variance = sum(weight * weight * result.variance for result, weight in pairs)
    se = math.sqrt(variance)
    return HarmRollup(
        estimate=estimate,
        se=se,
        z=estimate / se if se > 0 else None,
        ci90=(estimate - Z90 * se, estimate + Z90 * se),
    )


class WDQReading:
    """Guerette's reading of the WDQ (Tool Guide 10, Appendix C)."""

    DIFFUSION_BEYOND = "diffusion_beyond"
    DIFFUSION = "diffusion"
    NONE = "none"
    DISPLACEMENT_SMALLER = "displacement_smaller"
    DISPLACEMENT_ERASED = "displacement_erased"


def wdq_reading(value: float | None) -> str | None:
    """Classify a WDQ value the way Guerette reads it; None for no value."""
    if value is None:
        return None
    if value > 1:
        return WDQReading.DIFFUSION_BEYOND
    if value > 0:
        return WDQReading.DIFFUSION
    if value == 0:
        return WDQReading.NONE
    if value >= -1:
        return WDQReading.DISPLACEMENT_SMALLER
    return WDQReading.DISPLACEMENT_ERASED
