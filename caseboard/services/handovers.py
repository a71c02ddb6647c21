"""Handover tasks: turning "what if this person leaves" into work on the cases
that would lose a link, so the introductions happen before the person goes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, cast

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import Case, Person, Task, TaskStatus, User
from caseboard.network.what_if import WhatIf
from caseboard.permissions import can_edit_case
from caseboard.services.errors import ServiceError
from caseboard.services.tasks import create_task


class CaseRef(NamedTuple):
    """A case as the what-if analysis carries it: shown by its title."""

    id: int
    title: str

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class HandoverTask:
    case_id: int
    case_title: str
    title: str
    description: str
    assignee_id: int | None


def plan(result: WhatIf, leaver: Person, names: dict[int, str]) -> list[HandoverTask]:
    """One task per case link the leaver's departure would cut: introduce the
    two role holders who would lose their only chain of ties, or, where the
    leaver is a role holder, find their successor on the case."""
    tasks: dict[tuple[int, str], HandoverTask] = {}
    for cut in result.cases_cut:
        case: CaseRef = cut.case
        if cut.reason == "role holder leaves":
            title = f"Handover: name who takes over {leaver.full_name}'s role"
            assignee = None
        else:
            # The network's nodes are person ids; its types say only Hashable.
            a_id, b_id = cast(int, cut.a), cast(int, cut.b)
            a, b = names.get(a_id, "?"), names.get(b_id, "?")
            title = f"Handover: introduce {a} and {b} before {leaver.full_name} leaves"
            assignee = a_id
        tasks.setdefault(
            (case.id, title),
            HandoverTask(case.id, case.title, title[:200], cut.explanation, assignee),
        )
    return list(tasks.values())


def create_handover_tasks(
    actor: User, planned: list[HandoverTask], due_on: date | None
) -> tuple[list[Task], list[HandoverTask]]:
    """Create the planned tasks on the cases ``actor`` may edit. Returns the
    tasks created and the ones skipped (case not editable by the actor, or
    the same open task already there — so pressing the button twice does
    not duplicate anything)."""
    case_ids = {item.case_id for item in planned}
    cases = {
        case.id: case
        for case in db.session.scalars(select(Case).where(Case.id.in_(case_ids)))
    }
    # Rows compare and hash as tuples; mypy cannot see that through Row[*Ts].
    existing = cast(
        set[tuple[int | None, str]],
        set(
            db.session.execute(
                select(Task.case_id, Task.title).where(
                    Task.case_id.in_(case_ids), Task.status != TaskStatus.DONE
                )
            ).all()
        ),
    )
    created, skipped = [], []
    for item in planned:
        case = cases.get(item.case_id)
        if case is None or not can_edit_case(actor, case):
            skipped.append(item)
            continue
        if (item.case_id, item.title) in existing:
            skipped.append(item)
            continue
        assignee = (
            db.session.get(Person, item.assignee_id) if item.assignee_id else None
        )
        try:
            task = create_task(
                actor,
                case,
                title=item.title,
                description=item.description,
                assignee=assignee,
                due_on=due_on,
            )
        except ServiceError:  # e.g. the role holder left the case meanwhile
            skipped.append(item)
            continue
        created.append(task)
        existing.add((item.case_id, item.title))
    return created, skipped
