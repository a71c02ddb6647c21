from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from caseboard.forms import choices as options
from caseboard.forms.cases import CommentForm
from caseboard.forms.common import values
from caseboard.forms.tasks import EditTaskForm, NewTaskForm, TaskStatusForm
from caseboard.loaders import (
    load_child,
    load_optional,
    load_organization,
    load_person,
    load_picked,
    load_task,
)
from caseboard.models import Task, TaskStatus
from caseboard.permissions import can_edit_case, can_work_on_task, require
from caseboard.queries import cases as case_queries
from caseboard.queries import tasks as task_queries
from caseboard.queries import timeline as timeline_queries
from caseboard.queries.paging import id_or_none, page_number
from caseboard.services import cases, tasks
from caseboard.views import require_login, safe_next
from caseboard.views.case_forms import editable_case
from caseboard.views.editing import Edit, create_page
from caseboard.views.posting import post_form

bp = Blueprint("tasks", __name__)
bp.before_request(require_login)

NEW_TASK_FIELDS = ("title", "description", "due_on", "priority")
TASK_FIELDS = (*NEW_TASK_FIELDS, "status")


def _fill_choices(form, case, task=None):
    assignee = task.assignee if task else None
    organization = task.organization if task else None
    form.assignee_id.choices = options.keeping(
        [options.NONE, *options.case_people_choices(case)],
        assignee.id if assignee else None,
        assignee.full_name if assignee else None,
    )
    form.organization_id.choices = options.keeping(
        [options.NONE, *options.case_organization_choices(case)],
        organization.id if organization else None,
        organization.name if organization else None,
    )
    form.response_id.choices = [options.NONE, *options.response_choices(case)]
    return form


def _links(form, case):
    """The people and objects a task form names, loaded through the guards."""
    return {
        **load_picked(form, assignee=load_person, organization=load_organization),
        "response": load_optional(
            lambda rid: load_child(case.responses, rid), form.response_id.data
        ),
    }


@bp.route("/cases/<int:case_id>/tasks/new", methods=["GET", "POST"])
def new(case_id: int):
    case = editable_case(case_id, case_queries.case_page_options())
    form = _fill_choices(NewTaskForm(), case)
    if request.method == "GET":
        form.response_id.data = id_or_none(request.args.get("response"))
    return create_page(
        form,
        lambda form: tasks.create_task(
            current_user, case, **values(form, NEW_TASK_FIELDS), **_links(form, case)
        ),
        done=lambda _: url_for("cases.board", case_id=case.id),
        template="tasks/form.html",
        case=case,
        task=None,
    )


@bp.route("/tasks/<int:task_id>")
def show(task_id: int):
    task = load_task(task_id, task_queries.task_page_options())
    return render_template(
        "tasks/show.html",
        task=task,
        history=timeline_queries.task_history(task),
        status_form=TaskStatusForm(obj=task),
        comment_form=CommentForm(),
    )


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
def edit(task_id: int):
    task = load_task(
        task_id, (joinedload(Task.case).options(*case_queries.case_page_options()),)
    )
    require(can_edit_case(current_user, task.case))
    form = _fill_choices(EditTaskForm(obj=task), task.case, task)
    edit = Edit(form, reload=lambda: load_task(task_id), saved_values=_saved_values)
    return edit.answer(
        edit.update(
            tasks.update_task,
            task,
            lambda: {**values(form, TASK_FIELDS), **_links(form, task.case)},
        ),
        template="tasks/form.html",
        case=task.case,
        task=task,
    )


def _saved_values(task: Task) -> dict:
    return {
        **{name: getattr(task, name) for name in TASK_FIELDS},
        "assignee_id": task.assignee_id,
        "organization_id": task.organization_id,
        "response_id": task.response_id,
    }


@bp.route("/tasks/<int:task_id>/status", methods=["POST"])
def change_status(task_id: int):
    """Inline from boards and lists (htmx swaps the page's main area with the
    page it is sent back to); a plain form post without JavaScript."""
    task, back = _task_to_work_on(task_id)
    form = TaskStatusForm()
    outcome = post_form(
        form,
        lambda: tasks.change_status(
            current_user,
            task,
            status=form.status.data,
            expected_version=form.version.data,
        ),
        invalid=f"“{task.title}” was not changed",
        done=lambda: f"Saved: “{task.title}” is {task.status.label.lower()}.",
        lost_race=None,
    )
    if outcome is not None and outcome.lost_race is not None:
        _flash_status_race(load_task(task_id), TaskStatus(form.status.data))
    return redirect(back)


def _task_to_work_on(task_id: int) -> tuple[Task, str]:
    """The task, if the viewer may work on it, and where the form came from."""
    task = load_task(task_id)
    require(can_work_on_task(current_user, task))
    return task, safe_next(request.form.get("next"), url_for(".show", task_id=task_id))


def _flash_status_race(task: Task, chosen: TaskStatus) -> None:
    flash(
        f"“{task.title}” was changed by someone else meanwhile: it is now "
        f"{task.status.label.lower()}, and your choice "
        f"({chosen.label.lower()}) was not saved. "
        "Choose again if you still want it.",
        "warning",
    )


@bp.route("/tasks/<int:task_id>/comments", methods=["POST"])
def comment(task_id: int):
    task, back = _task_to_work_on(task_id)
    form = CommentForm()
    post_form(
        form,
        lambda: cases.add_comment(current_user, task.case, form.body.data, task=task),
        invalid=f"No comment added to “{task.title}”",
        done=f"Comment added to “{task.title}”.",
    )
    return redirect(back)


def _task_list(template: str, page, **context):
    return render_template(
        template,
        page=page,
        status_form=TaskStatusForm(),
        comment_form=CommentForm(),
        **context,
    )


@bp.route("/tasks/mine")
def mine():
    page = task_queries.my_tasks_page(current_user, page_number(request.args))
    return _task_list("tasks/mine.html", page)


@bp.route("/tasks/organization")
def organization():
    page = task_queries.organization_tasks_page(current_user, page_number(request.args))
    memberships = current_user.person.current_memberships
    return _task_list("tasks/organization.html", page, memberships=memberships)


@bp.route("/tasks/overdue")
def overdue():
    page = task_queries.overdue_tasks_page(current_user, page_number(request.args))
    return _task_list(
        "tasks/overdue.html", page, groups=task_queries.group_by_owner(page.items)
    )
