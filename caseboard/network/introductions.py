"""Warm introductions: the strongest chain of ties from one person to another."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import networkx as nx

from caseboard.network.model import (
    Node,
    analysis_graph,
    name_of,
    require_person,
    strength,
    tie_types,
)

DEFAULT_AVOID_TYPES = ("strained",)


@dataclass(frozen=True)
class IntroductionPath:
    """The strongest chain of ties from ``path[0]`` to ``path[-1]``.

    ``strengths``: each tie's strength along the way; ``strength``: their
    product (0 to 1 — a chain is only as warm as all its links together);
    ``brokers``: the people in between, to ask in order; ``direct_strength``:
    the strength of a direct tie, if there is one, for comparison.
    """

    path: list[Node]
    names: list[str]
    strengths: list[float]
    strength: float
    brokers: list[Node]
    direct_strength: float | None


def warm_introduction(
    G: nx.Graph,
    a: Node,
    b: Node,
    *,
    active_only: bool = True,
    avoid_types: Iterable[str] | None = DEFAULT_AVOID_TYPES,
) -> IntroductionPath | None:
    """The strongest chain of ties from ``a`` to ``b`` and who brokers it.

    Maximizes the product of tie strengths, i.e. the shortest path with
    −log(strength) as length. Ties of a type in ``avoid_types`` (strained
    relationships by default) and ties of strength 0 are not used. None when
    no chain exists.
    """
    require_person(G, a)
    require_person(G, b)
    H = analysis_graph(G, active_only)
    for u, v, d in H.edges(data=True):
        if not 0 <= strength(d) <= 1:
            raise ValueError(f"tie {u!r}–{v!r} has strength {strength(d)}, not 0–1")
    avoid = set(avoid_types or ())

    def length(u: Node, v: Node, d: Mapping[str, Any]) -> float | None:
        w = strength(d)
        if w <= 0 or not avoid.isdisjoint(tie_types(d)):
            return None  # hidden
        return -math.log(w)

    direct = strength(H.adj[a][b]) if b in H.adj[a] else None
    if a == b:
        return IntroductionPath([a], [name_of(G, a)], [], 1.0, [], None)
    try:
        path = nx.dijkstra_path(H, a, b, weight=length)
    except nx.NetworkXNoPath:
        return None
    strengths = [strength(H.adj[u][v]) for u, v in pairwise(path)]
    return IntroductionPath(
        path=path,
        names=[name_of(G, v) for v in path],
        strengths=strengths,
        strength=math.prod(strengths),
        brokers=path[1:-1],
        direct_strength=direct,
    )
