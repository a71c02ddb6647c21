from datetime import date, timedelta

import pytest

from caseboard.extensions import db
from caseboard.models import CaseEvent, Comment, Task
from tests.conftest import sign_in
from tests.factories import make_overdue


def soon(days=3):
    return (date.today() + timedelta(days=days)).isoformat()


def task_form(**overrides):
    return {
        "title": "Pull 6 months of calls for service",
        "description": "",
        "assignee_id": "0",
        "organization_id": "0",
        "due_on": soon(),
        "priority": "normal",
        "response_id": "0",
    } | overrides


@pytest.fixture
def team(make_user, make_organization, make_case, make_person):
    """A case led by the police with zoning as partner; an outsider elsewhere."""
    from caseboard.services.cases import add_role

    police = make_organization(name="Harbor City Police Department", kind="police")
    zoning = make_organization(name="Zoning and Code Enforcement")
    coordinator = make_user(role="coordinator", organization=police)
    inspector = make_user(organization=zoning)
    outsider = make_user(organization=make_organization(name="Harbor Food Bank"))
    case = make_case(lead=police, coordinator=coordinator)
    add_role(coordinator, case, role="partner", organization=zoning)
    db.session.commit()
    return {
        "case": case,
        "police": police,
        "zoning": zoning,
        "coordinator": coordinator,
        "inspector": inspector,
        "outsider": outsider,
        "stranger": make_person(full_name="Not On Case"),
    }


def test_create_a_task_for_a_partner(client, team):
    case = team["case"]
    sign_in(client, team["coordinator"])
    response = client.post(
        f"/cases/{case.id}/tasks/new",
        data=task_form(
            assignee_id=team["inspector"].person_id, organization_id=team["zoning"].id
        ),
    )
    assert response.status_code == 302
    task = db.session.scalars(db.select(Task)).one()
    assert task.assignee == team["inspector"].person
    board = client.get(f"/cases/{case.id}/board").text
    assert "Pull 6 months of calls for service" in board


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "A task needs a title."),
        (
            {"due_on": (date.today() - timedelta(days=1)).isoformat()},
            "A new task cannot be due in the past.",
        ),
        ({"due_on": "31/02/2026"}, "Not a valid date value."),
        ({"priority": "whenever"}, "Not a valid choice."),
        ({"assignee_id": "stranger"}, "is not on this case"),
        ({"organization_id": "outsider_org"}, "holds no role on this case"),
    ],
)
def test_bad_task_input_gets_a_clear_message_and_creates_nothing(
    client, team, overrides, message
):
    case = team["case"]
    sign_in(client, team["coordinator"])
    choices = {
        "stranger": team["stranger"].id,
        "outsider_org": team["outsider"].person.current_memberships[0].organization_id,
    }
    data = task_form(**{k: choices.get(v, v) for k, v in overrides.items()})
    if (
        overrides.get("assignee_id") == "stranger"
        or overrides.get("organization_id") == "outsider_org"
    ):
        # The form offers only people on the case; post one anyway, as a
        # stale page or a hand-made request would.
        from caseboard.views import tasks as task_views

        original = task_views._fill_choices

        def everyone(form, case):
            from caseboard.forms import choices as options

            form = original(form, case)
            form.assignee_id.choices += options.people_choices(team["coordinator"])
            form.organization_id.choices += options.organization_choices(
                team["coordinator"]
            )
            return form

        task_views._fill_choices = everyone
        try:
            response = client.post(f"/cases/{case.id}/tasks/new", data=data)
        finally:
            task_views._fill_choices = original
    else:
        response = client.post(f"/cases/{case.id}/tasks/new", data=data)
    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalar(db.select(db.func.count(Task.id))) == 0


def test_status_changes_inline_and_a_stale_change_is_refused(client, team, make_task):
    case = team["case"]
    task = make_task(case=case, organization=team["zoning"], actor=team["coordinator"])
    sign_in(client, team["inspector"])  # staff of the responsible organization
    board = f"/cases/{case.id}/board"
    seen_version = task.version  # what both pages showed
    first = client.post(
        f"/tasks/{task.id}/status",
        data={"status": "in_progress", "version": seen_version, "next": board},
        headers={"HX-Request": "true"},
    )
    assert first.status_code == 302 and first.headers["Location"] == board
    stale = client.post(
        f"/tasks/{task.id}/status",
        data={"status": "blocked", "version": seen_version, "next": board},
    )
    assert stale.status_code == 302
    page = client.get(board).text
    db.session.refresh(task)
    assert task.status == "in_progress"  # the stale change did not overwrite
    assert "was changed by someone else meanwhile" in page
    assert "it is now in progress" in page
    done = client.post(
        f"/tasks/{task.id}/status",
        data={"status": "done", "version": task.version, "next": board},
    )
    assert done.status_code == 302
    db.session.refresh(task)
    assert task.status == "done" and task.completed_at is not None
    kinds = db.session.scalars(
        db.select(CaseEvent.kind)
        .where(CaseEvent.task_id == task.id)
        .order_by(CaseEvent.id)
    ).all()
    assert kinds == ["task_created", "task_status", "task_completed"]


