"""The tie table: what tie strength needs, kept current with every contact.

Maintained by ``caseboard.network.tie_table`` in the same transaction as each
contact, participant, meeting or attendance change, and recomputable from them
(``caseboard network rebuild-ties``). Each pair of people is stored once,
``person_a_id`` the smaller id, and split by case (``case_id`` None for
contacts on no case) so a viewer's tie sums only the cases they may see.

``TieShare``: one row per (pair, case, contact kind) — the contacts' weights as
an exponentially decaying sum at ``last_on`` (the row's last contact), so the
strength on any later day is ``level × 2^(−days / half-life)``: no contact rows
read. ``TieMonth``: one row per (pair, case, month) with a bit per day that had
a contact, for the network over time (months, what changed since a meeting).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Float, Index
from sqlalchemy.orm import Mapped, mapped_column

from caseboard.models.base import Base, EnumString
from caseboard.models.columns import belongs_to, intpk
from caseboard.models.contacts import InteractionKind


class _PairOnCase:
    """A pair of people (``person_a_id`` the smaller id) on a case, or on
    none; the row goes when either person or the case does."""

    id: Mapped[intpk]
    person_a_id: Mapped[int] = belongs_to("people")
    person_b_id: Mapped[int] = belongs_to("people")
    case_id: Mapped[int | None] = belongs_to("cases", index=True)


class TieShare(_PairOnCase, Base):
    __tablename__ = "tie_shares"
    __table_args__ = (
        Index("ix_tie_shares_pair", "person_a_id", "person_b_id"),
        Index("ix_tie_shares_b", "person_b_id"),
    )

    kind: Mapped[InteractionKind] = mapped_column(EnumString(InteractionKind, 30))
    # Σ base × 2^(−(last_on − day) / half-life) over the row's contacts.
    level: Mapped[float] = mapped_column(Float)
    contacts: Mapped[int]
    first_on: Mapped[date]
    last_on: Mapped[date]


class TieMonth(_PairOnCase, Base):
    __tablename__ = "tie_months"
    __table_args__ = (
        Index("ix_tie_months_pair", "person_a_id", "person_b_id", "month"),
        Index("ix_tie_months_b", "person_b_id"),
    )

    month: Mapped[date]  # its first day
    days: Mapped[int]  # bit (day − 1) set for each day with a contact
