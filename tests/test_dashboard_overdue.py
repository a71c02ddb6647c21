"""The dashboard's "Overdue tasks by organization": counts of the viewer's
visible overdue tasks, per responsible organization, most first."""

from caseboard.extensions import db
from caseboard.queries.dashboard import overdue_by_organization
from caseboard.services.cases import add_role
from caseboard.services.tasks import change_status
from tests.conftest import sign_in
from tests.factories import make_overdue


def test_overdue_counts_per_organization_leave_out_hidden_cases_and_done_tasks(
    client, make_case, make_task, make_user, make_organization
):
    police = make_organization(name="Police")
    zoning = make_organization(name="Zoning")
    shelter = make_organization(name="Shelter")
    admin = make_user(role="admin")
    open_case = make_case(lead=police)
    add_role(admin, open_case, role="partner", organization=zoning)
    for _ in range(2):
        make_overdue(make_task(case=open_case, organization=police))
    make_overdue(make_task(case=open_case, organization=zoning))
    make_overdue(make_task(case=open_case, organization=None))
    make_task(case=open_case, organization=zoning, due_in_days=3)  # not due yet
    done = make_task(case=open_case, organization=zoning)
    change_status(admin, done, status="done", expected_version=done.version)
    make_overdue(done)  # done: never overdue
    hidden = make_case(lead=shelter, visibility="participants")
    add_role(admin, hidden, role="partner", organization=zoning)
    for _ in range(3):
        make_overdue(make_task(case=hidden, organization=zoning))
    db.session.commit()

    outsider = make_user(organization=make_organization(name="Food Bank"))
    assert overdue_by_organization(outsider) == [
        (police.id, "Police", 2),
        (None, None, 1),
        (zoning.id, "Zoning", 1),
    ]
    # The shelter works on the hidden case: its three zoning tasks count.
    insider = make_user(organization=shelter)
    assert overdue_by_organization(insider)[0] == (zoning.id, "Zoning", 4)
    assert overdue_by_organization(insider, limit=1) == [(zoning.id, "Zoning", 4)]

    sign_in(client, outsider)
    page = client.get("/").text
    assert "Police" in page and "Shelter" not in page
