"""Where a case's assessment areas are: the target, the buffer ring around
it, the control area (and its buffer), each drawn on the case's map and
stored as a GeoJSON geometry (RFC 7946: longitude, latitude)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Float, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.models.base import Base, EnumString, Versioned, created_at, updated_at
from caseboard.models.columns import belongs_to, intpk, refers_to
from caseboard.models.measures import Area

if TYPE_CHECKING:
    from caseboard.models.cases import Case, CasePlace


class CaseArea(Versioned, Base):
    """One assessment area of a case, at most one of each kind. Drawn as a
    circle of ``radius_m`` around ``place`` (kept, so the assessment can say
    "500 ft around the Night Owl Club") or as a polygon (both empty)."""

    __tablename__ = "case_areas"
    __table_args__ = (
        UniqueConstraint("case_id", "area", name="uq_case_areas_case_area"),
    )

    id: Mapped[intpk]
    case_id: Mapped[int] = belongs_to("cases", index=True)
    area: Mapped[Area] = mapped_column(EnumString(Area, 20))
    description: Mapped[str] = mapped_column(String(300), default="")
    place_id: Mapped[int | None] = refers_to("case_places", index=True)
    radius_m: Mapped[float | None] = mapped_column(Float)
    # A GeoJSON Polygon geometry; its size is computed from it.
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)
    square_metres: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    case: Mapped[Case] = relationship()
    place: Mapped[CasePlace | None] = relationship()
