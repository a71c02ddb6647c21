"""Build the people network from the database, scoped to what a viewer may see.

Nodes are person ids with ``name``, ``organization``, ``organization_id`` and
``organization_kind``; edges carry ``weight`` (tie strength, 0–1), ``state``
(active, cooling, cold), ``last_contact`` (ISO date or ""), ``types`` (declared
relationship kinds) and ``contacts`` (how many contacts made it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import Case, Membership, Person, User
from caseboard.permissions import visible_people
from caseboard.services.ties import Tie, ties

SCOPES = ("coalition", "case", "organization", "person")


@dataclass(frozen=True)
class Scope:
    """Which part of the network to draw, and the filters on its ties."""

    kind: str = "coalition"
    object_id: int | None = None
    radius: int = 1
    min_strength: float = 0.0
    types: tuple[str, ...] = ()
    as_of: date | None = None
    include_cold: bool = True

    def describe(self) -> str:
        return {
            "coalition": "the whole coalition",
            "case": "one case's role holders",
            "organization": "one organization and its ties",
            "person": f"one person's neighbourhood (radius {self.radius})",
        }[self.kind]


@dataclass
class Built:
    graph: nx.Graph
    hidden_people: int = 0  # ties to people the viewer may not see
    notes: list[str] = field(default_factory=list)


def _people_of_case(case: Case) -> set[int]:
    people = {role.person_id for role in case.active_roles if role.person_id}
    organizations = {
        role.organization_id for role in case.active_roles if role.organization_id
    }
    if organizations:
        people |= set(
            db.session.scalars(
                select(Membership.person_id).where(
                    Membership.organization_id.in_(organizations),
                    Membership.current_clause(),
                )
            )
        )
    return people


def _people_of_organization(organization_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(Membership.person_id).where(
                Membership.organization_id == organization_id,
                Membership.current_clause(),
            )
        )
    )


def _keep(tie: Tie, scope: Scope, as_of: date) -> bool:
    if tie.strength < scope.min_strength:
        return False
    if scope.types and not (tie.declared & set(scope.types)):
        return False
    return scope.include_cold or tie.state(as_of) != "cold"


def build(viewer: User, scope: Scope, case: Case | None = None) -> Built:
    """The graph for ``scope``. ``case`` is the loaded case for a case scope."""
    as_of = scope.as_of or today()
    if scope.kind == "case" and case is not None:
        found = ties(_people_of_case(case), as_of=as_of)
    elif scope.kind == "organization" and scope.object_id:
        found = ties(
            _people_of_organization(scope.object_id), as_of=as_of, touching=True
        )
    elif scope.kind == "person" and scope.object_id:
        found = _ego_ties(scope.object_id, scope.radius, as_of)
    else:
        found = ties(as_of=as_of)
    kept = [t for t in found.values() if _keep(t, scope, as_of)]
    people_ids = {t.a for t in kept} | {t.b for t in kept}
    if scope.kind == "case" and case is not None:
        people_ids |= _people_of_case(case)  # role holders without ties show too
    if scope.kind == "person" and scope.object_id:
        people_ids.add(scope.object_id)
    visible = _load_people(viewer, people_ids)
    graph = nx.Graph()
    for person in visible.values():
        job = (
            person.current_memberships[0].organization
            if person.current_memberships
            else None
        )
        graph.add_node(
            person.id,
            name=person.full_name,
            organization=job.name if job else "",
            organization_id=job.id if job else 0,
            organization_kind=job.kind if job else "other",
        )
    for t in kept:
        if t.a in visible and t.b in visible:
            graph.add_edge(
                t.a,
                t.b,
                weight=round(t.strength, 4),
                state=t.state(as_of),
                last_contact=t.last_contact.isoformat() if t.last_contact else "",
                types=sorted(t.declared),
                contacts=t.contacts,
            )
    return Built(graph, hidden_people=len(people_ids) - len(visible))


def _ego_ties(person_id: int, radius: int, as_of: date) -> dict:
    frontier, seen, found = {person_id}, {person_id}, {}
    for _ in range(max(1, min(radius, 3))):
        step = ties(frontier, as_of=as_of, touching=True)
        found.update(step)
        reached = {t.a for t in step.values()} | {t.b for t in step.values()}
        frontier = reached - seen
        seen |= reached
        if not frontier:
            break
    # Ties among the people reached, so the picture is the real neighbourhood.
    found.update(ties(seen, as_of=as_of))
    return found


def _load_people(viewer: User, ids: set[int]) -> dict[int, Person]:
    if not ids:
        return {}
    people = db.session.scalars(
        visible_people(viewer)
        .where(Person.id.in_(ids))
        .options(selectinload(Person.memberships).joinedload(Membership.organization))
    ).all()
    return {person.id: person for person in people}


__all__ = ["SCOPES", "Built", "Scope", "build"]
