"""Brokers between two groups: the people who tie one group of people to
another ("who are our brokers to the bar owners?").

Groups are plain sets of person ids, so any grouping plugs in: an
organization, a kind of organization, a coalition. The words that explain
the result live in the template, not here.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

GROUP_KINDS = ("org", "kind", "coalition")


@dataclass(frozen=True)
class Broker:
    """``person`` and their ties (other person, strength 0–1) into each side,
    strongest first. A member of a side reaches it by being in it."""

    person: int
    in_a: bool
    in_b: bool
    ties_a: tuple[tuple[int, float], ...]
    ties_b: tuple[tuple[int, float], ...]

    @property
    def reach(self) -> tuple[float, float]:
        """How strongly they reach each side (1.0 for a member)."""
        a = 1.0 if self.in_a else max(w for _, w in self.ties_a)
        b = 1.0 if self.in_b else max(w for _, w in self.ties_b)
        return a, b

    @property
    def rank_key(self) -> tuple[float, float, int]:
        """The weaker side first (a broker is as good as their weaker link),
        then total strength, then how many ties."""
        total = sum(w for _, w in self.ties_a) + sum(w for _, w in self.ties_b)
        return min(self.reach), total, len(self.ties_a) + len(self.ties_b)


def _ties_into(
    graph: nx.Graph, person: int, group: set[int]
) -> tuple[tuple[int, float], ...]:
    found = [
        (other, float(graph.edges[person, other].get("weight", 0.0)))
        for other in graph.neighbors(person)
        if other in group and other != person
    ]
    return tuple(sorted(found, key=lambda tie: (-tie[1], tie[0])))


def brokers_between(
    graph: nx.Graph, group_a: set[int], group_b: set[int], limit: int = 25
) -> list[Broker]:
    """People of ``graph`` with a tie across: a member of one group tied to
    the other, or an outsider tied to both. Best first (see ``rank_key``);
    people in both groups count only through their ties."""
    found = []
    for person in graph.nodes:
        ties_a = _ties_into(graph, person, group_a)
        ties_b = _ties_into(graph, person, group_b)
        in_a, in_b = person in group_a, person in group_b
        if in_a and in_b:
            in_a = in_b = False  # reaching both by membership is no bridge
        if (in_a or ties_a) and (in_b or ties_b):
            found.append(Broker(person, in_a, in_b, ties_a, ties_b))
    found.sort(key=lambda broker: broker.rank_key, reverse=True)
    return found[:limit]


def members(graph: nx.Graph, kind: str, value: str) -> set[int]:
    """The people of ``graph`` in one group: ``("org", "12")`` for an
    organization, ``("kind", "business")`` for a kind of organization."""
    if kind == "org":
        return {
            n
            for n, d in graph.nodes(data=True)
            if str(d.get("organization_id")) == value
        }
    if kind == "kind":
        return {
            n for n, d in graph.nodes(data=True) if d.get("organization_kind") == value
        }
    return set()


def parse_group(text: str | None) -> tuple[str, str] | None:
    """``"org-12"``, ``"kind-business"`` or ``"coalition-3"`` as (kind,
    value); None otherwise."""
    kind, _, value = (text or "").partition("-")
    if kind in GROUP_KINDS and value and len(value) <= 40:
        return kind, value
    return None
