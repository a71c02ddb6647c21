"""What a client reads of the network without waiting for a computation:
the ties of a person or of a scope, from the maintained tie table, and a
scope's stored metrics with their age. The API reads through here only, so
where the network keeps its figures (pickled snapshots today) is this
module's business alone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from caseboard.models import Case, User
from caseboard.network.graph import (
    Scope,
    _people_of_case,
    _people_of_organization,
    people_of_coalition,
)
from caseboard.network.person_rows import FIGURES
from caseboard.network.snapshots import stored
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
    """A scope's metrics as last computed, or only the state of the
    computation asked for (``people`` None: nothing stored yet)."""

    status: str  # done, live, queued, running, failed
    fresh: bool
    computed_at: datetime | None
    requested_at: datetime | None
    people: list[dict[str, Any]] | None
    articulation_points: list[Any]  # person ids
    bridges: list[tuple[Any, Any]]  # pairs of person ids
    ties: int


def stored_network(viewer: User, scope: Scope) -> StoredNetwork:
    """Never computes while the caller waits: the stored result (fresh, or
    the last one while its replacement is computed), else none and the
    computation asked for."""
    analysis = stored(viewer, scope)
    report = analysis.report
    if report is None:
        return StoredNetwork(
            analysis.status, False, None, analysis.requested_at, None, [], [], 0
        )
    people = [
        {"person_id": node, "name": values["name"]}
        | {name: values[name] for name in FIGURES}
        for node, values in sorted(report.metrics.items())
    ]
    failure = report.points_of_failure
    return StoredNetwork(
        status=analysis.status,
        fresh=analysis.fresh,
        computed_at=analysis.computed_at,
        requested_at=analysis.requested_at,
        people=people,
        articulation_points=sorted(cut.person for cut in failure.people),
        bridges=[(cut.a, cut.b) for cut in failure.ties],
        ties=report.graph.number_of_edges(),
    )
