"""The network's findings in plain words, for a lead who does not read graphs:
what each metric means, and the sentences that explain single points of
failure ("If Elena leaves, …") and what a departure would cost.

The analyses find the facts; everything here only words them, so a sentence
can change without touching an algorithm.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from caseboard.network.model import Group, Node, name_of, organization_of

METRIC_MEANINGS: dict[str, str] = {
    "degree": (
        "Share of everyone else in the network this person has an active tie with."
    ),
    "betweenness": (
        "How often this person lies on the shortest chain of ties between two"
        " others: a broker."
    ),
    "closeness": (
        "How few steps this person needs, on average, to reach everyone they can reach."
    ),
    "eigenvector": (
        "How well connected this person's contacts are: ties to well-connected"
        " people count for more."
    ),
    "community": (
        "The group of people more tied to each other than to the rest"
        " (0 is the largest group)."
    ),
    "constraint": (
        "How much this person's contacts are tied to each other (0 to about 1;"
        " low means they bridge separate groups)."
    ),
    "effective_size": (
        "How many of this person's contacts are not tied to one another"
        " (non-redundant contacts, in people)."
    ),
    "efficiency": (
        "Share of this person's contacts who are non-redundant (effective size"
        " divided by number of contacts, 0 to 1)."
    ),
}

EIGENVECTOR_FAILED = "the eigenvector calculation did not converge; no scores"


def eigenvector_concentrated(groups: int) -> str:
    """Why most eigenvector scores are 0 in a network of separate groups."""
    return (
        f"The network has {groups} separate groups; eigenvector scores"
        " are concentrated in the most tightly knit one and are 0 elsewhere."
    )


# A cut person's sentence names this many of the groups they would cut off;
# the rest are summed up in one more sentence.
GROUPS_NAMED = 3


# ---------------------------------------------------------------- single points


def cut_person(G: nx.Graph, person: Node, groups: list[Group]) -> str:
    """Who loses their only link to whom if ``person`` leaves; ``groups`` is
    what their connected group falls into, largest first."""
    main = groups[0]
    sentences = [
        f"If {_person(G, person)} leaves, {_group_phrase(G, g)} would lose their"
        f" only link to {_far_phrase(G, g, main)}."
        for g in groups[1 : GROUPS_NAMED + 1]
    ]
    if len(groups) > GROUPS_NAMED + 1:
        rest = groups[GROUPS_NAMED + 1 :]
        sentences.append(
            f"So would {_count(len(rest), 'more group')}"
            f" ({_count(sum(g.size for g in rest), 'person', 'people')})."
        )
    return " ".join(sentences)


def cut_tie(G: nx.Graph, a: Node, b: Node, sides: tuple[Group, Group]) -> str:
    """Who is left without a link if the tie ``a``–``b`` ends; ``sides`` are
    a's side and b's side."""
    if sides[1].size <= sides[0].size:
        (near_end, near), (far_end, far) = (b, sides[1]), (a, sides[0])
    else:
        (near_end, near), (far_end, far) = (a, sides[0]), (b, sides[1])
    if near.size == 1:
        return (
            f"{_person(G, near_end)} is tied to the rest of the network only"
            f" through {_person(G, far_end)}."
        )
    return (
        f"The tie between {_person(G, a)} and {_person(G, b)} is the only"
        f" link from {_group_phrase(G, near)} to"
        f" {_far_phrase(G, near, far)}."
    )


# ---------------------------------------------------------------- what if


def _working(active_only: bool) -> str:
    return "active " if active_only else ""


def ties_summary(G: nx.Graph, person: Node, ties: int, active: int) -> str:
    return f"{name_of(G, person)} has {_count(ties, 'tie')} ({active} active)."


def group_cut_off(G: nx.Graph, group: Group, remaining: int) -> str:
    return (
        f"{_group_phrase(G, group)} would be cut off from the other"
        f" {_count(remaining, 'person', 'people')}."
    )


def organizations_cut(
    own: Any, other: Any, inactive_ties_left: int, active_only: bool
) -> str:
    remains = (
        f" ({_count(inactive_ties_left, 'cooling or cold tie')} left)"
        if inactive_ties_left
        else ""
    )
    return f"{own} would have no {_working(active_only)}tie left to {other}{remains}."


def role_holder_leaves(G: nx.Graph, case: Any, person: Node, other: Node) -> str:
    return (
        f"Case {case}: {name_of(G, person)} holds a role; their link to"
        f" {name_of(G, other) if other in G else other} needs a handover."
    )


def case_link_cut(G: nx.Graph, case: Any, a: Node, b: Node, active_only: bool) -> str:
    return (
        f"Case {case}: {name_of(G, a)} and {name_of(G, b)} would have no chain"
        f" of {_working(active_only)}ties between them."
    )


def keeps_group_connected(G: nx.Graph, group: Group) -> str:
    return f"keeps {_group_phrase(G, group)} connected to the rest"


def keeps_organizations_tied(own: Any, other: Any) -> str:
    return f"keeps {own} tied to {other}"


# ---------------------------------------------------------------- phrases


def _person(G: nx.Graph, v: Node) -> str:
    org = organization_of(G, v)
    return name_of(G, v) if org is None else f"{name_of(G, v)} ({org})"


def _org_label(org: Any) -> str:
    return "no organization" if org is None else str(org)


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else plural or singular + 's'}"


def _people(n: int) -> str:
    return "person" if n == 1 else "people"


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _listed(parts: list[str], limit: int = 3) -> str:
    shown = parts[:limit]
    if len(parts) > limit:
        shown.append(f"{len(parts) - limit} more organizations")
    return _join(shown)


def _group_phrase(G: nx.Graph, group: Group) -> str:
    if group.people is not None and group.size <= 3:
        return _join([_person(G, v) for v in group.people])
    orgs = list(group.organizations)
    if len(orgs) == 1:
        if orgs[0] is None:
            return f"{_count(group.size, 'person', 'people')} with no organization"
        return f"{_count(group.size, 'person', 'people')} from {orgs[0]}"
    counted = [f"{_org_label(o)} ({n})" for o, n in group.organizations.items()]
    return f"{_count(group.size, 'person', 'people')} from {_listed(counted)}"


def _far_phrase(G: nx.Graph, near: Group, far: Group) -> str:
    if far.people is not None and far.size <= 3:
        return _join([_person(G, v) for v in far.people])
    text = f"{far.size} other {_people(far.size)}"
    only_there = [
        str(o)
        for o in far.organizations
        if o is not None and o not in near.organizations
    ]
    if only_there:
        text += f", including everyone from {_listed(only_there)}"
    return text
