"""Case coverage: is every partner on a case actually tied to the others?

For each role on the case, its people are the person holding it, or the
current staff of the organization holding it. A role is *covered* towards
another when at least one working (active or cooling) tie joins their people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import Case, Membership, RoleKind

WORKING = ("active", "cooling")


@dataclass
class RoleGroup:
    label: str
    role: str
    people: set[int] = field(default_factory=set)


@dataclass
class Coverage:
    no_tie_to_lead: list[tuple[RoleGroup, str]]  # (role, "no tie" | "only cold ties")
    unlinked_pairs: list[tuple[RoleGroup, RoleGroup, str]]
    controllers: list[str]  # plain-words gaps in the problem analysis triangle


def _groups(case: Case) -> list[RoleGroup]:
    organizations = {r.organization_id for r in case.active_roles if r.organization_id}
    staff: dict[int, set[int]] = {org: set() for org in organizations}
    for person_id, org_id in db.session.execute(
        select(Membership.person_id, Membership.organization_id).where(
            Membership.organization_id.in_(organizations), Membership.current_clause()
        )
    ):
        staff[org_id].add(person_id)
    groups = []
    for role in case.active_roles:
        if role.person_id:
            groups.append(RoleGroup(role.holder_name, role.role, {role.person_id}))
        elif role.organization_id:
            groups.append(
                RoleGroup(
                    role.holder_name, role.role, staff.get(role.organization_id, set())
                )
            )
    return groups


def _link(graph: nx.Graph, left: set[int], right: set[int]) -> str:
    """ "working", "cold" (ties exist but none works) or "none"."""
    found = "none"
    for a in left:
        if a not in graph:
            continue
        for b in graph.neighbors(a):
            if b in right and b != a:
                if graph.edges[a, b].get("state") in WORKING:
                    return "working"
                found = "cold"
    if left & right:
        return "working"  # the same person on both sides
    return found


def case_coverage(case: Case, graph: nx.Graph) -> Coverage:
    groups = _groups(case)
    lead = next((g for g in groups if g.role == RoleKind.LEAD), None)
    no_tie_to_lead = []
    if lead is not None:
        for group in groups:
            if group is lead:
                continue
            link = _link(graph, group.people, lead.people)
            if link != "working":
                no_tie_to_lead.append(
                    (group, "only cold ties" if link == "cold" else "no tie")
                )
    unlinked = []
    for left, right in combinations([g for g in groups if g is not lead], 2):
        link = _link(graph, left.people, right.people)
        if link != "working":
            unlinked.append(
                (left, right, "only cold ties" if link == "cold" else "no tie")
            )
    return Coverage(no_tie_to_lead, unlinked, _controller_gaps(case, graph, groups))


def _controller_gaps(case: Case, graph: nx.Graph, groups: list[RoleGroup]) -> list[str]:
    everyone = set().union(*(g.people for g in groups)) if groups else set()
    gaps = []
    for side, name in (
        ("handler", "handler of the offenders"),
        ("guardian", "guardian of the targets"),
        ("manager", "manager of the place"),
    ):
        person = getattr(case, f"{side}_person")
        organization = getattr(case, f"{side}_organization")
        text = getattr(case, side)
        if not (person or organization or text):
            gaps.append(f"Nobody is named as {name}.")
            continue
        if person is not None:
            link = _link(graph, {person.id}, everyone - {person.id})
            if link != "working":
                gaps.append(
                    f"{person.full_name}, the {name}, has "
                    f"{'only cold ties' if link == 'cold' else 'no tie'} "
                    "to anyone on the case."
                )
    return gaps
