"""The graph every network analysis reads: what its people and ties carry,
which ties count, and the connected groups results report.

No database and no Flask: the caller builds the graph (``network.graph``) and
shows the results. The analyses are split by the question they answer —
``centrality`` (who is central), ``communities`` (groups and who bridges
them), ``resilience`` (single points of failure), ``what_if`` (what leaves
with a person), ``introductions`` (warm-introduction paths) and
``organizations`` (the organization matrix) — and ``explain`` puts their
results into words.

The graph
    An undirected ``nx.Graph``. Nodes are person ids, with optional attributes
    ``name``, ``organization`` and ``organization_kind``. Each edge is a tie:
    ``weight`` (tie strength, 0 < w ≤ 1; missing counts as 1), ``state``
    ("active", "cooling" or "cold"; missing counts as active), ``last_contact``
    (a date), ``types`` (relationship types) and, optionally, ``since`` and
    ``until`` (dates), which only ``filter_graph(as_of=...)`` reads.

Which ties count
    The structural analyses — ``centrality``, ``communities``,
    ``structural_holes``, ``single_points_of_failure``, ``what_if_leaves`` and
    ``warm_introduction`` — use only active ties by default
    (``active_only=True``): a cooling or cold tie is not a working link. Every
    person stays in the graph, so someone whose ties have all gone cold shows
    zero scores rather than vanishing. ``organization_matrix``, ``filter_graph``
    and ``ego_graph`` describe whatever graph they are given. Self-ties are
    ignored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import networkx as nx

Node = Hashable

ACTIVE = "active"
DEFAULT_SEED = 42


def check_graph(G: nx.Graph) -> None:
    if G.is_directed() or G.is_multigraph():
        raise TypeError("expected an undirected nx.Graph (not directed, not multi)")


def require_person(G: nx.Graph, person: Node) -> None:
    if person not in G:
        raise nx.NodeNotFound(f"person {person!r} is not in the graph")


# ---------------------------------------------------------------- attributes


def is_active(tie: Mapping[str, Any]) -> bool:
    """Whether a tie (an edge's attribute dict) is active; no state counts as
    active."""
    return tie.get("state", ACTIVE) == ACTIVE


def strength(tie: Mapping[str, Any]) -> float:
    weight = tie.get("weight", 1.0)
    return 1.0 if weight is None else float(weight)


def tie_types(tie: Mapping[str, Any]) -> tuple[str, ...]:
    value = tie.get("types")
    if not value:
        return ()
    if isinstance(value, str):  # e.g. after a GraphML round trip
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(value)


def as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def name_of(G: nx.Graph, v: Node) -> str:
    name = G.nodes[v].get("name")
    return str(v) if name is None or name == "" else str(name)


def organization_of(G: nx.Graph, v: Node) -> Any:
    org = G.nodes[v].get("organization")
    return None if org == "" else org


# ---------------------------------------------------------------- which ties count


def active_ties(G: nx.Graph) -> nx.Graph:
    """A new graph with every person and only the active ties."""
    check_graph(G)
    H: nx.Graph[Node] = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(
        (u, v, d) for u, v, d in G.edges(data=True) if u != v and is_active(d)
    )
    return H


def analysis_graph(G: nx.Graph, active_only: bool) -> nx.Graph:
    """The graph an analysis reads: active ties only, or every tie; never a
    self-tie."""
    if active_only:
        return active_ties(G)
    check_graph(G)
    if nx.number_of_selfloops(G):
        G = G.copy()
        G.remove_edges_from(list(nx.selfloop_edges(G)))
    return G


def filter_graph(
    G: nx.Graph,
    *,
    min_strength: float | None = None,
    types: Iterable[str] | None = None,
    as_of: date | datetime | None = None,
    states: Iterable[str] | None = None,
    drop_isolates: bool = False,
) -> nx.Graph:
    """A new graph keeping every person and the ties that pass all filters.

    ``min_strength``: ties at least this strong. ``types``: ties with at least
    one of these relationship types (empty or None: no filter). ``states``:
    ties in one of these states. ``as_of``: ties that had begun (``since`` on
    or before that day) and not ended (``until`` after it); a tie without
    ``since`` is kept. Strengths and states are not recomputed for the past
    date: for the network as it stood then, build the graph as of that date.
    ``drop_isolates``: also drop people left without any tie.
    """
    check_graph(G)
    wanted_types = set(types) if types else None
    wanted_states = set(states) if states else None
    day = as_date(as_of)
    H: nx.Graph[Node] = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        if min_strength is not None and strength(d) < min_strength:
            continue
        if wanted_types is not None and wanted_types.isdisjoint(tie_types(d)):
            continue
        if wanted_states is not None and d.get("state", ACTIVE) not in wanted_states:
            continue
        if day is not None and not _existed_on(d, day):
            continue
        H.add_edge(u, v, **d)
    if drop_isolates:
        H.remove_nodes_from(list(nx.isolates(H)))
    return H


def _existed_on(tie: Mapping[str, Any], day: date) -> bool:
    since, until = as_date(tie.get("since")), as_date(tie.get("until"))
    if since is not None and since > day:
        return False
    return until is None or until > day


def ego_graph(G: nx.Graph, person: Node, radius: int = 1) -> nx.Graph:
    """A new graph of the people within ``radius`` steps (1–3) of ``person``,
    with every tie among them."""
    check_graph(G)
    require_person(G, person)
    if isinstance(radius, bool) or not isinstance(radius, int) or not 1 <= radius <= 3:
        raise ValueError("radius must be 1, 2 or 3")
    return nx.ego_graph(G, person, radius=radius)


# ---------------------------------------------------------------- groups


@dataclass(frozen=True)
class Group:
    """People who stay connected to one another: ``size``, ``organizations``
    (organization → people, largest first; None is no organization) and
    ``people`` (in graph order; None when the group is too big to list)."""

    size: int
    organizations: dict[Any, int]
    people: list[Node] | None


def ranked_organizations(counts: Counter[Any]) -> dict[Any, int]:
    """Organization → people, largest first (then by name, no organization
    last), without organizations that count nobody."""
    ranked = sorted(
        ((org, n) for org, n in counts.items() if n > 0),
        key=lambda item: (-item[1], item[0] is None, str(item[0])),
    )
    return dict(ranked)


def reachable(
    H: nx.Graph,
    seed: Node,
    *,
    without_node: Node | None = None,
    without_edge: tuple[Node, Node] | None = None,
) -> list[Node]:
    """The people reachable from ``seed`` without passing through
    ``without_node`` or along ``without_edge``, in the order found."""
    adj = H._adj  # type: ignore[attr-defined]  # private dict: fast, not in the stubs
    seen = {seed}
    queue = [seed]
    for u in queue:
        for w in adj[u]:
            if w in seen or w == without_node:
                continue
            if without_edge is not None and (
                (u, w) == without_edge or (w, u) == without_edge
            ):
                continue
            seen.add(w)
            queue.append(w)
    return queue
