"""What the network pages read besides the graph itself — the viewer's open
cases and their role holders — and the coalition graph that what-if and
introductions start from. Every read is scoped to the viewer."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import cast

import networkx as nx
from sqlalchemy import Select, select, union_all
from sqlalchemy.orm import selectinload

from caseboard.extensions import db
from caseboard.models import Case, CaseRole, CaseStatus, Person, User
from caseboard.network.graph import Scope
from caseboard.network.snapshots import Analysis, analyse
from caseboard.network.tie_sources import allows, visible_case_ids
from caseboard.network.what_if import WhatIf, what_if_leaves
from caseboard.permissions import can_edit_case, visible_cases
from caseboard.services.handovers import CaseRef


def _open_cases(viewer: User) -> Select:
    return visible_cases(viewer).where(Case.status != CaseStatus.CLOSED)


def roles_on_open_cases(viewer: User, people: set[int]) -> dict[int, list[str]]:
    """ "Guardian · Eastgate courtyard" for each person's roles on open cases
    the viewer sees (for the side panel). The cases met are checked by id:
    a filter on every case the viewer may see cost more than the rest."""
    rows = db.session.execute(
        select(CaseRole.person_id, CaseRole.role, Case.title, Case.id)
        .join(Case, Case.id == CaseRole.case_id)
        .where(CaseRole.person_id.in_(people), CaseRole.ended_on.is_(None))
        .where(Case.status != CaseStatus.CLOSED)
        .order_by(Case.id, CaseRole.id)
    ).all()
    allowed = visible_case_ids(viewer, {row.id for row in rows})
    roles: dict[int, list[str]] = {}
    for person_id, role, title, case_id in rows:
        if allows(allowed, case_id):
            # in_(people) leaves no NULL person_id.
            roles.setdefault(cast(int, person_id), []).append(
                f"{role.replace('_', ' ').capitalize()} · {title}"
            )
    return roles


def key_role_holders(viewer: User, among: set[int] | None = None) -> set[int]:
    """People who hold a role on, or coordinate, an open case the viewer
    sees; of ``among`` only, when given (read by person, in one statement)."""
    if among is not None:
        return _key_role_holders_among(viewer, among)
    open_cases = _open_cases(viewer)
    # CaseRole.person_id is nullable; is_not(None) leaves only people.
    holders = cast(
        set[int],
        set(
            db.session.scalars(
                select(CaseRole.person_id).where(
                    CaseRole.case_id.in_(open_cases.with_only_columns(Case.id)),
                    CaseRole.person_id.is_not(None),
                    CaseRole.ended_on.is_(None),
                )
            )
        ),
    )
    coordinators = set(
        db.session.scalars(
            select(User.person_id).where(
                User.id.in_(open_cases.with_only_columns(Case.coordinator_id))
            )
        )
    )
    return holders | coordinators


def _key_role_holders_among(viewer: User, people: set[int]) -> set[int]:
    """Of ``people``, those holding a role on or coordinating an open case
    the viewer sees: the cases met are checked by id."""
    is_open = Case.status != CaseStatus.CLOSED
    roles = (
        select(CaseRole.person_id, CaseRole.case_id)
        .join(Case, Case.id == CaseRole.case_id)
        .where(CaseRole.person_id.in_(people), CaseRole.ended_on.is_(None), is_open)
    )
    coordinating = (
        select(User.person_id, Case.id)
        .join(Case, Case.coordinator_id == User.id)
        .where(User.person_id.in_(people), is_open)
    )
    # mypy unpacks SQLAlchemy 2.1's Row[*Ts] as objects: the types, spelled out.
    rows = cast(
        list[tuple[int, int]], db.session.execute(union_all(roles, coordinating)).all()
    )
    allowed = visible_case_ids(viewer, {case_id for _, case_id in rows})
    return {person for person, case_id in rows if allows(allowed, case_id)}


def open_case_role_pairs(viewer: User) -> Iterator[tuple[CaseRef, int, int]]:
    """(case, person, person) for each pair of people holding roles on an
    open case the viewer may see."""
    cases = db.session.scalars(
        _open_cases(viewer).options(selectinload(Case.roles))
    ).all()
    for case in cases:
        people = sorted({r.person_id for r in case.active_roles if r.person_id})
        ref = CaseRef(case.id, case.title)
        for a, b in combinations(people, 2):
            yield ref, a, b


def editable_case_ids(viewer: User, case_ids: set[int]) -> set[int]:
    """Of ``case_ids``, the cases the viewer sees and may edit."""
    cases = db.session.scalars(visible_cases(viewer).where(Case.id.in_(case_ids))).all()
    return {case.id for case in cases if can_edit_case(viewer, case)}


def coalition_graph(viewer: User) -> tuple[nx.Graph | None, Analysis]:
    """The whole coalition's graph for what-if and introductions, None while
    it is being computed. Shared with the cache: read it, never change it."""
    analysis = analyse(viewer, Scope())
    if not analysis.ready:
        return None, analysis
    assert analysis.built is not None  # a ready analysis carries its graph
    return analysis.built.graph, analysis


def what_if(
    viewer: User, person: Person, case: Case | None = None
) -> tuple[WhatIf | None, dict[int, str], Analysis]:
    """What the coalition the viewer sees — or, given a case, that case's
    network, as its single-point-of-failure sentence meant — loses if
    ``person`` leaves, the names of everyone in it, and the analysis it came
    from (None and no names while the graph is being computed)."""
    if case is None:
        graph, analysis = coalition_graph(viewer)
    else:
        analysis = analyse(viewer, Scope(kind="case", object_id=case.id), case)
        graph = analysis.built.graph if analysis.ready and analysis.built else None
    if graph is None:
        return None, {}, analysis
    if person.id not in graph:  # no ties at all: a graph of their own
        graph = nx.Graph()
        graph.add_node(person.id, name=person.full_name)
    pairs = open_case_role_pairs(viewer)
    if case is not None:
        pairs = (pair for pair in pairs if pair[0].id == case.id)
    result = what_if_leaves(graph, person.id, pairs)
    names = {node: data.get("name", "") for node, data in graph.nodes(data=True)}
    return result, names, analysis
