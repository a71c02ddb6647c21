"""The assessment formulas against worked examples from their sources, and
against an independent computation on generated data."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest

from caseboard.assessment import bands, formulas, its, verdict
from caseboard.assessment.formulas import Pair

# Wheeler & Ratcliffe (2018), "A simple weighted displacement difference test
# to evaluate place based crime interventions", Crime Science 7:11, worked
# example (also the "Est & Variance Paper" test of Wheeler's ptools R
# package): target 207 → 110, control 308 → 318, displacement area
# 178 → 157, displacement control 150 → 140.  The paper reports WDD = −118,
# variance 1568, z = −2.98 and a 95% interval of −196 to −40.
PAPER = {
    "target": Pair(207, 110),
    "control": Pair(308, 318),
    "buffer": Pair(178, 157),
    "control_buffer": Pair(150, 140),
}


def test_wdd_reproduces_wheeler_and_ratcliffe_worked_example():
    result = formulas.wdd(**PAPER)
    assert result.estimate == -118
    assert result.local == -107
    assert result.displacement == -11
    assert result.variance == 1568
    assert result.se == pytest.approx(math.sqrt(1568))
    assert round(result.z, 2) == -2.98
    low95 = result.estimate - formulas.Z95 * result.se
    high95 = result.estimate + formulas.Z95 * result.se
    assert (round(low95), round(high95)) == (-196, -40)
    # The 90% interval the page shows is narrower and still below zero.
    assert result.ci90 == pytest.approx((-183.13, -52.87), abs=0.01)
    assert result.reliable_decline


def test_wdd_simple_cases_from_the_ptools_tests():
    assert formulas.wdd(Pair(20, 10), Pair(20, 20)).estimate == -10
    assert (
        formulas.wdd(Pair(20, 20), Pair(20, 20), Pair(20, 10), Pair(20, 20)).estimate
        == -10
    )
    assert (
        formulas.wdd(Pair(20, 10), Pair(20, 20), Pair(20, 10), Pair(20, 20)).estimate
        == -20
    )


def test_wdq_and_tne_follow_guerettes_appendix_b_on_the_paper_data():
    # Guerette (2009), POP Center Tool Guide 10, Appendix B, eqs. 1–4,
    # computed here in exact fractions from the same counts.
    ra, rb, ca, cb, da, db = (Fraction(v) for v in (110, 207, 318, 308, 157, 178))
    expected_wdq = (da / ca - db / cb) / (ra / ca - rb / cb)
    expected_tne = (rb * (ca / cb) - ra) + (db * (ca / cb) - da)
    t, b, c = PAPER["target"], PAPER["buffer"], PAPER["control"]
    assert formulas.gross_effect(t) == 97
    assert formulas.net_effect(t, c) == pytest.approx(float(rb / cb - ra / ca))
    assert formulas.wdq(t, b, c) == pytest.approx(float(expected_wdq))
    assert formulas.tne(t, b, c) == pytest.approx(float(expected_tne))
    # Reading (Appendix C): the buffer fell relative to the control while the
    # target fell: a positive WDQ below one, a diffusion of benefits.
    assert 0 < formulas.wdq(t, b, c) < 1
    assert formulas.wdq_reading(formulas.wdq(t, b, c)) == "diffusion"
    # By hand: 207·318/308 − 110 = 103.72 and 178·318/308 − 157 = 26.78.
    assert formulas.tne(t, b, c) == pytest.approx(130.50, abs=0.01)


@pytest.mark.parametrize(
    ("value", "reading"),
    [
        (1.4, "diffusion_beyond"),
        (0.3, "diffusion"),
        (0.0, "none"),
        (-0.5, "displacement_smaller"),
        (-1.7, "displacement_erased"),
        (None, None),
    ],
)
def test_wdq_readings_follow_guerettes_appendix_c(value, reading):
    assert formulas.wdq_reading(value) == reading


def test_wdq_is_undefined_without_control_counts_or_relative_change():
    assert formulas.wdq(Pair(10, 5), Pair(5, 5), Pair(0, 4)) is None
    # Target moved exactly with the control: nothing to divide by.
    assert formulas.wdq(Pair(10, 20), Pair(5, 5), Pair(10, 20)) is None
    assert formulas.percent_change(Pair(0, 3)) is None
    assert formulas.percent_change(Pair(40, 30)) == -25


def test_formulas_match_an_independent_computation_on_generated_counts():
    rng = random.Random(14)
    for _ in range(200):
        values = [rng.randint(1, 400) for _ in range(8)]
        t0, t1, c0, c1, b0, b1, d0, d1 = values
        result = formulas.wdd(Pair(t0, t1), Pair(c0, c1), Pair(b0, b1), Pair(d0, d1))
        # Difference in differences, written out another way.
        assert result.estimate == (t1 + c0 + b1 + d0) - (t0 + c1 + b0 + d1)
        assert result.se == pytest.approx(math.sqrt(sum(values)))
        low, high = result.ci90
        assert (high - low) / 2 == pytest.approx(1.6448536 * math.sqrt(sum(values)))
        wdq_value = formulas.wdq(Pair(t0, t1), Pair(b0, b1), Pair(c0, c1))
        denominator = Fraction(t1, c1) - Fraction(t0, c0)
        if denominator:
            expected = (Fraction(b1, c1) - Fraction(b0, c0)) / denominator
            assert wdq_value == pytest.approx(float(expected))


def test_harm_rollup_weights_estimates_and_squares_weights_in_the_variance():
    assault = formulas.wdd(Pair(100, 60), Pair(100, 100))
    theft = formulas.wdd(Pair(50, 55), Pair(50, 50))
    rollup = formulas.harm_rollup([(assault, 10.0), (theft, 1.0)])
    assert rollup.estimate == 10 * -40 + 1 * 5
    assert rollup.se == pytest.approx(math.sqrt(100 * 360 + 1 * 205))
    assert formulas.harm_rollup([]) is None


def _simulate(rate_ratio: float, seed: int, periods: int = 36, start: int = 24):
    rng = np.random.default_rng(seed)
    t = np.arange(periods)
    mu = np.exp(np.log(30) + 0.005 * t + np.log(rate_ratio) * (t >= start))
    return rng.poisson(mu).tolist()


def test_its_recovers_a_simulated_level_drop_within_its_interval():
    counts = _simulate(0.6, seed=2026)
    result = its.interrupted_time_series(counts, start=24)
    assert result is not None
    low, high = result.ci95
    assert low < 0.6 < high
    assert result.reliable_decline
    assert result.family == "poisson"


def test_its_sees_no_effect_where_there_is_none_in_most_simulations():
    covered = 0
    for seed in range(40):
        result = its.interrupted_time_series(_simulate(1.0, seed=seed), start=24)
        low, high = result.ci95
        covered += low < 1 < high
    # A 95% interval should cover the true ratio in about 38 of 40 runs.
    assert covered >= 34


def test_its_switches_to_negative_binomial_when_over_dispersed():
    rng = np.random.default_rng(7)
    t = np.arange(36)
    mu = 30 * np.where(t >= 24, 0.5, 1.0)
    counts = rng.negative_binomial(n=3, p=3 / (3 + mu)).tolist()
    result = its.interrupted_time_series(counts, start=24)
    assert result.family == "negative binomial"
    assert result.ci95[0] < 0.5 < result.ci95[1]


def test_its_needs_enough_periods_either_side_and_takes_month_effects():
    assert its.interrupted_time_series([5] * 10, start=3) is None
    counts = _simulate(0.7, seed=3)
    months = [(m % 12) + 1 for m in range(36)]
    result = its.interrupted_time_series(counts, start=24, months=months)
    assert result.seasonal


def test_control_band_flags_a_spike_by_the_square_root_rule():
    weeks = [9, 8, 10, 9, 11, 9, 8, 8, 25, 9]
    points = bands.control_band(weeks, prior=8)
    assert points[7].outside is None and points[7].upper is None
    # Mean of the eight prior weeks is 9; band (3 ∓ 1.5)² = 2.25 to 20.25.
    assert points[8].mean == 9
    assert (points[8].lower, points[8].upper) == pytest.approx((2.25, 20.25))
    assert points[8].outside == "above"
    assert points[9].outside is None


def test_eck_verdict_crosses_implementation_with_a_reliable_decline():
    declined = verdict.MeasureOutcome("Assaults", True, "WDD −118")
    flat = verdict.MeasureOutcome("Assaults", False, "WDD −3")
    worked = verdict.judge(4, 4, [declined])
    assert worked.verdict == verdict.Verdict.WORKED
    assert "Assaults improved beyond chance" in worked.reason
    assert verdict.judge(4, 3, [flat]).verdict == verdict.Verdict.NO_DECLINE
    not_done = verdict.judge(4, 1, [declined])
    assert not_done.verdict == verdict.Verdict.NOT_IMPLEMENTED
    assert "only 1 of 4" in not_done.reason.lower()
    assert verdict.judge(0, 0, []).verdict == verdict.Verdict.NOT_IMPLEMENTED
    assert verdict.judge(2, 2, []).verdict == verdict.Verdict.NO_DATA
