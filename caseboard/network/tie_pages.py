"""One page of today's ties, strongest first, ranked and counted in SQL:
what the API lists reads in proportion to the page, not to the network.

A tie's strength is 1 − exp(−H), H the sum of its shares' decayed levels
(``ties``), floored at ``DECLARED_FLOOR`` by a declared relationship. Since
that is increasing in H, the database ranks the pairs by H (floored the
same way), on the shares of cases the viewer may see; the page's ties are
then read whole by ``ties`` among the page's people only, so the figures
are the ones every other page shows.

The ranking reads the shares up to today; a pair with a contact recorded
ahead of its day (a meeting marked attended early) is ranked by its earlier
contacts, and shown as ``ties`` derives it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import PersonTie, TieKind, TieShare, User
from caseboard.network import tie_sources as sources
from caseboard.network.ties import DECLARED_FLOOR, HALF_LIFE_DAYS, Tie, ties

# H at which a tie reaches the declared floor: 1 − exp(−H) = DECLARED_FLOOR.
FLOOR_HAZARD = -math.log(1 - DECLARED_FLOOR)


@dataclass
class TiePage:
    items: list[Tie]
    total: int


def ties_page(viewer: User, min_strength: float, page: int, per_page: int) -> TiePage:
    """Page ``page`` of every tie ``viewer`` may know of (contacts on cases
    they may not see do not count) at least ``min_strength`` strong,
    strongest first, then by the pair's ids; and how many there are. Three
    queries for the ranking and the count, and those of ``ties`` for the
    page's people, whatever the size of the network."""
    if min_strength >= 1:  # no tie reaches 1
        return TiePage([], 0)
    ranked = _ranked(viewer, today())
    hazard = ranked.c.hazard
    kept = select(ranked).where(hazard >= -math.log(1 - min_strength))
    counted = kept.with_only_columns(func.count()).order_by(None)
    total = db.session.scalar(counted) or 0
    order = (hazard.desc(), ranked.c.a, ranked.c.b)
    rows = db.session.execute(
        kept.order_by(*order).limit(per_page).offset((page - 1) * per_page)
    ).all()
    pairs = [(row.a, row.b) for row in rows]
    found = ties({person for pair in pairs for person in pair}, viewer=viewer)
    return TiePage([found[pair] for pair in pairs if pair in found], total)


def _ranked(viewer: User, as_of: date) -> Any:
    """Each pair (a < b) with visible shares or a declared relationship, and
    its H floored as ``Tie.finish`` floors the strength."""
    rate = case(
        {kind: math.log(2) / days for kind, days in HALF_LIFE_DAYS.items()},
        value=TieShare.kind,
        else_=0.0,
    )
    decayed = TieShare.level * func.exp(-rate * _days(TieShare.last_on, as_of))
    shares = select(
        TieShare.person_a_id.label("a"),
        TieShare.person_b_id.label("b"),
        decayed.label("level"),
        literal(0.0).label("floor"),
    ).where(TieShare.last_on <= as_of, sources.case_visible(TieShare.case_id, viewer))
    floor = case((PersonTie.kind == TieKind.STRAINED, 0.0), else_=FLOOR_HAZARD)
    declared = select(
        PersonTie.person_a_id, PersonTie.person_b_id, literal(0.0), floor
    ).where(
        PersonTie.since <= as_of,
        or_(PersonTie.until.is_(None), PersonTie.until > as_of),
    )
    both = union_all(shares, declared).subquery()
    level, floored = func.sum(both.c.level), func.max(both.c.floor)
    hazard = case((level >= floored, level), else_=floored)
    grouped: Select[Any] = select(both.c.a, both.c.b, hazard.label("hazard")).group_by(
        both.c.a, both.c.b
    )
    return grouped.subquery()


def _days(day: Any, as_of: date) -> ColumnElement[Any]:
    """Whole days from ``day`` to ``as_of``, on either database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return literal(as_of) - day
    return func.julianday(literal(as_of.isoformat())) - func.julianday(day)
