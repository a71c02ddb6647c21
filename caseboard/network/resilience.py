"""Where the network would split: people (articulation points) and ties
(bridges) whose loss cuts some people off from the rest.

Everything comes from one pass over the block–cut tree, so it stays fast with
many cut points. The tree has a node for each block (a biconnected component:
people who stay connected if any one of them leaves) and one for each cut
person (someone in two or more blocks), joined where a cut person belongs to
a block. Each person is "owned" by one tree node — a cut person by their own
node, everyone else by their only block — so the people below a tree node
are the sum of what its subtree owns.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import networkx as nx

from caseboard.network import explain
from caseboard.network.model import (
    Group,
    Node,
    analysis_graph,
    name_of,
    organization_of,
    ranked_organizations,
    reachable,
)

# ("b", index) for a block, ("c", person) for a cut person.
TreeNode = tuple[str, Any]
# How many people a part holds, by organization, and one person inside it.
Piece = tuple[int, Counter[Any], Node]


@dataclass(frozen=True)
class CutPerson:
    """An articulation point: without ``person`` their connected group falls
    into ``groups`` (largest first); ``cut_off`` people lose all links to the
    largest."""

    person: Node
    name: str
    groups: list[Group]
    cut_off: int
    explanation: str


@dataclass(frozen=True)
class CutTie:
    """A bridge: without the tie ``a``–``b`` their group splits into ``sides``
    (a's side, b's side); ``cut_off`` is the smaller side's size."""

    a: Node
    b: Node
    sides: tuple[Group, Group]
    cut_off: int
    explanation: str


@dataclass(frozen=True)
class SinglePointsOfFailure:
    """Articulation points and bridges, each in plain words, the ones that cut
    off the most people first."""

    people: list[CutPerson]
    ties: list[CutTie]


def single_points_of_failure(
    G: nx.Graph, *, active_only: bool = True, people_limit: int = 25
) -> SinglePointsOfFailure:
    """People (articulation points) and ties (bridges) whose loss splits the
    network, with who would be cut off from whom, in plain words.

    Groups of up to ``people_limit`` people list their members.
    """
    tree = _BlockCutTree(analysis_graph(G, active_only), people_limit)
    people = [_cut_person(tree, v) for v in tree.in_graph_order(tree.cut_people)]
    people.sort(key=lambda cut: -cut.cut_off)
    ties = [
        _cut_tie(tree, index)
        for index, block in enumerate(tree.blocks)
        if len(block) == 2
    ]
    position = tree.position
    ties.sort(key=lambda cut: (-cut.cut_off, position[cut.a], position[cut.b]))
    return SinglePointsOfFailure(people=people, ties=ties)


def _cut_person(tree: _BlockCutTree, v: Node) -> CutPerson:
    pieces = sorted(tree.pieces_without(v), key=lambda piece: -piece[0])
    groups = [tree.group(*piece, without_node=v) for piece in pieces]
    return CutPerson(
        person=v,
        name=name_of(tree.graph, v),
        groups=groups,
        cut_off=sum(g.size for g in groups[1:]),
        explanation=explain.cut_person(tree.graph, v, groups),
    )


def _cut_tie(tree: _BlockCutTree, index: int) -> CutTie:
    a, b = tree.in_graph_order(tree.blocks[index])
    sides = tuple(
        tree.group(*tree.side_of_bridge(index, end), end, without_edge=(a, b))
        for end in (a, b)
    )
    return CutTie(
        a=a,
        b=b,
        sides=(sides[0], sides[1]),
        cut_off=min(side.size for side in sides),
        explanation=explain.cut_tie(tree.graph, a, b, (sides[0], sides[1])),
    )


