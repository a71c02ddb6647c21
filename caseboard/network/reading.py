"""What a client reads of the network without waiting for a computation:
the ties of a person or of a scope, from the maintained tie table, and a
scope's stored metrics with their age. The API reads through here only, so
where the network keeps its figures (the rows stored beside each pickled
snapshot) is this module's business alone."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from caseboard.models import Case, User
from caseboard.network.graph import (
    Scope,
    _people_of_case,
    _people_of_organization,
    people_of_coalition,
)
from caseboard.network.stored import metrics_page, stored_row
from caseboard.network.tie_pages import ties_page
from caseboard.network.ties import Tie, ties


def tie_page(
    viewer: User,
    scope: Scope,
    case: Case | None,
    min_strength: float,
    page: int,
    per_page: int,
) -> tuple[list[Tie], int]:
    """Page ``page`` of ``ties_of_scope`` and how many there are in all.
    Everyone's ties (no object named) are ranked and paged in SQL; a
    scope's few are read whole and sliced."""
    if scope.object_id is None:
        found = ties_page(viewer, min_strength, page, per_page)
        return found.items, found.total
    every = ties_of_scope(viewer, scope, case, min_strength)
    first = (page - 1) * per_page
    return every[first : first + per_page], len(every)


def ties_of_scope(
    viewer: User, scope: Scope, case: Case | None = None, min_strength: float = 0.0
) -> list[Tie]:
    """Today's ties as ``viewer`` may know them (contacts on cases they may
    not see do not count: ``ties(viewer=…)``, as on the network pages):
    a person's own ties; among a case's role holders (``case``, loaded);
    touching an organization's staff; among a coalition's people.
    Strongest first, then by the pair's ids."""
    if scope.kind == "person" and scope.object_id:
        found = ties([scope.object_id], touching=True, viewer=viewer)
    elif scope.kind == "case" and case is not None:
        found = ties(_people_of_case(case), viewer=viewer)
    elif scope.kind == "organization" and scope.object_id:
        people = _people_of_organization(scope.object_id)
        found = ties(people, touching=True, viewer=viewer)
    elif scope.kind == "coalition" and scope.object_id:
        found = ties(people_of_coalition(scope.object_id), viewer=viewer)
    else:
        found = ties(viewer=viewer)
    kept = [t for t in found.values() if t.strength >= min_strength]
    return sorted(kept, key=lambda t: (-t.strength, t.a, t.b))


@dataclass
class StoredNetwork:
    """A page of a scope's metrics as last computed, or only the state of
    the computation asked for (``people`` None: nothing stored yet)."""

    status: str  # done, queued, running, failed
    fresh: bool
    computed_at: datetime | None
    requested_at: datetime | None
    people: list[dict[str, Any]] | None  # this page of them, by person id
    articulation_points: list[Any]  # person ids
    bridges: list[tuple[Any, Any]]  # pairs of person ids
    ties: int
    total: int = 0  # people in all the pages


def stored_network(
    viewer: User, scope: Scope, page: int = 1, per_page: int = 50
) -> StoredNetwork:
    """Never computes while the caller waits: the stored result (fresh, or
    the last one while its replacement is computed), else none and the
    computation asked for. Reads the rows kept beside the payload (one page
    of the per-person figures, the points of failure), never the payload."""
    row, status, fresh, requested_at = stored_row(viewer, scope)
    failure = row.points_of_failure if row is not None else None
    if row is None or row.computed_at is None or failure is None:
        return StoredNetwork(status, False, None, requested_at, None, [], [], 0)
    people, total = metrics_page(row.id, page, per_page)
    return StoredNetwork(
        status=status,
        fresh=fresh,
        computed_at=row.computed_at,
        requested_at=requested_at,
        people=[asdict(person) for person in people],
        articulation_points=failure["people"],
        bridges=[(a, b) for a, b in failure["ties"]],
        ties=row.ties or 0,
        total=total,
    )
