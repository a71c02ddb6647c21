"""Everything the network page, its JSON and ``caseboard network report`` show,
computed once from a built graph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from caseboard.network.centrality import Centrality, centrality
from caseboard.network.communities import communities, structural_holes
from caseboard.network.model import active_ties
from caseboard.network.organizations import organization_matrix
from caseboard.network.resilience import SinglePointsOfFailure, single_points_of_failure


@dataclass
class Report:
    graph: nx.Graph
    metrics: dict[Any, dict[str, Any]]
    centrality: Centrality
    points_of_failure: SinglePointsOfFailure
    matrix: dict[tuple[Any, Any], Any]

    def top(self, metric: str, limit: int = 10) -> list[tuple[Any, dict[str, Any]]]:
        ranked = sorted(
            self.metrics.items(),
            key=lambda item: (-(item[1].get(metric) or 0), item[1]["name"]),
        )
        return [item for item in ranked if item[1].get(metric)][:limit]

    def cold_ties(
        self, key_people: set[Any] | None = None, limit: int = 20
    ) -> list[tuple[str, str, dict[str, Any]]]:
        """Ties going cold (cooling or cold) that mattered: between two key
        role holders when ``key_people`` is given, else any declared tie or
        one that was strong (strength ≥ 0.2). Longest silence first."""
        names = nx.get_node_attributes(self.graph, "name")
        cold = [
            (names.get(a, ""), names.get(b, ""), data)
            for a, b, data in self.graph.edges(data=True)
            if data.get("state") in ("cooling", "cold")
            and (
                (a in key_people and b in key_people)
                if key_people is not None
                else (data.get("types") or data.get("weight", 0) >= 0.2)
            )
        ]
        cold.sort(key=lambda row: row[2].get("last_contact") or "")
        return cold[:limit]


def build_report(graph: nx.Graph) -> Report:
    # The active ties every analysis reads, made once rather than by each
    # (four copies of 14,000 ties for the largest case on the bench database).
    active = active_ties(graph)
    cent = centrality(active, active_only=False)
    groups = communities(active, active_only=False)
    holes = structural_holes(active, active_only=False)
    metrics: dict[Any, dict[str, Any]] = {}
    for node, data in graph.nodes(data=True):
        metrics[node] = {
            "name": data.get("name", str(node)),
            "organization": data.get("organization", ""),
            "organization_kind": data.get("organization_kind", "other"),
            "degree": round(cent.degree.get(node, 0.0), 4),
            "betweenness": round(cent.betweenness.get(node, 0.0), 4),
            "closeness": round(cent.closeness.get(node, 0.0), 4),
            "eigenvector": _round(cent.eigenvector.get(node)),
            "community": groups.membership.get(node),
            "constraint": _round(holes.constraint.get(node)),
            "effective_size": _round(holes.effective_size.get(node)),
        }
    return Report(
        graph=graph,
        metrics=metrics,
        centrality=cent,
        points_of_failure=single_points_of_failure(active, active_only=False),
        matrix=organization_matrix(graph, include_within=False),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def as_json(report: Report) -> dict[str, Any]:
    """The ``caseboard network report --json`` shape."""
    names = nx.get_node_attributes(report.graph, "name")
    return {
        "people": [
            {
                key: values[key]
                for key in (
                    "name",
                    "organization",
                    "degree",
                    "betweenness",
                    "closeness",
                    "community",
                )
            }
            for _, values in sorted(
                report.metrics.items(), key=lambda item: -item[1]["betweenness"]
            )
        ],
        "articulation_points": [cut.name for cut in report.points_of_failure.people],
        "bridges": [
            [names.get(t.a, str(t.a)), names.get(t.b, str(t.b))]
            for t in report.points_of_failure.ties
        ],
        "betweenness_method": report.centrality.betweenness_method,
        "sample_size": report.centrality.sample_size,
    }
