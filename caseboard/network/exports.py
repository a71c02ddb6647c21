"""The network in formats other tools read: GraphML and GEXF (Gephi,
``networkx.read_graphml``), JSON node-link and a CSV edge list."""

from __future__ import annotations

import json
from enum import Enum

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


def export(graph: nx.Graph, fmt: str) -> str:
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
                ]
                for a, b, data in sorted(graph.edges(data=True))
            ),
        )
    raise ValueError(f"unknown format {fmt!r}")
