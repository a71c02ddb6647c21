"""Process evaluation and relationships as outcomes, from data the app
already holds: responses and their tasks, meeting action items, and the
contact log among the people who hold the case's roles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseboard.extensions import db
from caseboard.models import (
    Case,
    Interaction,
    InteractionParticipant,
    Membership,
    ResponseStatus,
    Task,
    TaskStatus,
)
from caseboard.queries.accreditation import Progress, progress_of_case
from caseboard.queries.asks import acting_count

DELIVERED = frozenset({ResponseStatus.DONE, ResponseStatus.IN_PROGRESS})


@dataclass
class PartnerFollowThrough:
    partner: str
    items: int
    done_on_time: int
    overdue: int


@dataclass
class Process:
    responses_planned: int
    responses_delivered: int
    tasks: int
    tasks_done: int
    tasks_on_time: int
    partners: list[PartnerFollowThrough] = field(default_factory=list)
    # The accreditation scheme tracked on the case, if any.
    accreditation: Progress | None = None
    # Stakeholders doing what the coalition asked (caseboard.models.asks).
    asks_acting: int = 0
    asks: int = 0

    def as_json(self) -> dict[str, Any]:
        accreditation = self.accreditation
        return {
            "accreditation": accreditation.as_json() if accreditation else None,
            "responses_planned": self.responses_planned,
            "responses_delivered": self.responses_delivered,
            "tasks": self.tasks,
            "tasks_done": self.tasks_done,
            "tasks_done_on_time": self.tasks_on_time,
            "asks_in_action_or_maintenance": self.asks_acting,
            "asks": self.asks,
            "action_items_by_partner": [
                {
                    "partner": p.partner,
                    "items": p.items,
                    "done_on_time": p.done_on_time,
                    "overdue": p.overdue,
                }
                for p in self.partners
            ],
        }


def _on_time(task: Task) -> bool:
    if task.status != TaskStatus.DONE or task.completed_at is None:
        return False
    return task.due_on is None or task.completed_at.date() <= task.due_on


def process(case: Case, as_of: date) -> Process:
    """Responses planned (every response not abandoned before it began
    counts as planned) against delivered (done or under way); the case's
    tasks done and done on time; meeting action items by partner."""
    responses = case.responses
    tasks = list(
        db.session.scalars(
            select(Task)
            .where(Task.case_id == case.id)
            .options(selectinload(Task.organization))
        )
    )
    partners: dict[str, PartnerFollowThrough] = {}
    for task in tasks:
        if task.agenda_item_id is None:
            continue
        name = task.organization.name if task.organization else "No partner named"
        row = partners.setdefault(name, PartnerFollowThrough(name, 0, 0, 0))
        row.items += 1
        row.done_on_time += _on_time(task)
        late = task.status != TaskStatus.DONE and task.due_on and task.due_on < as_of
        row.overdue += bool(late)
    acting, asked = acting_count(case.id)
    return Process(
        responses_planned=len(responses),
        responses_delivered=sum(r.status in DELIVERED for r in responses),
        tasks=len(tasks),
        tasks_done=sum(t.status == TaskStatus.DONE for t in tasks),
        tasks_on_time=sum(_on_time(t) for t in tasks),
        partners=sorted(partners.values(), key=lambda p: p.partner),
        accreditation=progress_of_case(case.id, as_of),
        asks_acting=acting,
        asks=asked,
    )


@dataclass
class RelationshipWindow:
    active_ties: int
    cross_organization_ties: int
    controllers_tied: int
    contacts_per_month: float
    follow_through: float | None  # share of tasks due in the window done on time

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Relationships:
    controllers: int
    baseline: RelationshipWindow
    response: RelationshipWindow

    def as_json(self) -> dict[str, Any]:
        return {
            "controllers": self.controllers,
            "baseline": self.baseline.as_json(),
            "response": self.response.as_json(),
        }


def role_holders(case: Case) -> dict[int, int | None]:
    """People holding the case's roles, directly or through their current
    membership of an organization that holds one, with their organization."""
    people: dict[int, int | None] = {}
    organizations = set()
    for role in case.active_roles:
        if role.person_id:
            people.setdefault(role.person_id, role.organization_id)
        if role.organization_id:
            organizations.add(role.organization_id)
    if organizations:
        rows = db.session.execute(
            select(Membership.person_id, Membership.organization_id).where(
                Membership.organization_id.in_(organizations),
                Membership.current_clause(),
            )
        )
        for person_id, organization_id in rows:
            people.setdefault(person_id, organization_id)
    return people


def controllers(case: Case) -> set[int]:
    ids = (case.handler_person_id, case.guardian_person_id, case.manager_person_id)
    return {person_id for person_id in ids if person_id}


def _contacts(people: set[int], start: date, end: date) -> list[set[int]]:
    rows = db.session.execute(
        select(Interaction.id, InteractionParticipant.person_id)
        .join(InteractionParticipant)
        .where(Interaction.occurred_on >= start, Interaction.occurred_on < end)
    )
    groups: dict[int, set[int]] = defaultdict(set)
    for interaction_id, person_id in rows:
        groups[interaction_id].add(person_id)
    return [group & people for group in groups.values() if len(group & people) > 1]


def relationship_window(
    case: Case, people: dict[int, int | None], start: date, end: date
) -> RelationshipWindow:
    contacts = _contacts(set(people) | controllers(case), start, end)
    ties: set[tuple[int, int]] = set()
    for group in contacts:
        ties.update(combinations(sorted(group), 2))
    cross = {
        (a, b)
        for a, b in ties
        if (people.get(a) or ("person", a)) != (people.get(b) or ("person", b))
    }
    tied = {person for tie in ties for person in tie}
    months = max((end - start).days / 30.44, 1)
    due = [t for t in case.tasks if t.due_on and start <= t.due_on < end]
    return RelationshipWindow(
        active_ties=len(ties),
        cross_organization_ties=len(cross),
        controllers_tied=len(controllers(case) & tied),
        contacts_per_month=round(len(contacts) / months, 1),
        follow_through=(sum(_on_time(t) for t in due) / len(due)) if due else None,
    )


def relationships(
    case: Case, baseline: tuple[date, date], response: tuple[date, date]
) -> Relationships:
    people = role_holders(case)
    return Relationships(
        controllers=len(controllers(case)),
        baseline=relationship_window(case, people, *baseline),
        response=relationship_window(case, people, *response),
    )
