"""Eck's verdict (Eck 2002, *Assessing Responses to Problems*, POP Center
Tool Guide 1): a process evaluation (was the response implemented as
planned?) crossed with an impact evaluation (did the problem decline
reliably, beyond what chance would produce?).

Only success measures count toward the decline: enforcement measures
(arrests, citations) are context, never success.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# Share of planned responses delivered (done or under way) for a response to
# count as implemented as planned.
IMPLEMENTED_SHARE = 0.75


class Verdict(StrEnum):
    WORKED = "evidence the response worked"
    NO_DECLINE = "implemented but no reliable decline"
    NOT_IMPLEMENTED = "not implemented as planned: no conclusion"
    NO_DATA = "not enough data to judge"


@dataclass(frozen=True)
class MeasureOutcome:
    """What the verdict needs from one success measure."""

    name: str
    reliable_improvement: bool
    evidence: str  # e.g. "WDD 90% interval −196 to −40"


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    reason: str


def implemented(planned: int, delivered: int) -> bool:
    return planned > 0 and delivered / planned >= IMPLEMENTED_SHARE


def judge(
    planned: int, delivered: int, outcomes: Sequence[MeasureOutcome]
) -> Judgement:
    """The verdict and the one sentence that says why."""
    if not implemented(planned, delivered):
        if planned == 0:
            why = "no response was recorded for this case"
        else:
            why = f"only {delivered} of {planned} planned responses were delivered"
        return Judgement(
            Verdict.NOT_IMPLEMENTED,
            f"{why.capitalize()}, so a change in the measures cannot be "
            "credited to the response.",
        )
    if not outcomes:
        return Judgement(
            Verdict.NO_DATA,
            f"{delivered} of {planned} responses were delivered, but no success "
            "measure has data in both the baseline and the response window.",
        )
    improved = [outcome for outcome in outcomes if outcome.reliable_improvement]
    if improved:
        first = improved[0]
        return Judgement(
            Verdict.WORKED,
            f"{delivered} of {planned} responses were delivered and "
            f"{first.name} improved beyond chance ({first.evidence}).",
        )
    names = ", ".join(outcome.name for outcome in outcomes)
    return Judgement(
        Verdict.NO_DECLINE,
        f"{delivered} of {planned} responses were delivered, but no success "
        f"measure ({names}) improved beyond what chance would produce.",
    )
