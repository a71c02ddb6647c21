"""In-app notifications: who is told what, the bell, the page, and the
access model applied when they are shown."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import Notification
from caseboard.services.notification_reminders import send_reminders
from tests.conftest import sign_in
from tests.test_tasks import task_form


@pytest.fixture
def team(notify_team):
    return notify_team


def told(user):
    return db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id)
    ).all()


def test_a_task_assigned_to_me_rings_my_bell_and_links_to_it(client, team):
    sign_in(client, team["coordinator"])
    client.post(
        f"/cases/{team['case'].id}/tasks/new",
        data=task_form(assignee_id=team["inspector"].person_id, title="Walk the lot"),
    )
    [note] = told(team["inspector"])
    assert note.kind == "task_assigned"
    assert "Walk the lot" in note.text
    assert told(team["coordinator"]) == []  # not told of one's own doing
    assert told(team["colleague"]) == []

    sign_in(client, team["inspector"])
    page = client.get("/notifications").get_data(as_text=True)
    assert 'data-testid="unread-count">1<' in page
    assert f'href="/tasks/{note.task_id}"' in page
    assert "Walk the lot" in page


def test_a_task_for_my_organization_tells_its_staff(client, team):
    sign_in(client, team["coordinator"])
    client.post(
        f"/cases/{team['case'].id}/tasks/new",
        data=task_form(organization_id=team["zoning"].id),
    )
    assert [n.kind for n in told(team["inspector"])] == ["task_assigned"]
    assert [n.kind for n in told(team["colleague"])] == ["task_assigned"]


def test_a_refused_action_tells_nobody(client, team):
    sign_in(client, team["coordinator"])
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(
        f"/cases/{team['case'].id}/tasks/new",
        data=task_form(assignee_id=team["inspector"].person_id, due_on=yesterday),
    )
    assert response.status_code == 200  # the form again, with the error
    assert db.session.scalars(select(Notification)).all() == []


def test_comments_tell_the_task_owner_and_whoever_is_mentioned(client, team, make_task):
    task = make_task(
        case=team["case"], actor=team["coordinator"], assignee=team["inspector"].person
    )
    db.session.execute(db.delete(Notification))
    db.session.commit()
    colleague = team["colleague"]
    sign_in(client, team["coordinator"])
    client.post(
        f"/tasks/{task.id}/comments",
        data={"body": f"Could @{colleague.name} come along?"},
    )
    assert [n.kind for n in told(team["inspector"])] == ["comment"]
    assert [n.kind for n in told(colleague)] == ["mentioned"]
    assert told(team["outsider"]) == []


def test_a_stage_change_tells_the_role_holders(client, team):
    case = team["case"]
    sign_in(client, team["coordinator"])
    client.post(
        f"/cases/{case.id}/stage",
        data={
            "to_stage": "analysis",
            "reason": "Scanning done",
            "version": case.version,
        },
    )
    assert [n.kind for n in told(team["inspector"])] == ["case_stage"]
    assert "analysis" in told(team["inspector"])[0].text


def test_a_meeting_tells_its_invitees_when_scheduled_and_published(
    client, team, make_meeting
):
    from caseboard.services.meetings import publish_minutes

    meeting = make_meeting(
        case=team["case"],
        actor=team["coordinator"],
        invitees=[team["inspector"].person],
    )
    publish_minutes(team["coordinator"], meeting)
    db.session.commit()
    kinds = [n.kind for n in told(team["inspector"])]
    assert kinds == ["meeting_scheduled", "minutes_published"]
    assert told(team["colleague"]) == []


def test_what_i_may_no_longer_see_is_not_shown_nor_counted(client, team, make_task):
    task = make_task(
        case=team["case"], actor=team["coordinator"], assignee=team["colleague"].person
    )
    [note] = told(team["colleague"])
    sign_in(client, team["colleague"])
    assert 'data-testid="unread-count">1<' in client.get("/notifications").text
    # Zoning leaves the case: its staff no longer see it.
    from caseboard.services.cases import end_role

    partner = next(r for r in team["case"].active_roles if r.organization_id)
    partner = next(
        r for r in team["case"].active_roles if r.organization_id == team["zoning"].id
    )
    end_role(team["coordinator"], partner, date.today())
    db.session.commit()
    page = client.get("/notifications").text
    assert task.title not in page
    assert "unread-count" not in page
    assert client.post(f"/notifications/{note.id}/read").status_code == 404


def test_mark_read_and_mark_all_read(client, team, make_task):
    for _ in range(3):
        make_task(
            case=team["case"],
            actor=team["coordinator"],
            assignee=team["inspector"].person,
        )
    first, *rest = told(team["inspector"])
    sign_in(client, team["inspector"])
    assert client.post(f"/notifications/{first.id}/read").status_code == 302
    db.session.expire_all()
    assert first.read_at is not None and all(n.read_at is None for n in rest)
    assert 'data-testid="unread-count">2<' in client.get("/notifications").text
    client.post("/notifications/read-all")
    db.session.expire_all()
    assert all(n.read_at is not None for n in told(team["inspector"]))
    assert "unread-count" not in client.get("/notifications").text


def test_someone_elses_notification_is_not_found(client, team, make_task):
    make_task(
        case=team["case"], actor=team["coordinator"], assignee=team["inspector"].person
    )
    [note] = told(team["inspector"])
    sign_in(client, team["colleague"])
    assert client.post(f"/notifications/{note.id}/read").status_code == 404
    db.session.expire_all()
    assert note.read_at is None


def test_due_and_overdue_reminders_are_given_once_a_day(team, make_task):
    case, inspector = team["case"], team["inspector"]
    due = make_task(case=case, actor=team["coordinator"], assignee=inspector.person,
                    due_in_days=1)  # fmt: skip
    late = make_task(case=case, actor=team["coordinator"], assignee=inspector.person)
    late.due_on = date.today() - timedelta(days=2)
    make_task(case=case, actor=team["coordinator"], assignee=inspector.person)
    db.session.execute(db.delete(Notification))
    db.session.commit()
    assert send_reminders() == 2
    assert send_reminders() == 0  # run again the same day: nobody told twice
    kinds = {(n.kind, n.task_id) for n in told(inspector)}
    assert kinds == {("task_due", due.id), ("task_overdue", late.id)}
    assert send_reminders(date.today() + timedelta(days=1)) == 1  # still overdue
