"""The synthetic coalition: the promised proportions, data the app's rules
accept, and an empty database or nothing."""

from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.generate import ADMIN_EMAIL, generate
from caseboard.models import (
    Attendance,
    AttendanceStatus,
    Case,
    CaseRole,
    Interaction,
    InteractionParticipant,
    Meeting,
    Membership,
    Organization,
    Person,
    PersonTie,
    RoleKind,
    Task,
    TaskStatus,
    User,
)
from caseboard.passwords import verify_password
from caseboard.services.errors import ServiceError
from tests.conftest import sign_in

P = 50
PASSWORD = "generated-password-1"


def count(model) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def generated(db):  # type: ignore[no-untyped-def]
    written = generate(P, password=PASSWORD)
    db.session.commit()
    return written


def test_the_promised_proportions(generated):
    assert count(Organization) == P // 5
    assert count(Person) == P
    assert count(PersonTie) == 8 * P
    assert count(Interaction) == 30 * P
    assert count(Case) == P // 2
    assert count(Task) == 10 * P
    assert count(Meeting) == P // 5
    assert count(User) == P // 10
    assert generated["people"] == P and generated["tasks"] == 10 * P


def test_people_have_one_current_job_and_some_an_earlier_one(generated):
    current = Counter(
        db.session.scalars(
            select(Membership.person_id).where(Membership.ended_on.is_(None))
        )
    )
    assert len(current) == P and set(current.values()) == {1}
    ended = db.session.scalar(
        select(func.count(Membership.id)).where(Membership.ended_on.is_not(None))
    )
    assert 1 <= ended <= P // 4


def test_users_share_one_password_and_the_administrator_is_known(generated):
    admin = db.session.scalar(select(User).where(User.email == ADMIN_EMAIL))
    assert admin is not None and admin.is_admin
    assert verify_password(admin.password_hash, PASSWORD)
    assert len(set(db.session.scalars(select(User.password_hash)))) == 1


def test_every_case_has_one_active_lead_and_three_to_eight_roles(generated):
    roles = db.session.execute(
        select(CaseRole.case_id, CaseRole.role, CaseRole.ended_on)
    )
    leads, per_case = Counter(), Counter()
    for case_id, role, ended_on in roles:
        per_case[case_id] += 1
        if role == RoleKind.LEAD and ended_on is None:
            leads[case_id] += 1
    assert len(per_case) == P // 2
    assert set(leads.values()) == {1} and len(leads) == P // 2
    assert min(per_case.values()) >= 3 and max(per_case.values()) <= 8


def test_relationships_are_ordered_unique_local_and_unevenly_spread(generated):
    ties = db.session.execute(
        select(PersonTie.person_a_id, PersonTie.person_b_id, PersonTie.kind)
    ).all()
    assert all(a < b for a, b, _ in ties)
    assert len(set(ties)) == len(ties)
    job = dict(
        db.session.execute(
            select(Membership.person_id, Membership.organization_id).where(
                Membership.ended_on.is_(None)
            )
        ).all()
    )
    same_organization = sum(job[a] == job[b] for a, b, _ in ties)
    assert same_organization > len(ties) * 0.3  # random pairs would give ~10%
    degree = Counter(p for a, b, _ in ties for p in (a, b))
    mean = sum(degree.values()) / P
    assert max(degree.values()) > 2 * mean  # hubs, not a uniform spread


def test_every_contact_has_two_to_four_people_and_most_are_recent(generated):
    sizes = Counter(db.session.scalars(select(InteractionParticipant.interaction_id)))
    assert len(sizes) == 30 * P
    assert min(sizes.values()) >= 2 and max(sizes.values()) <= 4
    days = [
        (today() - d).days for d in db.session.scalars(select(Interaction.occurred_on))
    ]
    assert max(days) <= 3 * 366
    last_year = sum(d <= 365 for d in days)
    assert last_year > len(days) / 2


def test_tasks_have_owners_and_some_are_overdue(generated):
    tasks = db.session.scalars(select(Task)).all()
    overdue = [t for t in tasks if t.is_overdue]
    assert 0 < len(overdue) < len(tasks) / 2
    assert {t.status for t in tasks} == {s.value for s in TaskStatus}
    owned = [t for t in tasks if t.assignee_id or t.organization_id]
    assert len(owned) > len(tasks) * 0.8


def test_past_meetings_had_two_to_fifteen_people_present(generated):
    now = datetime.now(UTC)
    present = Counter(
        db.session.scalars(
            select(Attendance.meeting_id).where(
                Attendance.status == AttendanceStatus.PRESENT
            )
        )
    )
    past = [m for m in db.session.scalars(select(Meeting)) if m.starts_at < now]
    assert past
    for meeting in past:
        assert 2 <= present[meeting.id] <= 15, meeting.id


def test_the_app_shows_the_generated_coalition(generated, client):
    admin = db.session.scalar(select(User).where(User.email == ADMIN_EMAIL))
    case = db.session.scalars(select(Case).order_by(Case.id)).first()
    meeting = db.session.scalars(select(Meeting).order_by(Meeting.id)).first()
    sign_in(client, admin)
    for url in [
        "/",
        "/cases",
        f"/cases/{case.id}",
        f"/cases/{case.id}/board",
        "/tasks/overdue",
        f"/meetings/{meeting.id}",
        f"/network/data.json?case={case.id}",
    ]:
        assert client.get(url).status_code == 200, url


def test_generate_refuses_a_database_with_data(db, make_person):
    make_person(full_name="Someone real")
    db.session.commit()
    with pytest.raises(ServiceError, match="already has data"):
        generate(P)
    db.session.rollback()
    assert count(Person) == 1 and count(Organization) == 1


def test_the_command_prints_counts_and_refuses_a_second_run(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["generate", "--people", "20", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "person_ties" in result.output and "160" in result.output
    assert ADMIN_EMAIL in result.output
    again = runner.invoke(args=["generate", "--people", "20", "--password", PASSWORD])
    assert again.exit_code != 0 and "already has data" in again.output
    assert count(Person) == 20
