"""Who may see and change a case and its tasks: a user on the case, a user not
on it, a read-only user, an administrator (anonymous visitors: see
test_routes_permissions)."""

from datetime import date, timedelta

import pytest

from caseboard.extensions import db
from tests.conftest import sign_in


@pytest.fixture
def world(make_user, make_organization, make_case, make_task):
    police = make_organization(name="Police", kind="police")
    bars = make_organization(name="Anchor Tavern", kind="business")
    case = make_case(lead=police)
    task = make_task(case=case, organization=police)
    users = {
        "on_case": make_user(organization=police),
        "not_on_case": make_user(organization=bars),
        "read_only": make_user(role="read_only", organization=police),
        "coordinator_elsewhere": make_user(role="coordinator", organization=bars),
        "admin": make_user(role="admin", organization=bars),
    }
    return {"case": case, "task": task, "police": police, **users}


READ_URLS = [
    "/cases",
    "/cases/{case}",
    "/cases/{case}/board",
    "/cases/{case}/timeline",
    "/tasks/{task}",
    "/tasks/mine",
    "/tasks/organization",
    "/tasks/overdue",
    "/",
]
EDIT_URLS = [
    "/cases/{case}/edit",
    "/cases/{case}/sara",
    "/cases/{case}/tasks/new",
    "/tasks/{task}/edit",
]


def urls(templates, world):
    return [t.format(case=world["case"].id, task=world["task"].id) for t in templates]


@pytest.mark.parametrize(
    "who", ["on_case", "not_on_case", "read_only", "coordinator_elsewhere", "admin"]
)
def test_everyone_signed_in_reads_a_coalition_case(client, world, who):
    sign_in(client, world[who])
    for url in urls(READ_URLS, world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("on_case", 200),
        ("not_on_case", 403),
        ("read_only", 403),
        ("coordinator_elsewhere", 403),
        ("admin", 200),
    ],
)
def test_only_role_holders_coordinators_and_admins_edit(client, world, who, expected):
    sign_in(client, world[who])
    for url in urls(EDIT_URLS, world):
        assert client.get(url).status_code == expected, url
    page = client.get(f"/cases/{world['case'].id}").text
    assert (f"/cases/{world['case'].id}/edit" in page) == (expected == 200)


def case_posts(world):
    case, task = world["case"], world["task"]
    today = date.today().isoformat()
    return [
        (
            f"/cases/{case.id}/stage",
            {"to_stage": "analysis", "reason": "x", "version": case.version},
        ),
        (
            f"/cases/{case.id}/roles",
            {
                "role": "partner",
                "organization_id": world["police"].id,
                "person_id": "0",
                "started_on": today,
            },
        ),
        (f"/cases/{case.id}/roles/{case.lead_role.id}/end", {"ended_on": today}),
        (f"/cases/{case.id}/places", {"name": "Pier"}),
        (
            f"/cases/{case.id}/responses",
            {"description": "x", "status": "planned", "partner_organization_id": "0"},
        ),
        (f"/cases/{case.id}/comments", {"body": "hello"}),
        (f"/cases/{case.id}/sara", {"version": case.version, "scanning_problem": "x"}),
        (f"/cases/{case.id}/tasks/new", {"title": "x", "priority": "normal"}),
        (f"/tasks/{task.id}/status", {"status": "done", "version": task.version}),
        (f"/tasks/{task.id}/comments", {"body": "hello"}),
        (f"/tasks/{task.id}/edit", {"title": "x", "version": task.version}),
    ]


@pytest.mark.parametrize("who", ["not_on_case", "read_only", "coordinator_elsewhere"])
def test_outsiders_cannot_change_anything(client, world, who):
    sign_in(client, world[who])
    before = db.session.execute(db.text("SELECT count(*) FROM case_events")).scalar()
    for url, data in case_posts(world):
        assert client.post(url, data=data).status_code == 403, url
    after = db.session.execute(db.text("SELECT count(*) FROM case_events")).scalar()
    assert after == before


def test_the_assignee_works_on_their_task_without_editing_the_case(
    client, world, make_user, make_organization
):
    from caseboard.services.cases import add_role

    volunteer_org = make_organization(name="SafeRide")
    volunteer = make_user(organization=volunteer_org)
    add_role(world["admin"], world["case"], role="observer", organization=volunteer_org)
    db.session.commit()
    from caseboard.services.tasks import create_task

    task = create_task(
        world["admin"],
        world["case"],
        title="Rides",
        assignee=volunteer.person,
        due_on=date.today() + timedelta(days=2),
    )
    # Their organization's role ends; the task stays theirs.
    role = next(
        r for r in world["case"].active_roles if r.organization == volunteer_org
    )
    role.ended_on = date.today()
    db.session.commit()
    sign_in(client, volunteer)
    ok = client.post(
        f"/tasks/{task.id}/status", data={"status": "done", "version": task.version}
    )
    assert ok.status_code == 302
    assert client.get(f"/cases/{world['case'].id}/edit").status_code == 403


def test_a_participants_only_case_is_invisible_to_others(client, world):
    case = world["case"]
    case.visibility = "participants"
    db.session.commit()
    sign_in(client, world["not_on_case"])
    for url in urls(
        [
            "/cases/{case}",
            "/cases/{case}/board",
            "/tasks/{task}",
            "/cases/{case}/timeline",
        ],
        world,
    ):
        assert client.get(url).status_code == 404, url
    assert case.title not in client.get("/cases").text
    assert world["task"].title not in client.get("/tasks/overdue").text
    sign_in(client, world["on_case"])
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert case.title in client.get("/cases").text


@pytest.mark.parametrize("who", ["on_case", "admin"])
def test_ids_of_another_case_are_not_found(client, world, who, make_case):
    other = make_case()
    sign_in(client, world[who])
    case = world["case"]
    foreign_role = other.roles[0].id
    response = client.post(
        f"/cases/{case.id}/roles/{foreign_role}/end",
        data={"ended_on": date.today().isoformat()},
    )
    assert response.status_code == 404
    assert client.get("/cases/987654").status_code == 404
    assert client.get("/tasks/987654").status_code == 404


def test_observers_read_a_case_but_do_not_edit_it(
    client, world, make_user, make_organization
):
    from caseboard.services.cases import add_role

    watchers = make_organization(name="Residents Association")
    add_role(world["admin"], world["case"], role="observer", organization=watchers)
    world["case"].visibility = "participants"
    db.session.commit()
    watcher = make_user(organization=watchers)
    sign_in(client, watcher)
    assert client.get(f"/cases/{world['case'].id}").status_code == 200
    assert client.get(f"/cases/{world['case'].id}/edit").status_code == 403


def test_no_one_gains_an_organizations_access_by_joining_it(client, world):
    """A member may edit their own record, but not give themself a position
    at another organization (that would open its cases to them)."""
    member = world["not_on_case"]
    sign_in(client, member)
    response = client.post(
        f"/people/{member.person_id}/memberships",
        data={
            "organization_id": world["police"].id,
            "title": "Officer",
            "started_on": "",
            "ended_on": "",
        },
    )
    assert response.status_code == 403
    db.session.refresh(member.person)
    assert world["police"].id not in {
        m.organization_id for m in member.person.current_memberships
    }


def test_huge_ids_are_not_found_not_errors(client, world):
    sign_in(client, world["admin"])
    for url in [
        "/cases/99999999999999999999",
        "/tasks/4294967296",
        "/cases?type=9999999999999&organization=99999999999999",
        "/people?organization=99999999999999999",
        "/admin/users/new?person=99999999999",
    ]:
        assert client.get(url).status_code in (200, 404), url
