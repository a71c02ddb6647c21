"""Groups and the people between them: Louvain communities, and Burt's
structural holes (constraint, effective size, efficiency).

Burt's constraint is computed for all people in one pass (``nx.constraint``
without scipy, or asked for a subset of nodes, is orders of magnitude slower),
and effective size uses the triangle formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import networkx as nx

from caseboard.network.model import DEFAULT_SEED, Node, analysis_graph


@dataclass(frozen=True)
class Communities:
    """``membership``: person → community index, 0 the largest; ``sizes``:
    people per community; ``modularity``: how much more the ties fall within
    communities than chance would give (None without ties)."""

    membership: dict[Node, int]
    sizes: list[int]
    modularity: float | None


def communities(
    G: nx.Graph,
    *,
    seed: int = DEFAULT_SEED,
    resolution: float = 1.0,
    weight: str | None = "weight",
    active_only: bool = True,
) -> Communities:
    """Louvain communities (seeded, weighted by tie strength).

    community — The group of people more tied to each other than to the rest
    (0 is the largest group).

    People without ties form communities of one.
    """
    H = analysis_graph(G, active_only)
    if H.number_of_edges() == 0:
        parts: list[set[Node]] = [{v} for v in H]
        modularity = None
    else:
        parts = nx.community.louvain_communities(
            H, weight=weight, resolution=resolution, seed=seed
        )
        modularity = nx.community.modularity(
            H, parts, weight=weight, resolution=resolution
        )
    parts = sorted(parts, key=len, reverse=True)  # stable: ties keep Louvain order
    membership = {v: index for index, part in enumerate(parts) for v in part}
    return Communities(
        membership={v: membership[v] for v in H},
        sizes=[len(part) for part in parts],
        modularity=modularity,
    )


@dataclass(frozen=True)
class StructuralHoles:
    """Per person; None for someone without ties (undefined).

    ``constraint``: unitless, 0 to about 1 (up to 1.125 in tiny groups).
    ``effective_size``: in people, from 1 up to the number of contacts.
    ``efficiency``: effective size ÷ number of contacts, 0 to 1.
    """

    constraint: dict[Node, float | None]
    effective_size: dict[Node, float | None]
    efficiency: dict[Node, float | None]


def structural_holes(
    G: nx.Graph, *, weight: str | None = None, active_only: bool = True
) -> StructuralHoles:
    """Burt's constraint, effective size and efficiency of everyone.

    constraint — How much this person's contacts are tied to each other (0 to
    about 1; low means they bridge separate groups).
    effective_size — How many of this person's contacts are not tied to one
    another (non-redundant contacts, in people).
    efficiency — Share of this person's contacts who are non-redundant
    (effective size divided by number of contacts, 0 to 1).

    Constraint is networkx's ``nx.constraint`` (unweighted by default; pass
    ``weight="weight"`` to weigh ties by strength), computed for all people in
    one pass. Effective size is Borgatti's formula for unweighted ties,
    k − 2T/k (k contacts, T ties among them), equal to ``nx.effective_size``.
    """
    H = analysis_graph(G, active_only)
    # Without ``nodes`` networkx answers a dict; the stubs allow an int too.
    triangles = cast(dict[Node, int], nx.triangles(H))
    effective: dict[Node, float | None] = {}
    efficiency: dict[Node, float | None] = {}
    for v, k in H.degree():
        if k == 0:
            effective[v] = efficiency[v] = None
        else:
            share = k - 2 * triangles[v] / k
            effective[v] = share
            efficiency[v] = share / k
    return StructuralHoles(
        constraint=_constraint(H, weight),
        effective_size=effective,
        efficiency=efficiency,
    )


def _constraint(H: nx.Graph, weight: str | None) -> dict[Node, float | None]:
    """Burt's constraint c(v) = Σ_n (p_vn + Σ_q p_vq p_qn)², where p_vn is
    the share of v's (weighted) ties that go to n, n ranges over v's contacts
    and q over contacts of both v and n."""
    share: dict[Node, dict[Node, float]] = {}
    for u, nbrs in H.adj.items():
        if weight is None:
            raw = dict.fromkeys(nbrs, 1.0)
        else:
            raw = {v: float(d.get(weight, 1)) for v, d in nbrs.items()}
        total = sum(raw.values())
        share[u] = {v: (x / total if total else 0.0) for v, x in raw.items()}
    result: dict[Node, float | None] = {}
    for v, pv in share.items():
        if not pv:
            result[v] = None
            continue
        c = 0.0
        for n, pvn in pv.items():
            pn = share[n]
            if len(pv) <= len(pn):
                indirect = sum(pvq * share[q][n] for q, pvq in pv.items() if q in pn)
            else:
                indirect = sum(pv[q] * share[q][n] for q in pn if q in pv)
            c += (pvn + indirect) ** 2
        result[v] = c
    return result


@dataclass(frozen=True)
class CommunityList:
    """One community for the page: its index (0 the largest), how many are
    in it, and the names of its most central people."""

    index: int
    size: int
    names: tuple[str, ...]


def community_lists(
    metrics: dict[Any, dict[str, Any]], limit: int = 10, names: int = 6
) -> list[CommunityList]:
    """The ``limit`` largest communities of two or more, from a report's
    per-person metrics, each with its ``names`` most between people."""
    members: dict[int, list[dict[str, Any]]] = {}
    for figures in metrics.values():
        if figures.get("community") is not None:
            members.setdefault(figures["community"], []).append(figures)
    found: list[CommunityList] = []
    for index, people in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(people) < 2 or len(found) >= limit:
            continue
        people.sort(key=lambda p: (-p.get("betweenness", 0), p.get("name", "")))
        found.append(
            CommunityList(index, len(people), tuple(p["name"] for p in people[:names]))
        )
    return found
