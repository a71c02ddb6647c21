"""Creating tasks and keeping them current."""

from __future__ import annotations

from datetime import date
from typing import Any

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    Case,
    CaseResponse,
    EventKind,
    Organization,
    Person,
    Priority,
    Task,
    TaskStatus,
    User,
)
from caseboard.models.base import utcnow
from caseboard.permissions import case_participants
from caseboard.services import notifications
from caseboard.services.audit import apply_changes, record, record_update
from caseboard.services.errors import ServiceError, check_version, required
from caseboard.services.timeline import record_event


def _check_people(
    case: Case, assignee: Person | None, organization: Organization | None
) -> None:
    organization_ids, person_ids = case_participants(case)
    if assignee is not None:
        member_of = {m.organization_id for m in assignee.current_memberships}
        if assignee.id not in person_ids and not member_of & organization_ids:
            raise ServiceError(
                f"{assignee.full_name} is not on this case: give them or their "
                "organization a role first.",
                "assignee_id",
            )
    if organization is not None and organization.id not in organization_ids:
        raise ServiceError(
            f"{organization.name} holds no role on this case: add it as a partner "
            "first.",
            "organization_id",
        )


def _check_response(case: Case, response: CaseResponse | None) -> None:
    if response is not None and response.case_id != case.id:
        raise ServiceError("That response belongs to another case.", "response_id")


def create_task(
    actor: User,
    case: Case,
    *,
    title: str,
    description: str = "",
    assignee: Person | None = None,
    organization: Organization | None = None,
    due_on: date | None = None,
    priority: str = Priority.NORMAL,
    response: CaseResponse | None = None,
) -> Task:
    title = required(title, "A task needs a title.", "title")
    if due_on is not None and due_on < today():
        raise ServiceError("A new task cannot be due in the past.", "due_on")
    _check_people(case, assignee, organization)
    _check_response(case, response)
    task = Task(
        case=case,
        title=title,
        description=description.strip(),
        assignee=assignee,
        organization=organization,
        due_on=due_on,
        priority=Priority(priority),
        response=response,
        created_by_id=actor.id,
    )
    db.session.add(task)
    db.session.flush()
    owner = (
        assignee.full_name if assignee else organization.name if organization else ""
    )
    for_whom = f" for {owner}" if owner else ""
    record(actor, "create", task, label=task.title)
    record_event(
        actor,
        case,
        EventKind.TASK_CREATED,
        f"Created the task “{title}”{for_whom}",
        task=task,
    )
    notifications.task_assigned(actor, task)
    return task


def update_task(
    actor: User,
    task: Task,
    *,
    expected_version: int | None,
    assignee: Person | None,
    organization: Organization | None,
    response: CaseResponse | None,
    **fields: Any,
) -> Task:
    check_version(task, expected_version)
    if "title" in fields:
        fields["title"] = fields["title"].strip()
        if not fields["title"]:
            raise ServiceError("A task needs a title.", "title")
    due_on = fields.get("due_on")
    if due_on is not None and due_on != task.due_on and due_on < today():
        raise ServiceError("Move the due date to today or later.", "due_on")
    # Only a newly chosen assignee or organization must be on the case now;
    # an earlier choice stays valid after its role ends.
    _check_people(
        task.case,
        assignee if assignee and assignee.id != task.assignee_id else None,
        organization
        if organization and organization.id != task.organization_id
        else None,
    )
    _check_response(task.case, response)
    fields.update(
        assignee_id=assignee.id if assignee else None,
        organization_id=organization.id if organization else None,
        response_id=response.id if response else None,
    )
    status = fields.get("status")
    if status is not None:
        _stamp_completion(task, TaskStatus(status))
    changes = apply_changes(task, fields)
    if changes:
        record_update(actor, task, changes, label=task.title)
        record_event(
            actor,
            task.case,
            EventKind.TASK_UPDATED,
            f"Updated the task “{task.title}”",
            task=task,
            changes=changes,
        )
        db.session.flush()
        if {"assignee_id", "organization_id"} & changes.keys():
            notifications.task_assigned(actor, task)
    return task


def _stamp_completion(task: Task, status: TaskStatus) -> None:
    if status == TaskStatus.DONE and task.completed_at is None:
        task.completed_at = utcnow()
    elif status != TaskStatus.DONE:
        task.completed_at = None


def change_status(
    actor: User, task: Task, *, status: str, expected_version: int | None
) -> Task:
    """The inline path from boards and lists; version-checked like a full edit."""
    check_version(task, expected_version)
    new = TaskStatus(status)
    before = task.status
    if new == before:
        return task
    task.status = new
    _stamp_completion(task, new)
    changes = {"status": [before.value, new.value]}
    record_update(actor, task, changes, label=task.title)
    if new == TaskStatus.DONE:
        record_event(
            actor,
            task.case,
            EventKind.TASK_COMPLETED,
            f"Completed the task “{task.title}”",
            task=task,
            changes=changes,
        )
    else:
        record_event(
            actor,
            task.case,
            EventKind.TASK_STATUS,
            f"Moved the task “{task.title}” from {before.label.lower()} "
            f"to {new.label.lower()}",
            task=task,
            changes=changes,
        )
    db.session.flush()
    return task
