"""Build the people network from the database, scoped to what a viewer may see.

Nodes are person ids with ``name``, ``organization``, ``organization_id`` and
``organization_kind``; edges carry ``weight`` (tie strength, 0–1), ``state``
(active, cooling, cold), ``last_contact`` (ISO date or ""), ``types`` (declared
relationship kinds) and ``contacts`` (how many contacts made it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, cast

import networkx as nx
from sqlalchemy import null, or_, select, union_all
from sqlalchemy.orm import selectinload

from caseboard.clock import coalition_zone, local_date, today
from caseboard.extensions import db
from caseboard.inputs import parse_date, parse_float, parse_id, parse_int
from caseboard.models import (
    Case,
    CoalitionMembership,
    CoalitionPerson,
    Meeting,
    Membership,
    Person,
    PersonTie,
    TieKind,
    TieShare,
    User,
)
from caseboard.network.history import History, history
from caseboard.network.tie_sources import allows, visible_case_ids
from caseboard.network.ties import Tie, ties
from caseboard.permissions import visible_meetings, visible_people
from caseboard.permissions_coalitions import active_member_clause, scope_clause

SCOPES = ("coalition", "case", "organization", "person")
# Query-string argument → scope kind, in the order they are looked for.
SUBJECT_ARGS = {
    "case": "case",
    "org": "organization",
    "person": "person",
    # One coalition's people (no id: the whole installation's network).
    "coalition": "coalition",
}
TIE_KINDS = frozenset(kind.value for kind in TieKind)


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

    @classmethod
    def from_args(cls, args: Any) -> Scope:
        """Read the scope and filters from a query string: the first valid id
        of ``case``, ``org`` or ``person`` picks the kind; anything unknown or
        malformed is ignored. Whether the viewer may see the object is the
        loader's question, not this one's."""
        kind, object_id = "coalition", None
        for arg, subject in SUBJECT_ARGS.items():
            if (found := parse_id(args.get(arg))) is not None:
                kind, object_id = subject, found
                break
        return cls(
            kind=kind,
            object_id=object_id,
            radius=parse_int(args.get("radius"), 1, 1, 3),
            min_strength=parse_float(args.get("min"), 0.0, 0.0, 1.0),
            types=tuple(t for t in args.getlist("type") if t in TIE_KINDS),
            as_of=parse_date(args.get("as_of")),
            # The checkbox form sends a hidden "0" then, when ticked, "1": the
            # last value is the user's choice; no value at all (a link) shows
            # cold ties.
            include_cold=(args.getlist("cold") or ["1"])[-1] != "0",
        )

    def describe(self) -> str:
        if self.kind == "coalition" and self.object_id:
            return "one coalition's people"
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
    history: History | None = None


def filter_problems(args: Any) -> list[str]:
    """What ``Scope.from_args`` had to ignore, in words for the page: a bad
    value is left out, never silently."""
    problems = []
    minimum = (args.get("min") or "").strip()
    # Read with room either side, so an out-of-range value is seen, not clamped.
    if minimum and not 0.0 <= parse_float(minimum, -1.0, -1.0, 2.0) <= 1.0:
        problems.append(
            f"Minimum strength must be a number from 0 to 1; “{minimum[:20]}” "
            "was ignored, so every strength is shown."
        )
    radius = (args.get("radius") or "").strip()
    if radius and parse_int(radius, 0, -1, 99) not in (1, 2, 3):
        problems.append(f"Radius must be 1, 2 or 3; “{radius[:20]}” was ignored.")
    as_of = (args.get("as_of") or "").strip()
    if as_of and parse_date(as_of) is None:
        problems.append(
            f"“{as_of[:20]}” is not a valid date; the network is shown as of today."
        )
    return problems


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


def people_of_coalition(coalition_id: int) -> set[int]:
    """Everyone working in the coalition: staff of its active member
    organizations, and people named in it."""
    staff = select(Membership.person_id).where(
        Membership.current_clause(),
        Membership.organization_id.in_(
            select(CoalitionMembership.organization_id).where(
                active_member_clause(coalition_id)
            )
        ),
    )
    named = select(CoalitionPerson.person_id).where(
        CoalitionPerson.coalition_id == coalition_id, CoalitionPerson.current_clause()
    )
    return set(db.session.scalars(staff.union(named)))


def _keep(tie: Tie, scope: Scope, as_of: date) -> bool:
    if tie.strength < scope.min_strength:
        return False
    if scope.types and not (tie.declared & set(scope.types)):
        return False
    return scope.include_cold or tie.state(as_of) != "cold"


def build(
    viewer: User, scope: Scope, case: Case | None = None, with_history: bool = True
) -> Built:
    """The graph for ``scope``. ``case`` is the loaded case for a case scope.
    Without ``with_history`` the network over time is left out (``history``
    None): no last meeting, no months per tie — what the JSON needs."""
    as_of = scope.as_of or today()
    one = scope.object_id if scope.kind == "coalition" else None
    meeting = None
    if with_history:
        meeting = _last_meeting(
            viewer, case if scope.kind == "case" else None, as_of, coalition_id=one
        )
    since = meeting[0] if meeting else None
    of_case = _people_of_case(case) if scope.kind == "case" and case else set()
    if scope.kind == "case" and case is not None:
        found = ties(
            of_case,
            as_of=as_of,
            since=since,
            viewer=viewer,
            months=with_history,
        )
    elif scope.kind == "organization" and scope.object_id:
        found = ties(
            _people_of_organization(scope.object_id),
            as_of=as_of,
            touching=True,
            since=since,
            viewer=viewer,
            months=with_history,
        )
    elif scope.kind == "person" and scope.object_id:
        found = _ego_ties(viewer, scope.object_id, scope.radius, as_of, since)
    elif one is not None:
        found = ties(people_of_coalition(one), as_of=as_of, since=since, viewer=viewer)
    else:
        found = ties(as_of=as_of, since=since, viewer=viewer)
    kept = [t for t in found.values() if _keep(t, scope, as_of)]
    # Role holders without ties show too.
    people_ids = {t.a for t in kept} | {t.b for t in kept} | of_case
    if scope.kind == "person" and scope.object_id:
        people_ids.add(scope.object_id)
    visible = _load_people(viewer, people_ids)
    graph: nx.Graph[int] = nx.Graph()
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
    shown = [t for t in kept if t.a in visible and t.b in visible]
    organization_of = {
        node: data["organization_id"] or None for node, data in graph.nodes(data=True)
    }
    return Built(
        graph,
        hidden_people=len(people_ids) - len(visible),
        history=history(shown, organization_of, as_of, meeting)
        if with_history
        else None,
    )


def _last_meeting(
    viewer: User, case: Case | None, as_of: date, coalition_id: int | None = None
) -> tuple[date, str] | None:
    """The date and title of the last meeting held before ``as_of`` that the
    viewer may see: the case's own for a case, else its coalition's; for the
    whole network, one of the coalitions the viewer's pages are scoped to."""
    day_start = datetime.combine(as_of, time.min, tzinfo=coalition_zone())
    held = (
        visible_meetings(viewer)
        .where(Meeting.starts_at < day_start)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    own = held.where(Meeting.case_id.is_(None))
    if case is not None:
        own = own.where(Meeting.coalition_id == case.coalition_id)
    elif coalition_id is not None:
        own = own.where(Meeting.coalition_id == coalition_id)
    else:
        own = own.where(scope_clause(Meeting.coalition_id, viewer))
    choices = [own]
    if case is not None:
        choices.insert(0, held.where(Meeting.case_id == case.id))
    for query in choices:
        if (meeting := db.session.scalar(query)) is not None:
            return local_date(meeting.starts_at), meeting.title
    return None


def _ego_ties(
    viewer: User, person_id: int, radius: int, as_of: date, since: date | None
) -> dict:
    """The ties among everyone within ``radius`` steps of the person, so the
    picture is the real neighbourhood: the steps read only who is tied to
    whom, the ties themselves are read once, for everyone reached."""
    frontier, seen = {person_id}, {person_id}
    for _ in range(max(1, min(radius, 3))):
        frontier = _tied_to(viewer, frontier, as_of) - seen
        seen |= frontier
        if not frontier:
            break
    return ties(seen, as_of=as_of, since=since, viewer=viewer)


def _tied_to(viewer: User, people: set[int], as_of: date) -> set[int]:
    """Everyone with a tie to one of ``people`` on ``as_of`` as the viewer may
    know it: a contact by then on a case they may see (the tie table's
    shares), or a relationship declared then."""
    shares = select(TieShare.person_a_id, TieShare.person_b_id, TieShare.case_id).where(
        or_(TieShare.person_a_id.in_(people), TieShare.person_b_id.in_(people)),
        TieShare.first_on <= as_of,
    )
    declared = select(
        PersonTie.person_a_id, PersonTie.person_b_id, null().label("case_id")
    ).where(
        or_(PersonTie.person_a_id.in_(people), PersonTie.person_b_id.in_(people)),
        PersonTie.since <= as_of,
        or_(PersonTie.until.is_(None), PersonTie.until > as_of),
    )
    # One statement, ids only; the cases met are checked by id (see
    # ``ties._maintained``).
    # mypy unpacks SQLAlchemy 2.1's Row[*Ts] as objects: the types, spelled out.
    rows = cast(
        list[tuple[int, int, int | None]],
        db.session.connection().execute(union_all(shares, declared)).all(),
    )
    allowed = visible_case_ids(viewer, {case_id for _, _, case_id in rows})
    return {
        person
        for a, b, case_id in rows
        if allows(allowed, case_id)
        for person in (a, b)
    }


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
