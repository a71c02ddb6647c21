"""Visit rounds (the koban's door-to-door): an officer's or a team's round of
a beat, its stops, and the visits logged at them.

A stop is a place, a business or a person, each with an ideal and a maximum
interval between visits. A visit is a contact (``Interaction`` of kind
"visit"), so it feeds tie strength like any other; its note lives on the
stop's contact card (a ``Note`` on the stop, restricted to the round's
custodian organization by default).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseboard.clock import today
from caseboard.models.base import (
    Base,
    EnumString,
    Lifetime,
    Versioned,
    created_at,
    parts,
    party_name,
)
from caseboard.models.choices import LabelledEnum
from caseboard.models.columns import belongs_to, intpk, name_str, refers_to

if TYPE_CHECKING:
    from caseboard.models.coalitions import Coalition
    from caseboard.models.contacts import Interaction
    from caseboard.models.organizations import Organization
    from caseboard.models.people import Person
    from caseboard.models.users import User


class StopKind(LabelledEnum):
    PLACE = "place"
    BUSINESS = "business"
    PERSON = "person"


class Round(Versioned, Base):
    """A beat's round, kept by an officer or by a team (an organization)."""

    __tablename__ = "rounds"
    __table_args__ = (
        CheckConstraint(
            "officer_id IS NOT NULL OR team_id IS NOT NULL", name="has_keeper"
        ),
    )

    id: Mapped[intpk]
    coalition_id: Mapped[int] = belongs_to("coalitions", index=True)
    name: Mapped[name_str]
    beat: Mapped[str] = mapped_column(String(100))
    officer_id: Mapped[int | None] = refers_to("users", index=True)
    team_id: Mapped[int | None] = refers_to("organizations", index=True)
    created_at: Mapped[created_at]

    coalition: Mapped[Coalition] = relationship()
    officer: Mapped[User | None] = relationship()
    team: Mapped[Organization | None] = relationship()
    stops: Mapped[list[RoundStop]] = parts("round", "RoundStop.id")

    @property
    def keeper_name(self) -> str:
        return party_name(self.team, self.officer)


class RoundStop(Versioned, Lifetime, Base):
    """A place, business or person on a round, with its visit intervals.

    A stop taken off the round is ended, never deleted: its visits and notes
    stay, and the weeks it was on the round still count in the coverage."""

    __tablename__ = "round_stops"
    __table_args__ = (
        CheckConstraint("ideal_days > 0 AND max_days >= ideal_days", name="intervals"),
    )

    id: Mapped[intpk]
    round_id: Mapped[int] = belongs_to("rounds", index=True)
    kind: Mapped[StopKind] = mapped_column(EnumString(StopKind, 20))
    # Where the stop is: the building or address its visits group under.
    place: Mapped[str] = mapped_column(String(200))
    # Where to draw it (WGS 84); a stop without both is listed, not drawn.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    organization_id: Mapped[int | None] = refers_to("organizations", index=True)
    person_id: Mapped[int | None] = refers_to("people", index=True)
    ideal_days: Mapped[int]
    max_days: Mapped[int]
    # Counted from here until the first visit.
    added_on: Mapped[date] = mapped_column(default=today)

    round: Mapped[Round] = relationship(back_populates="stops")
    organization: Mapped[Organization | None] = relationship()
    person: Mapped[Person | None] = relationship()
    visits: Mapped[list[RoundVisit]] = parts("stop", "RoundVisit.visited_on")

    @property
    def label(self) -> str:
        return party_name(self.person, self.organization, default=self.place)

    @property
    def position(self) -> list[float] | None:
        """``[longitude, latitude]`` (GeoJSON order), or None off the map."""
        if self.latitude is None or self.longitude is None:
            return None
        return [self.longitude, self.latitude]


class RoundVisit(Base):
    """One visit to a stop: the contact it is, and who made it."""

    __tablename__ = "round_visits"
    __table_args__ = (Index("ix_round_visits_stop_day", "stop_id", "visited_on"),)

    id: Mapped[intpk]
    stop_id: Mapped[int] = belongs_to("round_stops")
    visited_on: Mapped[date]
    interaction_id: Mapped[int | None] = refers_to("interactions")
    visited_by_id: Mapped[int | None] = refers_to("users")
    created_at: Mapped[created_at]

    stop: Mapped[RoundStop] = relationship(back_populates="visits")
    interaction: Mapped[Interaction | None] = relationship()
    visited_by: Mapped[User | None] = relationship()
