"""What the network loses if one person leaves (transfer, retirement): their
ties, the organizations and cases left without a link, the groups cut off,
and the introductions that would repair it before they go."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from caseboard.network import explain
from caseboard.network.model import (
    ACTIVE,
    Group,
    Node,
    analysis_graph,
    as_date,
    is_active,
    name_of,
    organization_of,
    ranked_organizations,
    reachable,
    require_person,
    strength,
    tie_types,
)


@dataclass(frozen=True)
class LostTie:
    """One of the leaving person's ties."""

    other: Node
    name: str
    organization: Any
    strength: float
    state: str
    types: tuple[str, ...]
    last_contact: date | None


@dataclass(frozen=True)
class OrganizationPairCut:
    """Two organizations left without any (active, by default) person-level
    tie: ``ties_lost`` of the leaver's ties joined them;
    ``inactive_ties_left`` cooling or cold ties between them remain."""

    organizations: tuple[Any, Any]
    ties_lost: int
    inactive_ties_left: int


@dataclass(frozen=True)
class CaseCut:
    """An open case losing its only chain of ties between role holders ``a``
    and ``b`` ("only link"), or because the leaver is one of them ("role
    holder leaves")."""

    case: Any
    a: Node
    b: Node
    reason: str
    explanation: str


@dataclass(frozen=True)
class SuggestedIntroduction:
    """Two of the leaver's contacts to introduce before they go."""

    a: Node
    b: Node
    reason: str


@dataclass(frozen=True)
class WhatIf:
    """What the network loses if ``person`` leaves."""

    person: Node
    name: str
    ties_lost: list[LostTie]
    organization_pairs_cut: list[OrganizationPairCut]
    split_off: list[Group]
    remaining: int
    cases_cut: list[CaseCut]
    introductions: list[SuggestedIntroduction]
    explanation: list[str]


def what_if_leaves(
    G: nx.Graph,
    person: Node,
    open_case_role_pairs: Iterable[tuple[Any, Node, Node]] = (),
    *,
    active_only: bool = True,
) -> WhatIf:
    """What is lost if ``person`` leaves (transfer, retirement).

    ``ties_lost``: all their ties, strongest first, whatever the state.
    ``organization_pairs_cut``: organization pairs whose only (active) ties
    were theirs. ``split_off``: groups that lose every link to the largest
    remaining group (``remaining`` people), with their people.
    ``cases_cut``: of ``open_case_role_pairs`` — (case, role holder, role
    holder) — those that lose their only chain of ties between the two.
    ``introductions``: handovers that would repair the splits and the cut
    organization pairs.
    """
    require_person(G, person)
    leaving = _Leaving(G, analysis_graph(G, active_only), person, active_only)
    ties_lost = _ties_lost(G, person)
    pairs_cut = _organization_pairs_cut(leaving)
    groups = leaving.groups
    cases = _cases_cut(leaving, open_case_role_pairs)
    return WhatIf(
        person=person,
        name=name_of(G, person),
        ties_lost=ties_lost,
        organization_pairs_cut=pairs_cut,
        split_off=groups[1:],
        remaining=groups[0].size if groups else 0,
        cases_cut=cases,
        introductions=_introductions(leaving, pairs_cut),
        explanation=_explanation(leaving, ties_lost, pairs_cut, cases),
    )


def _explanation(
    leaving: _Leaving,
    ties_lost: list[LostTie],
    pairs_cut: list[OrganizationPairCut],
    cases: list[CaseCut],
) -> list[str]:
    """One sentence per finding, in the order the page lists them."""
    G, H, groups = leaving.G, leaving.H, leaving.groups
    active = sum(t.state == ACTIVE for t in ties_lost)
    sentences = [explain.ties_summary(G, leaving.person, len(ties_lost), active)]
    if groups:
        remaining = groups[0].size
        sentences += [explain.group_cut_off(H, g, remaining) for g in groups[1:]]
    sentences += [
        explain.organizations_cut(
            *cut.organizations, cut.inactive_ties_left, leaving.active_only
        )
        for cut in pairs_cut
    ]
    return sentences + [c.explanation for c in cases]


