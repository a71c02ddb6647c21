"""Renewals become tasks once, for the signing agency and the establishment's
manager; the accredited-venues count becomes a measure's data point; the
assessment's process evaluation counts accreditation progress."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import Area, Task
from caseboard.services import accreditation as service
from caseboard.services import accreditation_renewals as renewals
from caseboard.services.coalitions import ensure_default_coalition
from tests.accreditation_world import build_accreditation, make_business


@pytest.fixture
def scheme(db, make_organization, make_person, make_case):
    coalition = ensure_default_coalition()
    fire = make_organization(name="Fire Marshal", kind="municipal_agency")
    anchor = make_business(coalition, "The Anchor Tavern")
    manager = make_person(organization=anchor, full_name="Tom Kowalski")
    case = make_case(lead=fire, title="Closing-time assaults")
    world = build_accreditation(
        coalition, fire, anchor, manager=manager, case=case, validity_days=100
    )
    world.case, world.manager = case, manager
    return world


def tasks(case) -> list[Task]:
    return list(
        db.session.scalars(
            select(Task).where(Task.case_id == case.id).order_by(Task.id)
        )
    )


def signed_days_ago(scheme, days: int) -> None:
    service.sign_off(
        None,
        scheme.establishment,
        scheme.standard,
        note="ok",
        on=today() - timedelta(days=days),
    )
    db.session.commit()


def test_a_sign_off_lapsing_within_the_window_becomes_two_tasks_once(scheme):
    before = len(tasks(scheme.case))
    signed = today() - timedelta(days=80)  # lapses in 20 days; the window is 30
    service.sign_off(None, scheme.establishment, scheme.standard, note="ok", on=signed)
    db.session.commit()
    run = renewals.create_renewal_tasks()
    db.session.commit()
    assert (run.due, run.created) == (1, 2)
    made = tasks(scheme.case)[before:]
    assert {(t.organization_id, t.assignee_id) for t in made} == {
        (scheme.standard.agency_id, None),
        (scheme.establishment.organization_id, scheme.manager.id),
    }
    assert {t.due_on for t in made} == {signed + timedelta(days=99)}
    assert all("Fire code and occupancy" in t.title for t in made)
    # Again, and again with a wider window: nothing twice.
    assert renewals.create_renewal_tasks().created == 0
    assert renewals.create_renewal_tasks(within_days=365).created == 0
    db.session.commit()
    assert len(tasks(scheme.case)) == before + 2


def test_sign_offs_outside_the_window_and_lapsed_ones_make_no_task(scheme):
    service.sign_off(None, scheme.establishment, scheme.standard, note="ok")
    service.sign_off(
        None,
        scheme.establishment,
        scheme.optional,
        note="ok",
        on=today() - timedelta(days=150),  # lapsed 50 days ago
    )
    db.session.commit()
    run = renewals.create_renewal_tasks()
    assert (run.due, run.created) == (0, 0)
    # The command's own window: the fresh sign-off lapses in 100 days.
    assert renewals.create_renewal_tasks(within_days=100).created == 2


def test_the_command_reports_and_is_idempotent(app, scheme):
    signed_days_ago(scheme, 90)  # lapses in 10 days
    runner = app.test_cli_runner()
    first = runner.invoke(args=["accreditation", "renewals", "--within-days", "15"])
    assert first.exit_code == 0, first.output
    assert "1 sign-offs due for renewal; 2 tasks created." in first.output
    again = runner.invoke(args=["accreditation", "renewals", "--within-days", "15"])
    assert "1 sign-offs due for renewal; 0 tasks created." in again.output


def test_a_scheme_without_a_case_is_named_not_failed(scheme):
    scheme.scheme.case_id = None
    signed_days_ago(scheme, 90)  # lapses in 10 days
    db.session.expire_all()
    run = renewals.create_renewal_tasks()
    assert run.created == 0
    assert run.schemes_without_case == ["Best Bar None"]


def test_accredited_venues_are_recorded_as_a_measure_over_time(app, scheme):
    measure = renewals.record_accredited_venues(scheme.scheme)
    db.session.commit()
    assert [(p.area, p.value) for p in measure.points] == [(Area.TARGET, 0.0)]
    service.sign_off(None, scheme.establishment, scheme.standard, note="ok")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["accreditation", "measure"])
    assert "Best Bar None: 1 accredited venues" in result.output
    db.session.expire_all()
    # The month's point is replaced, not repeated.
    assert [(p.period_start, p.value) for p in measure.points] == [
        (today().replace(day=1), 1.0)
    ]
    assert measure.name == "Accredited venues" and measure.direction == "up"


def test_accreditation_progress_counts_in_the_process_evaluation(
    client, scheme, make_user
):
    from caseboard.queries.assessment_process import process
    from tests.conftest import sign_in

    service.sign_off(None, scheme.establishment, scheme.standard, note="ok")
    service.enrol(
        None, scheme.scheme, make_business(scheme.scheme.coalition, "Rusty Nail")
    )
    db.session.commit()
    found = process(scheme.case, today())
    assert found.as_json()["accreditation"] == {
        "scheme": "Best Bar None",
        "establishments_enrolled": 2,
        "establishments_accredited": 1,
        "required_sign_offs_current": 1,
        "required_sign_offs": 2,
    }
    sign_in(client, make_user(role="admin"))
    page = client.get(f"/cases/{scheme.case.id}/assessment").text
    assert 'data-figure="accredited">1 of 2<' in page
    assert "Required sign-offs current" in page


def test_the_periodic_job_makes_the_tasks_and_the_point(app, scheme):
    from caseboard.jobs import jobs_of

    signed_days_ago(scheme, 90)  # lapses in 10 days
    before = len(tasks(scheme.case))
    jobs = jobs_of(app)
    jobs.enqueue(renewals.JOB_NAME)
    db.session.commit()  # the test's session would hold SQLite's write lock
    assert jobs.run_pending() == 1
    db.session.expire_all()
    assert len(tasks(scheme.case)) == before + 2
    measure = renewals.record_accredited_venues(scheme.scheme)
    assert [p.value for p in measure.points] == [1.0]


def test_the_workers_quarter_hour_makes_renewal_tasks_and_no_measure(app, scheme):
    """``caseboard worker`` runs the periodic work every 15 minutes: renewals
    become tasks without anyone running the command; adding the measure to
    the case stays the analyst's choice."""
    from caseboard.models import Measure
    from caseboard.services.periodic import run_periodic

    signed_days_ago(scheme, 90)  # lapses in 10 days
    before = len(tasks(scheme.case))
    with app.test_request_context():
        run_periodic()
        run_periodic()
    db.session.expire_all()
    assert len(tasks(scheme.case)) == before + 2
    assert not db.session.scalars(select(Measure)).all()
