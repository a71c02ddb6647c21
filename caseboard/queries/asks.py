"""Asks for pages: a case's by stage, every ask on a stakeholder the viewer
may see, a coalition's next-step prompts, and the process measure."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from caseboard.extensions import db
from caseboard.models import (
    ACTING,
    Ask,
    AskPrompt,
    AskStage,
    AskStageChange,
    Case,
    User,
)
from caseboard.permissions import visible_cases


@cache
def default_prompts() -> dict[AskStage, tuple[str, ...]]:
    text = resources.files("caseboard").joinpath("data/ask_prompts.toml").read_text()
    found = tomllib.loads(text)["prompts"]
    return {stage: tuple(found.get(stage.value, ())) for stage in AskStage}


def prompts_for(coalition_id: int) -> dict[AskStage, list[str]]:
    """Each stage's next steps: the coalition's own, else the defaults."""
    prompts = {stage: list(lines) for stage, lines in default_prompts().items()}
    rows = db.session.scalars(
        select(AskPrompt).where(AskPrompt.coalition_id == coalition_id)
    )
    for row in rows:
        if row.prompts:
            prompts[row.stage] = row.prompts.splitlines()
    return prompts


@dataclass
class PromptSet:
    """A coalition's own prompts as the editing form shows them: each
    stage's text ("" for the defaults) and the set's version; ``id`` is the
    coalition's."""

    id: int
    version: int
    texts: dict[AskStage, str]


def prompt_set(coalition_id: int) -> PromptSet:
    rows = list(
        db.session.scalars(
            select(AskPrompt).where(AskPrompt.coalition_id == coalition_id)
        )
    )
    texts = {stage: "" for stage in AskStage}
    texts.update({row.stage: row.prompts for row in rows})
    # Starts at 1 before any row: a form's version is never 0 (it is required).
    return PromptSet(coalition_id, 1 + sum(row.version for row in rows), texts)


def _stakeholders() -> tuple[Any, ...]:
    return (
        joinedload(Ask.person),
        joinedload(Ask.organization),
        joinedload(Ask.response),
    )


def _with_stakeholders(query):
    return query.options(*_stakeholders()).order_by(
        Ask.stage_since.desc(), Ask.id.desc()
    )


def ask_page_options() -> tuple[Any, ...]:
    """Eager loads for an ask's page: whom it names, its case's responses
    (the tie form's choices) and its history with who moved it."""
    return (
        *_stakeholders(),
        joinedload(Ask.case).selectinload(Case.responses),
        selectinload(Ask.changes)
        .joinedload(AskStageChange.moved_by)
        .joinedload(User.person),
    )


def asks_by_stage(case: Case) -> list[tuple[AskStage, list[Ask]]]:
    """The case's asks under each stage that has some, in the stages' order."""
    asks = list(
        db.session.scalars(
            _with_stakeholders(select(Ask)).where(Ask.case_id == case.id)
        )
    )
    return [
        (stage, found)
        for stage in AskStage
        if (found := [a for a in asks if a.stage == stage])
    ]


def asks_on(
    viewer: User, *, person_id: int | None = None, organization_id: int | None = None
) -> list[Ask]:
    """Every ask on a person or an organization, on cases the viewer sees."""
    cases = visible_cases(viewer).with_only_columns(Case.id).scalar_subquery()
    query = select(Ask).where(Ask.case_id.in_(cases))
    if person_id is not None:
        query = query.where(Ask.person_id == person_id)
    else:
        query = query.where(Ask.organization_id == organization_id)
    return list(
        db.session.scalars(_with_stakeholders(query).options(joinedload(Ask.case)))
    )


def acting_count(case_id: int) -> tuple[int, int]:
    """(asks in action or maintenance, all asks) of a case: the assessment's
    process measure."""
    row = db.session.execute(
        select(func.count().filter(Ask.stage.in_(sorted(ACTING))), func.count()).where(
            Ask.case_id == case_id
        )
    ).one()
    return int(row[0]), int(row[1])
