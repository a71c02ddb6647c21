"""One person's neighbourhood as it stands today, read rather than computed:
the people and ties from the maintained tie table (``graph.build``), and each
person's figures — degree, betweenness, closeness, community… — from the
coalition-wide per-person rows the background job stores (``stored``).

Computing centrality and communities on the neighbourhood while the page
waited took 0.1–0.3 s at radius 1 and tens of seconds at radius 2 on the
city-scale benchmark; it also answered a narrower question (a broker of the
neighbourhood, not of the coalition). Only what is linear in the ties drawn
is still worked out here: the single points of failure inside the
neighbourhood, the ties between organizations, and the ties' history.

The figures carry their own age; the whole network's page has them
recomputed (see ``stored.coalition_figures``).
A neighbourhood as of a past date has no stored figures and is computed as
before (``snapshots.analyse``).
"""

from __future__ import annotations

import time
from typing import Any

import networkx as nx

from caseboard.models import Case, User
from caseboard.network.centrality import Centrality
from caseboard.network.graph import Built, Scope, build
from caseboard.network.organizations import organization_matrix
from caseboard.network.report import Report
from caseboard.network.resilience import single_points_of_failure
from caseboard.network.snapshots import Analysis, analyse
from caseboard.network.stored import StoredMetric, coalition_figures

# What a person without a stored row shows (not in the stored result: new,
# or without a tie when it was computed).
NO_FIGURES: dict[str, Any] = {
    "degree": 0.0,
    "betweenness": 0.0,
    "closeness": 0.0,
    "eigenvector": None,
    "community": None,
    "constraint": None,
    "effective_size": None,
}


def is_neighbourhood(scope: Scope) -> bool:
    return scope.kind == "person" and bool(scope.object_id) and scope.as_of is None


def analyse_scope(
    viewer: User, scope: Scope, case: Case | None = None, with_history: bool = True
) -> Analysis:
    """The analysis a network page shows: a neighbourhood today from the tie
    table and the stored figures, any other scope from ``snapshots`` (without
    ``with_history``, maybe without the network over time)."""
    if is_neighbourhood(scope):
        return neighbourhood(viewer, scope)
    return analyse(viewer, scope, case, with_history=with_history)


def neighbourhood(viewer: User, scope: Scope) -> Analysis:
    started = time.perf_counter()
    built = build(viewer, scope)
    graph = built.graph
    figures = coalition_figures(viewer, list(graph.nodes))
    report = Report(
        graph=graph,
        metrics=_metrics(graph, figures.rows),
        centrality=STORED_CENTRALITY,
        points_of_failure=single_points_of_failure(graph),
        matrix=organization_matrix(graph, include_within=False),
    )
    return Analysis.live(
        built,
        report,
        started,
        figures_at=figures.computed_at,
        figures_fresh=figures.fresh,
    )


def _metrics(
    graph: nx.Graph, rows: dict[int, StoredMetric]
) -> dict[Any, dict[str, Any]]:
    """The report's per-person figures: each drawn person's stored row (or
    none), with their name and organization as the graph has them today."""
    metrics: dict[Any, dict[str, Any]] = {}
    for node, data in graph.nodes(data=True):
        row = rows.get(node)
        figures = (
            {name: getattr(row, name) for name in NO_FIGURES} if row else NO_FIGURES
        )
        metrics[node] = {
            "name": data.get("name", str(node)),
            "organization": data.get("organization", ""),
            "organization_kind": data.get("organization_kind", "other"),
            **figures,
        }
    return metrics


# The stored figures are the coalition job's, computed exactly (rustworkx,
# ``centrality``); the per-person values live in the report's metrics.
STORED_CENTRALITY = Centrality(
    degree={},
    betweenness={},
    closeness={},
    eigenvector={},
    betweenness_method="exact",
    closeness_method="exact",
    sample_size=None,
    betweenness_error=None,
    closeness_error=None,
    eigenvector_note=None,
)


__all__ = ["Built", "analyse_scope", "is_neighbourhood", "neighbourhood"]
