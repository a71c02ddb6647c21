"""Tasks: list and read what the caller may see, create one on a case the
caller may edit, change a task's status (If-Match) and comment on it."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload

from caseboard.api.conventions import (
    checked_version,
    create_operation,
    list_operation,
    paged,
    post_operation,
    read_operation,
    save,
    update_operation,
    with_etag,
)
from caseboard.api.schemas.tasks import (
    CommentSchema,
    NewTaskSchema,
    TaskChange,
    TaskDetailSchema,
    TaskFilters,
    TaskSchema,
    TaskStatusChange,
)
from caseboard.loaders import load_case, load_organization, load_person, load_task
from caseboard.models import Task
from caseboard.permissions import can_edit_case, can_work_on_task, require
from caseboard.queries.scope import scoped_tasks
from caseboard.services import cases, tasks

blp = Blueprint("api_tasks", __name__, url_prefix="/api/v1/tasks", description="Tasks")


@list_operation(blp, TaskFilters, TaskSchema)
def list_tasks(args: dict[str, Any]):
    """Tasks of the cases the caller may see, in the chosen coalition, by id."""
    statement = scoped_tasks(current_user)
    if "case" in args:
        statement = statement.where(Task.case_id == args["case"])
    if "status" in args:
        statement = statement.where(Task.status == args["status"])
    if args.get("overdue"):
        statement = statement.where(Task.overdue_clause())
    return paged(statement.order_by(Task.id), args)


@create_operation(
    blp,
    NewTaskSchema,
    TaskSchema,
    ("task_id", "getTask", "updateTask", "changeStatus", "addComment"),
)
def create_task(data: dict[str, Any]):
    """A task on a case the caller may edit."""
    case = load_case(data.pop("case_id"))
    require(can_edit_case(current_user, case))
    task = save(lambda: tasks.create_task(current_user, case, **data))
    return with_etag(task, 201)


@blp.route("/<int:task_id>")
class OneTask(MethodView):
    """A task, read or changed: one URL rule for both methods, so an id out
    of range is a 404 to each (two rules made it a 405 to one of them)."""

    @read_operation(blp, None, TaskDetailSchema, etag=True, name="get_task")
    def get(self, task_id: int):
        task = load_task(task_id, (selectinload(Task.comments),))
        return with_etag(task)

    @update_operation(blp, TaskChange, 200, TaskSchema, name="update_task")
    def patch(self, data: dict[str, Any], task_id: int):
        """Change a task's title, description, due date or owner, checked as
        the task form checks them; If-Match must carry its ETag."""
        task = load_task(task_id)
        require(can_edit_case(current_user, task.case))
        version = checked_version(task)
        owners = owners_of(task, data)
        save(
            lambda: tasks.update_task(
                current_user,
                task,
                expected_version=version,
                response=task.response,
                **owners,
                **data,
            )
        )
        return with_etag(task)


def owners_of(task: Task, data: dict[str, Any]) -> dict[str, Any]:
    """The assignee and organization after the change (taken out of
    ``data``): as they are unless named, loaded through the guards."""
    owners: dict[str, Any] = {
        "assignee": task.assignee,
        "organization": task.organization,
    }
    for name, load in (("assignee", load_person), ("organization", load_organization)):
        if f"{name}_id" in data:
            chosen = data.pop(f"{name}_id")
            owners[name] = load(chosen) if chosen is not None else None
    return owners


@blp.patch("/<int:task_id>/status")
@update_operation(blp, TaskStatusChange, 200, TaskSchema)
def change_status(data: dict[str, Any], task_id: int):
    """Move a task to another status; If-Match must carry its ETag."""
    task = load_task(task_id)
    require(can_work_on_task(current_user, task))
    version = checked_version(task)
    save(
        lambda: tasks.change_status(
            current_user, task, status=data["status"], expected_version=version
        )
    )
    return with_etag(task)


@post_operation(blp, "/<int:task_id>/comments", CommentSchema, 201, CommentSchema)
def add_comment(data: dict[str, Any], task_id: int):
    task = load_task(task_id)
    require(can_work_on_task(current_user, task))
    return save(
        lambda: cases.add_comment(current_user, task.case, data["body"], task=task)
    )
