"""The brokers page's reads: the groups a viewer may pick (organizations they
see, kinds of organization, their coalitions) and the brokers between two of
them in the coalition graph the viewer sees."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import networkx as nx

from caseboard.extensions import db
from caseboard.forms.choices import organization_choices
from caseboard.models import OrganizationKind, User
from caseboard.network.brokers import Broker, brokers_between, members, parse_group
from caseboard.network.graph import people_of_coalition
from caseboard.network.queries import coalition_graph
from caseboard.permissions_coalitions import visible_coalitions


def group_choices(viewer: User) -> dict[str, str]:
    """Value ("coalition-3", "kind-business", "org-12") to label: coalitions,
    then kinds, then organizations."""
    coalitions = {
        f"coalition-{c.id}": f"Coalition: {c.name}"
        for c in db.session.scalars(visible_coalitions(viewer))
    }
    kinds = {f"kind-{k.value}": f"Kind: {k.label}" for k in OrganizationKind}
    orgs = {f"org-{c.value}": c.label for c in organization_choices(viewer)}
    return coalitions | kinds | orgs


def _side(graph: nx.Graph, text: str) -> set[int]:
    """The people of ``graph`` in the group ``text`` names (already checked
    to be one of the viewer's choices)."""
    kind, value = parse_group(text) or ("", "")
    if kind == "coalition":
        return people_of_coalition(int(value)) & set(graph.nodes)
    return members(graph, kind, value)


class Brokerage(NamedTuple):
    """The brokers page's answer, by the names its template reads."""

    problem: str | None = None  # why the choice cannot be answered
    found: list[Broker] = []
    names: dict[int, dict] = {}  # each person's name and organization by id


def find(graph: nx.Graph | None, groups: dict[str, str], a: str, b: str) -> Brokerage:
    """The brokers between the groups ``a`` and ``b`` in the viewer's graph
    (None while it is still being computed)."""
    if not a and not b:
        return Brokerage()
    if a not in groups or b not in groups:
        return Brokerage("Choose two groups from the lists.")
    if a == b:
        return Brokerage("Choose two different groups: these are the same.")
    if graph is None:
        return Brokerage()
    side_a, side_b = _side(graph, a), _side(graph, b)
    found = brokers_between(graph, side_a, side_b)
    return Brokerage(None, found, dict(graph.nodes(data=True)))


def page(viewer: User, args: Mapping[str, str]) -> dict[str, Any]:
    """What the brokers page shows for the two groups picked in ``args``
    ("a" and "b"): the choices, the answer, and the graph it came from."""
    groups = group_choices(viewer)
    picked = [args.get(side, "") for side in ("a", "b")]
    graph, analysis = coalition_graph(viewer)
    answer = find(graph, groups, *picked)
    return {
        "groups": groups,
        "picked": picked,
        "analysis": analysis,
        "graph": graph,
        **answer._asdict(),
    }