class _Leaving:
    """The leaver's place in the working graph ``H``: their contacts by
    organization, and the groups (largest first) their connected group falls
    into without them, with each person's group index in ``piece_of``."""

    def __init__(self, G: nx.Graph, H: nx.Graph, person: Node, active_only: bool):
        self.G, self.H, self.person, self.active_only = G, H, person, active_only
        self.position = {v: i for i, v in enumerate(H)}
        self.own = organization_of(H, person)
        self.contacts_by_org: dict[Any, list[Node]] = defaultdict(list)
        for w in H.adj[person]:
            self.contacts_by_org[organization_of(H, w)].append(w)
        self.piece_of, pieces = self._pieces()
        self.groups = [
            Group(
                len(p),
                ranked_organizations(Counter(organization_of(H, v) for v in p)),
                p,
            )
            for p in pieces
        ]

    def _pieces(self) -> tuple[dict[Node, int], list[list[Node]]]:
        piece_of: dict[Node, int] = {}
        pieces: list[list[Node]] = []
        for w in self.H.adj[self.person]:
            if w in piece_of:
                continue
            members = reachable(self.H, w, without_node=self.person)
            for m in members:
                piece_of[m] = len(pieces)
            pieces.append(sorted(members, key=self.position.__getitem__))
        order = sorted(range(len(pieces)), key=lambda i: -len(pieces[i]))
        rank = {old: new for new, old in enumerate(order)}
        return {v: rank[i] for v, i in piece_of.items()}, [pieces[i] for i in order]

    def strongest(self, candidates: Iterable[Node]) -> Node | None:
        """The contact among ``candidates`` the leaver is most strongly tied to."""
        ties = self.H.adj[self.person]
        ranked = sorted(
            candidates, key=lambda w: (-strength(ties[w]), self.position[w])
        )
        return ranked[0] if ranked else None

    def strongest_in_group(self, index: int) -> Node | None:
        return self.strongest(
            w for w in self.H.adj[self.person] if self.piece_of[w] == index
        )


def _ties_lost(G: nx.Graph, person: Node) -> list[LostTie]:
    """All of ``person``'s ties, whatever the state, strongest first."""
    lost = (
        LostTie(
            other=w,
            name=name_of(G, w),
            organization=organization_of(G, w),
            strength=strength(d),
            state=d.get("state", ACTIVE),
            types=tie_types(d),
            last_contact=as_date(d.get("last_contact")),
        )
        for w, d in G.adj[person].items()
        if w != person
    )
    return sorted(lost, key=lambda tie: (-tie.strength, tie.name))


def _organization_pairs_cut(leaving: _Leaving) -> list[OrganizationPairCut]:
    """The leaver's organization and each other organization whose only
    (working) ties to it were the leaver's."""
    own, person = leaving.own, leaving.person
    if own is None:
        return []
    at_risk = {
        org: len(ws)
        for org, ws in leaving.contacts_by_org.items()
        if org is not None and org != own
    }
    if not at_risk:
        return []
    still: Counter[Any] = Counter()
    inactive: Counter[Any] = Counter()
    G = leaving.G
    for u, v, d in G.edges(data=True):
        if person in (u, v) or u == v:
            continue
        ou, ov = organization_of(G, u), organization_of(G, v)
        other = ov if ou == own else ou if ov == own else None
        if other not in at_risk:
            continue
        if not leaving.active_only or is_active(d):
            still[other] += 1
        else:
            inactive[other] += 1
    return [
        OrganizationPairCut((own, org), at_risk[org], inactive[org])
        for org in sorted(at_risk, key=str)
        if still[org] == 0
    ]


def _cases_cut(
    leaving: _Leaving, pairs: Iterable[tuple[Any, Node, Node]]
) -> list[CaseCut]:
    """Of the open cases' role-holder pairs, those the departure cuts: the
    leaver holds one of the roles, or the two end up in different groups."""
    G, person, piece_of = leaving.G, leaving.person, leaving.piece_of
    cases: list[CaseCut] = []
    for case, a, b in pairs:
        if a == b:
            continue
        if person in (a, b):
            other = b if person == a else a
            text = explain.role_holder_leaves(G, case, person, other)
            cases.append(CaseCut(case, a, b, "role holder leaves", text))
        elif a in piece_of and b in piece_of and piece_of[a] != piece_of[b]:
            text = explain.case_link_cut(G, case, a, b, leaving.active_only)
            cases.append(CaseCut(case, a, b, "only link", text))
    return cases


def _introductions(
    leaving: _Leaving, pairs_cut: list[OrganizationPairCut]
) -> list[SuggestedIntroduction]:
    """Handovers, one pair of the leaver's contacts each: the strongest
    contact in each cut-off group with the strongest in the largest group,
    then the strongest in the leaver's organization with the strongest in
    each organization it would lose; the same pair is suggested once."""
    H, groups = leaving.H, leaving.groups
    wanted: list[tuple[Node | None, Node | None, str]] = []
    if groups:
        main_contact = leaving.strongest_in_group(0)
        wanted += [
            (
                leaving.strongest_in_group(index),
                main_contact,
                explain.keeps_group_connected(H, g),
            )
            for index, g in enumerate(groups[1:], start=1)
        ]
    by_org = leaving.contacts_by_org
    wanted += [
        (
            leaving.strongest(by_org.get(leaving.own, [])),
            leaving.strongest(by_org[cut.organizations[1]]),
            explain.keeps_organizations_tied(*cut.organizations),
        )
        for cut in pairs_cut
    ]
    introductions: list[SuggestedIntroduction] = []
    seen: set[frozenset[Node]] = set()
    for x, y, reason in wanted:
        if x is None or y is None or x == y or frozenset((x, y)) in seen:
            continue
        seen.add(frozenset((x, y)))
        introductions.append(SuggestedIntroduction(x, y, reason))
    return introductions
