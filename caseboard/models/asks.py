"""Asks: what a coalition needs from a stakeholder on a case, and how ready
the stakeholder is (stages of change, as the Proactive Alliance's
relationship-based policing borrows them from counselling psychology).

An ask names a person or an organization and what is needed ("adopt the
closing-time policy"). Its stage has a dated history, each move with a note;
an ask in action or maintenance may be tied to the case response it
delivers. The next steps each stage suggests are data (defaults in
``caseboard/demo/data/ask_prompts.toml``, overridden per coalition by
``AskPrompt`` rows).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.clock import today
from caseboard.models.base import (
    Base,
    EnumString,
    Versioned,
    created_at,
    parts,
    party_name,
)
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, intpk, refers_to

if TYPE_CHECKING:
    from caseboard.models.cases import Case, CaseResponse
    from caseboard.models.organizations import Organization
    from caseboard.models.people import Person
    from caseboard.models.users import User


class AskStage(LabelledEnum):
    PRECONTEMPLATION = "precontemplation"
    CONTEMPLATION = "contemplation"
    PREPARATION = "preparation"
    ACTION = "action"
    MAINTENANCE = "maintenance"
    RELAPSE = "relapse"

    @property
    def is_acting(self) -> bool:
        """Doing what was asked: the stages a response can be tied to, and
        the assessment's process measure counts."""
        return self in ACTING


ACTING = frozenset({AskStage.ACTION, AskStage.MAINTENANCE})


class Ask(Versioned, Base):
    __tablename__ = "asks"
    __table_args__ = (
        CheckConstraint(
            "person_id IS NOT NULL OR organization_id IS NOT NULL",
            name="has_stakeholder",
        ),
    )

    id: Mapped[intpk]
    case_id: Mapped[int] = belongs_to("cases", index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    what: Mapped[str] = mapped_column(String(300))
    stage: Mapped[AskStage] = mapped_column(EnumString(AskStage, 20))
    stage_since: Mapped[date] = mapped_column(default=today)
    response_id: Mapped[int | None] = refers_to("case_responses")
    created_by_id: Mapped[int | None] = refers_to("users")
    created_at: Mapped[created_at]

    case: Mapped[Case] = relationship()
    person: Mapped[Person | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    response: Mapped[CaseResponse | None] = relationship()
    changes: Mapped[list[AskStageChange]] = parts("ask", "AskStageChange.id")

    @property
    def stakeholder_name(self) -> str:
        return party_name(self.person, self.organization)


class AskStageChange(Base):
    """One move of an ask's stage: when, by whom, and why."""

    __tablename__ = "ask_stage_changes"

    id: Mapped[intpk]
    ask_id: Mapped[int] = belongs_to("asks", index=True)
    from_stage: Mapped[AskStage | None] = mapped_column(EnumString(AskStage, 20))
    to_stage: Mapped[AskStage] = mapped_column(EnumString(AskStage, 20))
    on: Mapped[date]
    note: Mapped[str] = mapped_column(String(500), default="")
    moved_by_id: Mapped[int | None] = refers_to("users")

    ask: Mapped[Ask] = relationship(back_populates="changes")
    moved_by: Mapped[User | None] = relationship()


class AskPrompt(Versioned, Base):
    """A coalition's own next-step prompts for one stage (one per line),
    in place of the defaults (blank: the defaults again). A row is kept once
    made, so the versions of a coalition's rows only grow: their sum is the
    version of its whole set of prompts, which the editing form carries."""

    __tablename__ = "ask_prompts"
    __table_args__ = (UniqueConstraint("coalition_id", "stage"),)

    id: Mapped[intpk]
    coalition_id: Mapped[int] = belongs_to("coalitions")
    stage: Mapped[AskStage] = mapped_column(EnumString(AskStage, 20))
    prompts: Mapped[str] = mapped_column(Text)
