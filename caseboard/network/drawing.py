"""What the browser is asked to draw: everyone up to ``MAX_PEOPLE``; beyond
that the best-connected people, and never more than ``MAX_TIES`` ties (the
strongest) — with a note saying what was left out. The tables on the page
and the exports always cover the whole scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from caseboard.network.graph import Scope
from caseboard.network.snapshots import Analysis

# Cytoscape's draft layout places 2,000 people in about a second and a half
# in Chromium on the benchmark machine, but its time grows with the ties too
# (bench/network_draw.py): 20,000 ties took 13 s there.
MAX_PEOPLE = 2000
MAX_TIES = 5000


@dataclass
class Drawing:
    nodes: list[Any]
    edges: list[tuple[Any, Any, dict[str, Any]]]
    note: str = ""


def for_drawing(
    graph: nx.Graph, max_people: int = MAX_PEOPLE, max_ties: int = MAX_TIES
) -> Drawing:
    notes = []
    nodes = list(graph.nodes)
    if len(nodes) > max_people:
        ranked = sorted(graph.degree, key=lambda item: (-item[1], str(item[0])))
        nodes = [node for node, _ in ranked[:max_people]]
        notes.append(
            f"the {max_people:,} best-connected of {graph.number_of_nodes():,} people"
        )
    kept = set(nodes)
    edges = [(a, b, d) for a, b, d in graph.edges(data=True) if a in kept and b in kept]
    if len(edges) > max_ties:
        total = len(edges)
        edges.sort(key=lambda edge: -edge[2].get("weight", 0))
        edges = edges[:max_ties]
        notes.append(f"the {max_ties:,} strongest of {total:,} ties")
    note = ""
    if notes:
        note = (
            "Drawing "
            + " and ".join(notes)
            + ". Choose a case, an organization or a person to see all of them; "
            "the lists below cover everyone."
        )
    return Drawing(nodes, edges, note)


def as_json(
    scope: Scope, analysis: Analysis, drawn: Drawing, roles: dict[Any, list[str]]
) -> dict[str, Any]:
    """What ``/network/data.json`` answers: the drawing, each person's metrics
    and roles on open cases, and how fresh the figures are."""
    # Only a ready analysis is drawn: it carries both its graph and report.
    assert analysis.built is not None and analysis.report is not None
    graph, report = analysis.built.graph, analysis.report
    return {
        "scope": scope.kind,
        "hidden_people": analysis.built.hidden_people,
        "people": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
        "note": drawn.note,
        "computed_at": analysis.computed_at.isoformat()
        if analysis.computed_at
        else None,
        "fresh": analysis.fresh,
        # A neighbourhood's figures are the coalition's stored ones: their age.
        "figures_computed_at": analysis.figures_at.isoformat()
        if analysis.figures_at
        else None,
        "figures_fresh": analysis.figures_fresh,
        "betweenness_method": report.centrality.betweenness_method,
        "sample_size": report.centrality.sample_size,
        "nodes": [
            {"id": node, "roles": roles.get(node, []), **report.metrics[node]}
            for node in drawn.nodes
        ],
        "edges": [{"source": a, "target": b, **attrs} for a, b, attrs in drawn.edges],
    }