@dataclass
class _BlockCutTree:
    """The block–cut tree of ``graph``, each tree rooted at its biggest block
    (so the big side is usually "above"), with the people and organizations
    in every subtree."""

    graph: nx.Graph
    people_limit: int
    position: dict[Node, int] = field(init=False)
    blocks: list[frozenset[Node]] = field(init=False)
    blocks_of: defaultdict[Node, list[int]] = field(init=False)
    cut_people: set[Node] = field(init=False)
    parent: dict[TreeNode, TreeNode | None] = field(default_factory=dict)
    children: defaultdict[TreeNode, list[TreeNode]] = field(
        default_factory=lambda: defaultdict(list)
    )
    root_of: dict[TreeNode, TreeNode] = field(default_factory=dict)
    size: dict[TreeNode, int] = field(default_factory=dict)
    orgs: dict[TreeNode, Counter[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.position = {v: i for i, v in enumerate(self.graph)}
        # types-networkx says it yields lists of sets; networkx yields sets.
        components = cast(Iterable[set[Node]], nx.biconnected_components(self.graph))
        self.blocks = [frozenset(b) for b in components]
        self.blocks_of = defaultdict(list)
        for i, block in enumerate(self.blocks):
            for v in block:
                self.blocks_of[v].append(i)
        self.cut_people = {v for v, found in self.blocks_of.items() if len(found) > 1}
        for i in sorted(range(len(self.blocks)), key=lambda i: -len(self.blocks[i])):
            if ("b", i) not in self.parent:
                self._grow(("b", i))

    def in_graph_order(self, people: Any) -> list[Node]:
        return sorted(people, key=self.position.__getitem__)

    def _neighbours(self, t: TreeNode) -> list[TreeNode]:
        kind, key = t
        if kind == "b":
            return [("c", v) for v in self.blocks[key] if v in self.cut_people]
        return [("b", i) for i in self.blocks_of[key]]

    def _owned(self, t: TreeNode) -> list[Node]:
        kind, key = t
        if kind == "c":
            return [key]
        return [v for v in self.blocks[key] if v not in self.cut_people]

    def _grow(self, root: TreeNode) -> None:
        """Walk the tree from ``root``, then add up each subtree's people,
        descendants before ancestors."""
        self.parent[root] = None
        visit = []
        stack = [root]
        while stack:
            t = stack.pop()
            visit.append(t)
            self.root_of[t] = root
            mine = self._owned(t)
            self.size[t] = len(mine)
            self.orgs[t] = Counter(organization_of(self.graph, v) for v in mine)
            for u in self._neighbours(t):
                if u not in self.parent:
                    self.parent[u] = t
                    self.children[t].append(u)
                    stack.append(u)
        for t in reversed(visit):
            up = self.parent[t]
            if up is not None:
                self.size[up] += self.size[t]
                self.orgs[up].update(self.orgs[t])

    def _above(self, t: TreeNode) -> tuple[int, Counter[Any]]:
        """The people of ``t``'s tree outside its subtree."""
        root = self.root_of[t]
        return self.size[root] - self.size[t], self.orgs[root] - self.orgs[t]

    def _someone_else_in(self, t: TreeNode, v: Node) -> Node:
        return next(u for u in self.blocks[t[1]] if u != v)

    def pieces_without(self, v: Node) -> list[Piece]:
        """What cut person ``v``'s connected group falls into without them:
        one piece per block below them in the tree, and the rest above."""
        t = ("c", v)
        pieces = [
            (self.size[b], self.orgs[b], self._someone_else_in(b, v))
            for b in self.children[t]
        ]
        up = self.parent[t]
        if up is not None:
            pieces.append((*self._above(t), self._someone_else_in(up, v)))
        return pieces

    def side_of_bridge(self, index: int, end: Node) -> tuple[int, Counter[Any]]:
        """The people on ``end``'s side of the bridge ``blocks[index]``."""
        t = ("b", index)
        if self.parent[t] == ("c", end):
            return self._above(t)
        if end in self.cut_people:
            return self.size[("c", end)], self.orgs[("c", end)]
        return 1, Counter([organization_of(self.graph, end)])

    def group(
        self,
        count: int,
        counts: Counter[Any],
        inside: Node,
        without_node: Node | None = None,
        without_edge: tuple[Node, Node] | None = None,
    ) -> Group:
        """A part of the network as a ``Group``, listing its people (found
        from ``inside``) when there are few enough."""
        people = None
        if count <= self.people_limit:
            found = reachable(
                self.graph, inside, without_node=without_node, without_edge=without_edge
            )
            people = self.in_graph_order(found)
        return Group(
            size=count, organizations=ranked_organizations(counts), people=people
        )
