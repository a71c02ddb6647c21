"""The tasks (and comments) that carry the cases' work, each written to the
case timeline."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from caseboard.demo import data
from caseboard.models import CaseStatus, Comment, EventKind, Task, TaskStatus

from . import names
from .cases import PRIORITIES, add_event, between, weighted
from .world import CaseRecord, World
from .writer import Writer

UNFINISHED_CASE_TASKS = {
    TaskStatus.DONE: 40, TaskStatus.OPEN: 30, TaskStatus.IN_PROGRESS: 22,
    TaskStatus.BLOCKED: 8,
}  # fmt: skip


def _task_counts(world: World, total: int) -> Counter[int]:
    """At least one task per case; the rest heavy-tailed, open cases busier."""
    rng = world.rng
    counts: Counter[int] = Counter({n: 1 for n in range(len(world.cases))})
    weights = [
        min(rng.paretovariate(2.0), 12.0)
        * (1.0 if c.status == CaseStatus.CLOSED else 1.6)
        for c in world.cases
    ]
    remaining = max(total - len(world.cases), 0)
    counts.update(rng.choices(range(len(world.cases)), weights=weights, k=remaining))
    return counts


def add_tasks(world: World, writer: Writer, count: int) -> None:
    user_ids = list(world.users)
    counts = _task_counts(world, count)
    with writer.step("Tasks", count) as bar:
        for index, case in enumerate(world.cases):
            for _ in range(counts[index]):
                _add_task(world, writer, case, user_ids)
                bar.update(1)


def _add_task(
    world: World, writer: Writer, case: CaseRecord, user_ids: list[int]
) -> None:
    rng = world.rng
    end = case.closed_on or world.today
    if case.status == CaseStatus.CLOSED:
        status = TaskStatus.DONE if rng.random() < 0.92 else TaskStatus.OPEN
    else:
        status = weighted(world, UNFINISHED_CASE_TASKS)
    span = max((end - case.opened_on).days, 0)
    if status == TaskStatus.DONE or case.status == CaseStatus.CLOSED:
        created = between(world, case.opened_on, end)
    else:  # unfinished work is mostly recent
        created = end - timedelta(days=world.recent_days_ago(min(span, 120), skew=2))
    agenda_item_id = None
    if case.agenda_items and rng.random() < 0.12:
        agenda_item_id, meeting_day = rng.choice(case.agenda_items)
        created = max(meeting_day, case.opened_on)
    due = created + timedelta(days=rng.randint(14, 90)) if rng.random() < 0.85 else None
    completed = None
    if status == TaskStatus.DONE:
        done_on = min(created + timedelta(days=rng.randint(1, 45)), end)
        completed = world.moment(done_on)
    org_id = assignee = None
    draw = rng.random()
    if case.org_ids and draw < 0.92:
        org_id = rng.choice(case.org_ids)
        members = world.org_by_id[org_id].members
        if draw < 0.8 and members:
            assignee = rng.choice(members)
    elif case.person_ids:
        assignee = rng.choice(case.person_ids)
    org_name = world.org_by_id[org_id].name if org_id else "the partners"
    title = names.fill(
        rng.choice(names.TASK_TITLES), rng, data.LAST_NAMES, org=org_name
    )
    task_id = writer.new_id(Task)
    created_at = world.moment(created)
    writer.add(
        Task,
        {
            "id": task_id,
            "case_id": case.id,
            "title": title[:200],
            "description": "",
            "assignee_id": assignee,
            "organization_id": org_id,
            "due_on": due,
            "status": status.value,
            "priority": weighted(world, PRIORITIES).value,
            "response_id": None,
            "created_by_id": case.coordinator_id or rng.choice(world.coordinators),
            "agenda_item_id": agenda_item_id,
            "completed_at": completed,
            "created_at": created_at,
            "updated_at": max(completed or created_at, created_at),
            "version": 1,
        },
    )
    owner = world.person_by_id[assignee].name if assignee else org_name
    add_event(
        world,
        writer,
        case,
        EventKind.TASK_CREATED,
        created,
        f"Created the task “{title}” for {owner}",
        task_id=task_id,
    )
    if completed is not None:
        add_event(
            world,
            writer,
            case,
            EventKind.TASK_COMPLETED,
            completed.date(),
            f"Completed the task “{title}”",
            task_id=task_id,
        )
    if rng.random() < 0.15:
        for _ in range(rng.randint(1, 2)):
            writer.add(
                Comment,
                {
                    "id": writer.new_id(Comment),
                    "case_id": case.id,
                    "task_id": task_id,
                    "author_id": rng.choice(user_ids),
                    "body": rng.choice(names.COMMENTS),
                    "created_at": world.moment(between(world, created, end)),
                },
            )
