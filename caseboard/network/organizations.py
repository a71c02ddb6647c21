"""How organizations are tied through their people: the organization matrix."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from caseboard.network.model import check_graph, is_active, organization_of, strength


@dataclass(frozen=True)
class OrganizationLink:
    """Person-level ties between two organizations (or within one):
    ``ties`` in all states, ``active_ties``, and their summed and mean
    strength."""

    ties: int
    active_ties: int
    total_strength: float
    mean_strength: float


def _org_key(org: Any) -> tuple[bool, str]:
    return (org is None, str(org))


def organization_matrix(
    G: nx.Graph, *, include_within: bool = True
) -> dict[tuple[Any, Any], OrganizationLink]:
    """For each pair of organizations with at least one tie between their
    people: how many ties and how strong. Keys are (organization,
    organization) in sorted order; None stands for people with no
    organization; ``include_within`` keeps (org, org) pairs for ties inside
    one organization."""
    check_graph(G)
    ties: Counter[tuple[Any, Any]] = Counter()
    active: Counter[tuple[Any, Any]] = Counter()
    total: defaultdict[tuple[Any, Any], float] = defaultdict(float)
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        ou, ov = organization_of(G, u), organization_of(G, v)
        if ou == ov and not include_within:
            continue
        key = tuple(sorted((ou, ov), key=_org_key))
        ties[key] += 1
        active[key] += is_active(d)
        total[key] += strength(d)
    return {
        key: OrganizationLink(
            ties=ties[key],
            active_ties=active[key],
            total_strength=total[key],
            mean_strength=total[key] / ties[key],
        )
        for key in sorted(ties, key=lambda k: (_org_key(k[0]), _org_key(k[1])))
    }
