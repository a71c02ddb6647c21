"""The SARA prompts a problem-oriented policing practitioner works through.

Answers are stored on the case (``Case.sara_answers``) keyed by prompt.
Sources: the POP Center's SARA model and the problem analysis triangle.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseboard.models.cases import CaseStage


@dataclass(frozen=True)
class Prompt:
    key: str
    question: str
    hint: str = ""


PROMPTS: dict[CaseStage, list[Prompt]] = {
    CaseStage.SCANNING: [
        Prompt(
            "scanning_problem",
            "What is the problem, and how do you know it is one?",
            "Recurring incidents, calls for service, complaints, what partners see.",
        ),
        Prompt(
            "scanning_pattern",
            "Where, when and how often does it happen?",
            "Places, days and hours; is it growing?",
        ),
        Prompt(
            "scanning_stakeholders",
            "Who is harmed, and who else should be at the table?",
        ),
    ],
    CaseStage.ANALYSIS: [
        Prompt(
            "analysis_data",
            "What data did you gather, and what does it show?",
            "Calls for service, crime reports, licence records, surveys, observation.",
        ),
        Prompt(
            "analysis_triangle",
            "What does the triangle show?",
            "Offenders, victims/targets and the place: which side is weakest, "
            "and which controller (handler, guardian, manager) is missing?",
        ),
        Prompt(
            "analysis_causes",
            "Why does it happen here and now?",
            "The conditions that make it possible or rewarding.",
        ),
        Prompt(
            "analysis_current_response", "What is done today, and why is it not enough?"
        ),
    ],
    CaseStage.RESPONSE: [
        Prompt(
            "response_plan",
            "Which responses address the causes found in analysis?",
            "List each response below with the partner that carries it.",
        ),
        Prompt(
            "response_expected",
            "What do you expect each response to change, and by when?",
        ),
        Prompt(
            "response_obstacles", "What stands in the way (resources, agreements, law)?"
        ),
    ],
    CaseStage.ASSESSMENT: [
        Prompt(
            "assessment_measures",
            "Which measures compare before and after?",
            "Baseline period vs. response period: incidents, calls, people housed.",
        ),
        Prompt(
            "assessment_result",
            "Did it work? Did the problem shrink, move or change?",
            "Watch for displacement and for benefits spreading to nearby places.",
        ),
        Prompt(
            "assessment_next",
            "What next: close, keep monitoring, or go back to analysis?",
        ),
    ],
}

ALL_KEYS = frozenset(p.key for prompts in PROMPTS.values() for p in prompts)
