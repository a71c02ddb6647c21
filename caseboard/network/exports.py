"""The network in formats other tools read: GraphML and GEXF (Gephi,
``networkx.read_graphml``), JSON node-link and a CSV edge list."""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

import networkx as nx

from caseboard.inputs import clean_text
from caseboard.spreadsheets import write_csv

FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "csv": "text/csv",
}


def _flat(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are scalars (GraphML and GEXF take no lists)."""
    flat: nx.Graph = nx.Graph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for a, b, data in graph.edges(data=True):
        flat.add_edge(a, b, **{k: _scalar(v) for k, v in data.items()})
    return flat


def _scalar(value: object) -> object:
    """A value GraphML and GEXF can hold. Text loses the control characters
    XML 1.0 forbids (all but tab, newline and carriage return): one stored
    before they were refused at the edge would make the whole file
    unreadable, for everyone who exports."""
    if isinstance(value, list | tuple | set):
        value = ";".join(str(v) for v in sorted(value))
    if value is None:
        return ""
    if isinstance(value, Enum):
        # Vocabulary columns read back as enums; the writers take plain values.
        value = value.value
    return clean_text(value, multiline=True)


# The figures the page shows for each person, carried by every format.
METRICS = ("degree", "betweenness", "closeness", "community")


def with_metrics(graph: nx.Graph, metrics: dict[Any, dict[str, Any]]) -> nx.Graph:
    """A copy whose people carry ``METRICS`` (community -1: in none) and a
    ``label`` (their name: Gephi shows labels, not ids)."""
    copy: nx.Graph = graph.copy()
    for node, data in copy.nodes(data=True):
        figures = metrics.get(node, {})
        for key in METRICS:
            value = figures.get(key)
            data[key] = -1 if value is None and key == "community" else value or 0
        data["label"] = data.get("name", str(node))
    return copy


def export(
    graph: nx.Graph, fmt: str, metrics: dict[Any, dict[str, Any]] | None = None
) -> str:
    graph = with_metrics(graph, metrics or {})
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(_flat(graph)))
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(_flat(graph)))
    if fmt == "json":
        data = nx.node_link_data(graph, edges="links")
        return json.dumps(data, indent=1, default=str)
    if fmt == "csv":
        names = nx.get_node_attributes(graph, "name")
        return write_csv(
            [
                "source",
                "source_name",
                "target",
                "target_name",
                "weight",
                "state",
                "last_contact",
                "types",
                *(f"{end}_{key}" for end in ("source", "target") for key in METRICS),
            ],
            (
                [
                    a,
                    names.get(a, ""),
                    b,
                    names.get(b, ""),
                    data.get("weight", ""),
                    data.get("state", ""),
                    data.get("last_contact", ""),
                    _scalar(data.get("types", [])),
                    *(graph.nodes[end][key] for end in (a, b) for key in METRICS),
                ]
                for a, b, data in sorted(graph.edges(data=True))
            ),
        )
    raise ValueError(f"unknown format {fmt!r}")
