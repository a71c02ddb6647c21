"""Reading the stored per-person figures (``PersonMetric``) in proportion to
what a page shows: a few people by id, the top N by an indexed column, or
a page of everyone.

Used by the person page, the dashboard and the API. The rows are the last
result the background job stored for the viewer's scope — possibly older
than the data; the caller shows ``computed_at`` as its age.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import defer

from caseboard.clock import local_date, today
from caseboard.extensions import db
from caseboard.models import (
    NetworkSnapshot,
    Person,
    PersonMetric,
    SnapshotStatus,
    User,
)
from caseboard.network import freshness
from caseboard.network.graph import Scope
from caseboard.network.person_rows import FIGURES
from caseboard.network.snapshots import (
    ask_for,
    is_fresh,
    snapshot_key,
    visible_people_digest,
)

# The columns ``top`` may rank by: each has an index with the snapshot id.
RANKABLE = ("betweenness", "degree")


@dataclass(frozen=True)
class StoredMetric:
    """One person's figures, rounded as the network page shows them."""

    person_id: int
    name: str
    degree: float
    betweenness: float
    closeness: float
    eigenvector: float | None
    community: int | None
    constraint: float | None
    effective_size: float | None


def stored_metrics(
    viewer: User,
    scope: Scope | None = None,
    people: Collection[int] | None = None,
    top: tuple[str, int] | int | None = None,
) -> tuple[list[StoredMetric], datetime] | None:
    """The stored figures of ``people`` (by id), or of the ``top`` N people
    (an int ranks by betweenness; ``("degree", 5)`` names the column), or of
    everyone, in the last result stored for ``scope`` (the whole coalition
    by default) as ``viewer`` may see it, and when it was computed; None when
    nothing is stored yet. People outside the scope are simply absent."""
    scope = scope or Scope()
    digest, _ = visible_people_digest(viewer)
    # One query: the snapshot, outer-joined to the rows asked for, so a
    # stored result in which none of them figures still gives its age.
    wanted = [PersonMetric.snapshot_id == NetworkSnapshot.id]
    if people is not None:
        wanted.append(PersonMetric.person_id.in_(list(people)))
    order: list[Any] = [PersonMetric.person_id]
    limit = None
    if top is not None:
        column, limit = ("betweenness", top) if isinstance(top, int) else top
        if column not in RANKABLE:
            raise ValueError(f"cannot rank by {column!r}; one of {RANKABLE}")
        ranked = getattr(PersonMetric, column)
        wanted.append(ranked > 0)
        order = [ranked.desc(), Person.full_name]
    query = (
        select(NetworkSnapshot.computed_at, PersonMetric, Person.full_name)
        .outerjoin(PersonMetric, and_(*wanted))
        .outerjoin(Person, Person.id == PersonMetric.person_id)
        .where(NetworkSnapshot.key == snapshot_key(scope, digest))
        .where(NetworkSnapshot.computed_at.is_not(None))
        .order_by(*order)
        .limit(limit)
    )
    found = db.session.execute(query).all()
    if not found:
        return None
    rows = [_row(metric, name) for _, metric, name in found if metric is not None]
    return rows, found[0].computed_at


def _row(metric: PersonMetric, name: str) -> StoredMetric:
    figures = {figure: getattr(metric, figure) for figure in FIGURES}
    return StoredMetric(person_id=metric.person_id, name=name, **figures)


def stored_row(
    viewer: User, scope: Scope
) -> tuple[NetworkSnapshot | None, str, bool, datetime | None]:
    """``snapshots.stored`` without reading the payload, for what reads the
    rows kept beside it: the scope's row (its payload left unread), its
    status, whether it is fresh, and since when the job is asked for — asked
    for now unless a fresh result kept its points of failure."""
    version, people_version = freshness.both(db.session)
    key = snapshot_key(scope, visible_people_digest(viewer, people_version)[0])
    query = select(NetworkSnapshot).where(NetworkSnapshot.key == key)
    row = db.session.scalar(query.options(defer(NetworkSnapshot.payload)))
    kept = row is not None and row.points_of_failure is not None
    if row is not None and kept and is_fresh(row, version, scope):
        return row, SnapshotStatus.DONE, True, row.requested_at
    status, requested_at = ask_for(viewer, scope, key, version, row)
    return row, status, False, requested_at


def metrics_page(
    snapshot_id: int, page: int, per_page: int
) -> tuple[list[StoredMetric], int]:
    """Page ``page`` of the snapshot's per-person rows by person id, and
    how many there are: two indexed queries, whatever the network's size."""
    query = (
        select(PersonMetric, Person.full_name)
        .join(Person, Person.id == PersonMetric.person_id)
        .where(PersonMetric.snapshot_id == snapshot_id)
    )
    counted = query.with_only_columns(func.count()).order_by(None)
    total = db.session.scalar(counted) or 0
    paged = query.order_by(PersonMetric.person_id)
    paged = paged.limit(per_page).offset((page - 1) * per_page)
    found = db.session.execute(paged).all()
    return [_row(metric, name) for metric, name in found], total


@dataclass(frozen=True)
class CoalitionFigures:
    """Some people's rows in the coalition's stored result as a viewer may
    see it: ``computed_at`` None when nothing is stored yet; not ``fresh``
    when it is older than the data."""

    rows: dict[int, StoredMetric]
    computed_at: datetime | None
    fresh: bool


def coalition_figures(viewer: User, people: Collection[int]) -> CoalitionFigures:
    """The stored coalition-wide figures of ``people``, in one indexed read.

    Like the person page and the dashboard, this never asks for the job: the
    coalition's job is the heaviest thing the application does (minutes at
    city scale on a busy 2-core machine, per set of visible people), and a
    light page that set it off for every viewer would keep the workers busy
    with it; the whole network's page asks for it."""
    version, people_version = freshness.both(db.session)
    digest, _ = visible_people_digest(viewer, people_version)
    key = snapshot_key(Scope(), digest)
    found = db.session.execute(
        select(
            NetworkSnapshot.computed_at,
            NetworkSnapshot.computed_version,
            PersonMetric,
            Person.full_name,
        )
        .outerjoin(
            PersonMetric,
            and_(
                PersonMetric.snapshot_id == NetworkSnapshot.id,
                PersonMetric.person_id.in_(list(people)),
            ),
        )
        .outerjoin(Person, Person.id == PersonMetric.person_id)
        .where(NetworkSnapshot.key == key)
        .where(NetworkSnapshot.computed_at.is_not(None))
    ).all()
    rows = {
        metric.person_id: _row(metric, name)
        for _, _, metric, name in found
        if metric is not None
    }
    computed_at = found[0].computed_at if found else None
    fresh = (
        computed_at is not None
        and found[0].computed_version == version
        and local_date(computed_at) == today()
    )
    return CoalitionFigures(rows, computed_at, fresh)