def test_status_change_refuses_an_unknown_status_and_a_foreign_next(
    client, team, make_task
):
    task = make_task(case=team["case"], actor=team["coordinator"])
    sign_in(client, team["coordinator"])
    bad = client.post(
        f"/tasks/{task.id}/status",
        data={
            "status": "finished!",
            "version": task.version,
            "next": "https://evil.example.com/",
        },
    )
    assert bad.headers["Location"] == f"/tasks/{task.id}"
    db.session.refresh(task)
    assert task.status == "open"


def test_comments_inline_and_on_the_task_page(client, team, make_task):
    task = make_task(case=team["case"], actor=team["coordinator"])
    sign_in(client, team["coordinator"])
    client.post(
        f"/tasks/{task.id}/comments",
        data={"body": "Inspection booked for Friday", "next": "/tasks/mine"},
    )
    empty = client.post(f"/tasks/{task.id}/comments", data={"body": ""})
    assert "Write something first." in client.get(empty.headers["Location"]).text
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 1
    page = client.get(f"/tasks/{task.id}").text
    assert "Inspection booked for Friday" in page
    case_page = client.get(f"/cases/{team['case'].id}").text
    assert "Commented on “" in case_page


def test_edit_a_task_keeps_its_history(client, team, make_task):
    task = make_task(case=team["case"], actor=team["coordinator"], title="Old title")
    sign_in(client, team["coordinator"])
    response = client.post(
        f"/tasks/{task.id}/edit",
        data=task_form(
            title="New title",
            status="blocked",
            version=task.version,
            organization_id=team["zoning"].id,
        ),
    )
    assert response.status_code == 302
    page = client.get(f"/tasks/{task.id}").text
    assert "title: Old title → New title" in page
    stale = client.post(
        f"/tasks/{task.id}/edit",
        data=task_form(title="Third", status="open", version=task.version - 1),
    )
    assert "Changed by someone else while you edited" in stale.text


def test_my_tasks_my_organization_and_overdue(client, team, make_task):
    case, inspector = team["case"], team["inspector"]
    mine = make_task(
        case=case,
        assignee=inspector.person,
        title="Mine, overdue",
        actor=team["coordinator"],
    )
    make_overdue(mine)
    make_task(
        case=case,
        organization=team["zoning"],
        title="Zoning's, no assignee",
        actor=team["coordinator"],
    )
    make_task(
        case=case,
        organization=team["police"],
        title="Police task",
        actor=team["coordinator"],
    )
    later = make_task(
        case=case,
        assignee=inspector.person,
        title="Mine, done",
        actor=team["coordinator"],
    )
    later.status = "done"
    db.session.commit()
    sign_in(client, inspector)

    my_page = client.get("/tasks/mine").text
    assert "Mine, overdue" in my_page and "Mine, done" not in my_page
    assert "1 of your tasks is overdue." in my_page
    assert "Overdue since" in my_page

    org_page = client.get("/tasks/organization").text
    assert "Zoning&#39;s, no assignee" in org_page and "Mine, overdue" in org_page
    assert "Police task" not in org_page

    overdue = client.get("/tasks/overdue").text
    assert "Mine, overdue" in overdue and "Police task" not in overdue
    assert "1 task past due across the coalition." in overdue

    dashboard = client.get("/").text
    assert "Mine, overdue" in dashboard


def test_due_this_week_is_visible(client, team, make_task):
    make_task(
        case=team["case"],
        assignee=team["inspector"].person,
        due_in_days=2,
        actor=team["coordinator"],
    )
    sign_in(client, team["inspector"])
    assert "Due this week" in client.get("/tasks/mine").text


def test_a_task_whose_owner_left_the_case_can_still_be_edited(client, team, make_task):
    task = make_task(
        case=team["case"],
        organization=team["zoning"],
        actor=team["coordinator"],
        title="Inspect",
    )
    role = next(
        r for r in team["case"].active_roles if r.organization == team["zoning"]
    )
    role.ended_on = date.today()
    db.session.commit()
    sign_in(client, team["coordinator"])
    form = client.get(f"/tasks/{task.id}/edit").text
    assert "Zoning and Code Enforcement (current)" in form
    response = client.post(
        f"/tasks/{task.id}/edit",
        data=task_form(
            title="Inspect the patio",
            status="open",
            version=task.version,
            organization_id=team["zoning"].id,
        ),
    )
    assert response.status_code == 302
    db.session.refresh(task)
    assert task.title == "Inspect the patio" and task.organization == team["zoning"]


def test_an_inline_status_change_says_it_was_saved(client, team, make_task):
    task = make_task(
        case=team["case"], organization=team["zoning"], actor=team["coordinator"]
    )
    sign_in(client, team["inspector"])
    board = f"/cases/{team['case'].id}/board"
    client.post(
        f"/tasks/{task.id}/status",
        data={"status": "blocked", "version": task.version, "next": board},
        headers={"HX-Request": "true"},
    )
    page = client.get(board).text
    assert f'role="status">Saved: “{task.title}” is blocked.</div>' in page
