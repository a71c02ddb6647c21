"""Factory fixtures: each makes a valid object with sensible defaults and
takes overrides, e.g. ``make_person(organization=police, title="Sergeant")``."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from caseboard.models import (
    Case,
    Organization,
    OrganizationKind,
    Person,
    ProblemType,
    SiteRole,
    User,
)
from caseboard.services.organizations import create_organization
from caseboard.services.people import create_person
from caseboard.services.users import create_user

PASSWORD = "correct horse battery staple"
_serial = itertools.count(1)


@pytest.fixture
def make_organization(db):  # type: ignore[no-untyped-def]
    from caseboard.services.coalitions import ensure_default_coalition

    def make(**overrides: Any) -> Organization:
        ensure_default_coalition()  # a new organization joins the only coalition
        n = next(_serial)
        values: dict[str, Any] = {
            "name": f"Organization {n}",
            "kind": OrganizationKind.COMMUNITY_ORGANIZATION,
        } | overrides
        organization = create_organization(None, **values)
        db.session.commit()
        return organization

    return make


@pytest.fixture
def make_person(db, make_organization):  # type: ignore[no-untyped-def]
    def make(organization: Organization | None = None, **overrides: Any) -> Person:
        n = next(_serial)
        values: dict[str, Any] = {
            "full_name": f"Person {n}",
            "email": f"person{n}@example.org",
            "title": "Outreach Worker",
        } | overrides
        person = create_person(
            None, organization=organization or make_organization(), **values
        )
        db.session.commit()
        return person

    return make


@pytest.fixture
def make_user(db, make_person):  # type: ignore[no-untyped-def]
    def make(
        role: str = SiteRole.MEMBER,
        organization: Organization | None = None,
        password: str = PASSWORD,
        **overrides: Any,
    ) -> User:
        person = overrides.pop("person", None) or make_person(organization=organization)
        email = overrides.pop("email", None) or f"user{person.id}@example.org"
        user = create_user(
            None, email=email, password=password, person=person, site_role=role
        )
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_case(db, make_organization):  # type: ignore[no-untyped-def]
    from caseboard.services.cases import create_case
    from caseboard.services.problem_types import ensure_default_problem_types

    def make(lead: Organization | None = None, **overrides: Any) -> Case:
        ensure_default_problem_types()
        n = next(_serial)
        values: dict[str, Any] = {
            "title": f"Case {n}",
            "problem_type": db.session.scalars(db.select(ProblemType)).first(),
            "lead_organization": lead or make_organization(),
            "problem_statement": "Assaults around closing time",
        } | overrides
        case = create_case(None, **values)
        db.session.commit()
        return case

    return make


@pytest.fixture
def make_task(db, make_case, make_user):  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from caseboard.services.tasks import create_task

    def make(case: Case | None = None, due_in_days: int | None = 7, **overrides: Any):  # type: ignore[no-untyped-def]
        case = case or make_case()
        actor = overrides.pop("actor", None) or make_user(role="admin")
        n = next(_serial)
        values: dict[str, Any] = {
            "title": f"Task {n}",
            "organization": case.lead_organization,
            "due_on": date.today() + timedelta(days=due_in_days)
            if due_in_days is not None
            else None,
        } | overrides
        task = create_task(actor, case, **values)
        db.session.commit()
        return task

    return make


def make_overdue(task, days: int = 3):  # type: ignore[no-untyped-def]
    """Tasks cannot be created overdue; time passing is simulated."""
    from datetime import date, timedelta

    from caseboard.extensions import db

    task.due_on = date.today() - timedelta(days=days)
    db.session.commit()
    return task


@pytest.fixture
def make_meeting(db, make_user):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    from caseboard.services.meetings import schedule_meeting

    def make(case: Case | None = None, actor: User | None = None, **overrides: Any):  # type: ignore[no-untyped-def]
        actor = actor or make_user(role="coordinator")
        values: dict[str, Any] = {
            "title": "Monthly partner meeting",
            "starts_at": datetime.now(UTC).replace(microsecond=0) + timedelta(days=7),
            "case": case,
        } | overrides
        meeting = schedule_meeting(actor, **values)
        db.session.commit()
        return meeting

    return make


@pytest.fixture
def make_outsider(db, make_organization, make_user):  # type: ignore[no-untyped-def]
    """A user whose organization belongs to another coalition only."""
    from datetime import timedelta

    from caseboard.clock import today
    from caseboard.services.coalitions import add_organization, create_coalition

    def make(coalition_name: str = "Another coalition") -> User:
        other = create_coalition(None, name=coalition_name)
        organization = make_organization(kind="business")
        add_organization(None, other, organization)
        for membership in organization.coalition_memberships:
            if membership.coalition_id != other.id:
                membership.ended_on = today() - timedelta(days=1)
        db.session.commit()
        return make_user(organization=organization)

    return make


@pytest.fixture
def world(  # type: ignore[no-untyped-def]
    db, make_organization, make_person, make_user, make_case, make_task, make_meeting
):
    """One of everything a route can name by id, for tests that walk every
    route (CSRF, GET-never-writes, fuzzing). ``member`` works for ``org``, the
    case's lead, so may edit the case, run its meeting and edit ``colleague``;
    ``target`` is the user the administrator's forms are pointed at."""
    from types import SimpleNamespace

    from caseboard.services import agenda, asks, cases, coalitions, notes, rounds

    org, other = make_organization(), make_organization()
    admin = make_user(role="admin", organization=other)
    coordinator = make_user(role="coordinator", organization=other)
    member = make_user(organization=org)
    target = make_user(organization=other)
    colleague = make_person(organization=org)
    case = make_case(lead=org, coordinator=coordinator, place_name="Water Street")
    role = cases.add_role(admin, case, role="partner", organization=other)
    response = cases.add_response(
        admin, case, description="Earlier closing", partner_organization=org
    )
    db.session.commit()
    task = make_task(case=case, actor=admin, assignee=member.person)
    cases.add_comment(admin, case, "First comment", task=task)
    meeting = make_meeting(case=case, actor=coordinator)
    item = agenda.add_agenda_item(admin, meeting, title="Closing time", case=case)
    note = notes.add_note(member, case, "Met the owner", [])
    notes.add_note(member, case, "Only for the lead", [org])  # reading it is audited
    # A second coalition: the one the case may be shared with.
    second = coalitions.create_coalition(None, name="Eastgate partnership")
    ask = asks.create_ask(member, case, what="Adopt the policy", organization=org)
    round_ = rounds.create_round(
        None, case.coalition, name="Eastgate round", beat="E1", team=org
    )
    stop = rounds.add_stop(
        None, round_, place="Block 1", ideal_days=30, max_days=60, person=colleague
    )
    db.session.commit()
    return SimpleNamespace(
        org=org,
        other=other,
        admin=admin,
        coordinator=coordinator,
        member=member,
        target=target,
        colleague=colleague,
        membership=colleague.memberships[0],
        coalition=case.coalition,
        second_coalition=second,
        coalition_member=other.coalition_memberships[0],
        case=case,
        role=role,
        response=response,
        task=task,
        meeting=meeting,
        item=item,
        note=note,
        round=round_,
        ask=ask,
        stop=stop,
    )


@pytest.fixture
def notify_team(db, make_user, make_organization, make_case, make_person):  # type: ignore[no-untyped-def]
    """A participants-only case: the police lead, zoning a partner, one of
    zoning's staff a guardian in person, a colleague at zoning, an outsider.
    The notifications its set-up raised are cleared."""
    from caseboard.models import Notification
    from caseboard.services.cases import add_role

    police = make_organization(name="Harbor City Police Department", kind="police")
    zoning = make_organization(name="Zoning and Code Enforcement")
    coordinator = make_user(role="coordinator", organization=police)
    inspector = make_user(organization=zoning)
    colleague = make_user(organization=zoning)
    case = make_case(lead=police, coordinator=coordinator, visibility="participants")
    add_role(coordinator, case, role="partner", organization=zoning)
    add_role(coordinator, case, role="guardian", person=inspector.person)
    db.session.commit()
    db.session.execute(db.delete(Notification))  # the set-up's own news
    db.session.commit()
    return {
        "case": case,
        "zoning": zoning,
        "coordinator": coordinator,
        "inspector": inspector,
        "colleague": colleague,
        "outsider": make_user(organization=make_organization(name="Food Bank")),
    }
