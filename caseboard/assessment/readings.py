"""Plain-language sentences for the numbers in ``formulas`` and ``its``.

Kept apart from the arithmetic so the words can change without touching a
formula, and so the same sentence appears on the page, in the report and in
``caseboard assess``.
"""

from __future__ import annotations

from caseboard.assessment.formulas import WDD, Pair, WDQReading, wdq_reading
from caseboard.assessment.its import ITSResult

WDQ_WORDS = {
    WDQReading.DIFFUSION_BEYOND: (
        "the buffer improved even more than the target: a diffusion of benefits "
        "larger than the direct effect"
    ),
    WDQReading.DIFFUSION: "the buffer improved too: a diffusion of benefits",
    WDQReading.NONE: "the buffer did not change relative to the control",
    WDQReading.DISPLACEMENT_SMALLER: (
        "some of the problem moved into the buffer, but less than the gain "
        "in the target"
    ),
    WDQReading.DISPLACEMENT_ERASED: (
        "displacement into the buffer erased the gain in the target"
    ),
}


def number(value: float, digits: int = 1) -> str:
    """A figure as the page prints it (minus sign, thousands separator)."""
    text = f"{value:,.{digits}f}"
    return text.replace("-", "−")


def change_sentence(name: str, unit: str, target: Pair, digits: int = 0) -> str:
    """Counts are window totals; scores and rates (``digits`` > 0) are
    window means."""
    before, after = number(target.before, digits), number(target.after, digits)
    if target.after < target.before:
        direction = "fell"
    elif target.after > target.before:
        direction = "rose"
    else:
        return f"{name} stayed at {before} {unit} in the target area."
    percent = ""
    if target.before:
        percent = f" ({number(100 * (target.after - target.before) / target.before)}%)"
    averaged = " on average" if digits else ""
    return (
        f"{name} {direction} from {before} to {after} {unit}{averaged} in the "
        f"target area{percent}."
    )


def wdd_sentence(result: WDD) -> str:
    low, high = (number(value) for value in result.ci90)
    estimate = number(result.estimate)
    if result.reliable_decline:
        verdict = "a reliable decline"
    elif result.reliable_increase:
        verdict = "a reliable increase"
    else:
        verdict = "not distinguishable from chance"
    return (
        f"Net of the control, {estimate} incidents (90% interval {low} to "
        f"{high}): {verdict}."
    )


def wdq_sentence(value: float | None) -> str | None:
    reading = wdq_reading(value)
    if reading is None or value is None:
        return None
    return f"WDQ {number(value, 2)}: {WDQ_WORDS[reading]}."


def its_sentence(result: ITSResult) -> str:
    ratio = result.level_rate_ratio
    low, high = (number(value, 2) for value in result.ci95)
    if result.reliable_decline:
        tail = "a drop the baseline trend does not explain"
    elif result.reliable_increase:
        tail = "a rise the baseline trend does not explain"
    else:
        tail = "within what the baseline trend and chance allow"
    return (
        f"At the response start the level was {number(ratio, 2)} times the "
        f"baseline trend (95% interval {low} to {high}), {tail} "
        f"({result.family} model over {result.periods_before} + "
        f"{result.periods_after} periods)."
    )
