"""Measures of a case's problem and their data points, for the assessment.

A measure is a series the analyst tracks (assaults within 500 ft, calls for
service about an encampment, a residents' survey score); each data point is
one period's value in one area (target, buffer, control, control buffer).
Enforcement measures (arrests, citations) are context, never success.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import Base, EnumString, Versioned, created_at
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import intpk, name_str

if TYPE_CHECKING:
    from caseboard.models.cases import Case


class MeasureKind(LabelledEnum):
    COUNT = "count"
    RATE = "rate"
    SURVEY = "survey"
    OBSERVATION = "observation"
    ENFORCEMENT = "enforcement"

    @property
    def label(self) -> str:
        if self is MeasureKind.SURVEY:
            return "Survey score"
        if self is MeasureKind.ENFORCEMENT:
            return "Enforcement (context only)"
        return super().label

    @property
    def is_success_measure(self) -> bool:
        return self is not MeasureKind.ENFORCEMENT


class Direction(LabelledEnum):
    """Which way is better."""

    DOWN = "down"
    UP = "up"

    @property
    def label(self) -> str:
        return "Lower is better" if self is Direction.DOWN else "Higher is better"


class Period(LabelledEnum):
    WEEK = "week"
    MONTH = "month"


class Area(LabelledEnum):
    TARGET = "target"
    BUFFER = "buffer"
    CONTROL = "control"
    CONTROL_BUFFER = "control_buffer"


class Measure(Versioned, Base):
    __tablename__ = "measures"
    __table_args__ = (
        UniqueConstraint("case_id", "name", name="uq_measures_case_name"),
        CheckConstraint("harm_weight >= 0", name="harm_weight_not_negative"),
    )

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[name_str]
    kind: Mapped[MeasureKind] = mapped_column(
        EnumString(MeasureKind, 20), default=MeasureKind.COUNT
    )
    unit: Mapped[str] = mapped_column(String(100), default="incidents")
    direction: Mapped[Direction] = mapped_column(
        EnumString(Direction, 10), default=Direction.DOWN
    )
    # e.g. "per 1,000 licensed capacity": a label for the reader; the values
    # entered are already divided by it.
    denominator: Mapped[str] = mapped_column(String(200), default="")
    harm_weight: Mapped[float] = mapped_column(Float, default=1.0)
    period: Mapped[Period] = mapped_column(EnumString(Period, 10), default=Period.MONTH)
    source: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[created_at]

    case: Mapped[Case] = relationship()
    points: Mapped[list[MeasurePoint]] = relationship(
        back_populates="measure",
        cascade="all, delete-orphan",
        order_by="MeasurePoint.period_start",
    )


class MeasurePoint(Versioned, Base):
    """One period's value of a measure in one area."""

    __tablename__ = "measure_points"
    __table_args__ = (
        UniqueConstraint(
            "measure_id", "area", "period_start", name="uq_measure_points_cell"
        ),
    )

    id: Mapped[intpk]
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE")
    )
    area: Mapped[Area] = mapped_column(EnumString(Area, 20))
    period_start: Mapped[date]
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(String(500), default="")

    measure: Mapped[Measure] = relationship(back_populates="points")


class ResponseStart(Base):
    """A day a response (or one phase of it) started; several per case."""

    __tablename__ = "response_starts"

    id: Mapped[intpk]
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date]
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[created_at]


class AssessmentWindow(Versioned, Base):
    """The analyst's choice of window: ``periods`` before and as many after
    the response start.  No row: the longest equal windows the data allow."""

    __tablename__ = "assessment_windows"
    __table_args__ = (CheckConstraint("periods > 0", name="periods_positive"),)

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    periods: Mapped[int]
