"""Coalitions are real: visibility "coalition" means the case's coalition's
people (current, active member organizations and people named in it, plus a
coalition the case is shared with), and a meeting keeps to its coalition."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseboard.extensions import db
from caseboard.loaders import HiddenObject
from caseboard.models import CoalitionStatus
from caseboard.permissions import can_view_case, visible_cases, visible_meetings
from caseboard.permissions_coalitions import (
    can_change_coalition_membership,
    can_manage_coalition,
)
from caseboard.queries.meetings import suggest_agenda
from caseboard.queries.tasks import open_tasks_for_review
from caseboard.services import coalitions as service
from caseboard.services.errors import ServiceError
from tests.conftest import sign_in


def test_a_bar_member_sees_only_their_coalitions_cases(two):
    assert can_view_case(two.bar_user, two.bar_case)
    assert not can_view_case(two.bar_user, two.camp_case)
    seen = set(db.session.scalars(visible_cases(two.bar_user)))
    assert seen == {two.bar_case}
    meetings = set(db.session.scalars(visible_meetings(two.bar_user)))
    assert two.water_meeting in meetings and two.outreach_meeting not in meetings


def test_a_police_user_of_both_coalitions_sees_both(two):
    seen = set(db.session.scalars(visible_cases(two.officer)))
    assert {two.bar_case, two.camp_case} <= seen


def test_only_a_current_active_membership_counts(two):
    membership = two.shelter.coalition_memberships[0]
    service.end_coalition_membership(None, membership)
    db.session.commit()
    assert membership.status == CoalitionStatus.LEFT and membership.ended_on
    assert not can_view_case(two.shelter_user, two.camp_case)
    # Invited is not yet a member.
    service.add_organization(
        None, two.outreach, two.shelter, status=CoalitionStatus.INVITED
    )
    db.session.commit()
    db.session.expire_all()
    assert not can_view_case(two.shelter_user, two.camp_case)
    assert len(two.shelter.coalition_memberships) == 2  # ended, never deleted
    invitation = two.shelter.coalition_memberships[-1]
    service.activate_membership(None, invitation)
    db.session.commit()
    assert can_view_case(two.shelter_user, two.camp_case)


def test_a_person_named_in_a_coalition_works_in_it(two, make_user, make_person):
    resident = make_user(person=make_person(organization=two.bar))
    service.name_person(None, two.outreach, resident.person)
    db.session.commit()
    assert can_view_case(resident, two.camp_case)
    assert two.camp_case in set(db.session.scalars(visible_cases(resident)))


def test_a_share_opens_a_case_for_its_period_and_is_audited(two):
    with pytest.raises(ServiceError):
        service.share_case(two.officer, two.camp_case, two.water, reason="  ")
    share = service.share_case(
        two.officer,
        two.camp_case,
        two.water,
        reason="Campers sleep behind the bars",
        until=date.today() + timedelta(days=30),
    )
    db.session.commit()
    assert can_view_case(two.bar_user, two.camp_case)
    assert two.camp_case in set(db.session.scalars(visible_cases(two.bar_user)))
    from caseboard.models import AuditEvent

    event = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "share")
    ).one()
    assert event.changes["reason"] == [None, "Campers sleep behind the bars"]
    service.end_share(two.officer, share)
    db.session.commit()
    db.session.expire_all()
    assert not can_view_case(two.bar_user, two.camp_case)
    assert two.camp_case not in set(db.session.scalars(visible_cases(two.bar_user)))


def test_case_pages_of_another_coalition_answer_404(client, two):
    sign_in(client, two.bar_user)
    assert client.get(f"/cases/{two.camp_case.id}").status_code == 404
    assert client.get(f"/tasks/{two.camp_task.id}").status_code == 404
    assert client.get(f"/meetings/{two.outreach_meeting.id}").status_code == 404
    ics = client.get(f"/meetings/{two.outreach_meeting.id}/calendar.ics")
    assert ics.status_code == 404
    assert client.get(f"/cases/{two.bar_case.id}").status_code == 200


def test_a_meetings_suggestions_and_task_review_keep_to_its_coalition(two):
    from caseboard.services.agenda import add_agenda_item

    suggested = {s.case_id for s in suggest_agenda(two.officer, two.water_meeting)}
    assert suggested == {two.bar_case.id}
    outreach = {s.case_id for s in suggest_agenda(two.officer, two.outreach_meeting)}
    assert outreach == {two.camp_case.id}
    add_agenda_item(two.officer, two.water_meeting, title="Closing", case=two.bar_case)
    with pytest.raises(ServiceError):
        add_agenda_item(
            two.officer, two.water_meeting, title="Camp", case=two.camp_case
        )
    db.session.commit()
    review = open_tasks_for_review(two.officer, two.water_meeting)
    assert {t.id for t in review} == {two.bar_task.id}


def test_coordinators_manage_membership_but_never_their_own_organization(
    two, make_user
):
    """The escalation closed: a coalition coordinator may not add their own
    organization (opening the coalition to their colleagues on their own
    say-so); a site coordinator who coordinates no coalition manages none."""
    assert not can_manage_coalition(two.officer, two.outreach)  # site role only
    service.name_person(None, two.outreach, two.bar_user.person, coordinator=True)
    db.session.commit()
    coordinator = two.bar_user
    assert can_manage_coalition(coordinator, two.outreach)
    assert not can_change_coalition_membership(coordinator, two.outreach, two.bar)
    assert can_change_coalition_membership(coordinator, two.outreach, two.shelter)
    assert not can_manage_coalition(coordinator, two.water)  # not theirs
    admin = make_user(role="admin")
    assert can_change_coalition_membership(admin, two.water, two.bar)


def test_loading_a_hidden_case_raises(app, two):
    from flask_login import login_user

    from caseboard.loaders import load_case

    with app.test_request_context():
        login_user(two.bar_user)
        with pytest.raises(HiddenObject):
            load_case(two.camp_case.id)


def test_the_case_form_offers_only_the_coalitions_one_works_in(client, two, db):
    from datetime import date as day

    from caseboard.models import Case, ProblemType

    # The officer is a site coordinator whose police work in both coalitions;
    # a third coalition they do not work in is neither offered nor accepted.
    third = service.create_coalition(None, name="Eastgate partnership")
    db.session.commit()
    sign_in(client, two.officer)
    page = client.get("/cases/new").text
    assert "Water Street initiative" in page and "Eastgate partnership" not in page

    def post(coalition_id: int):  # type: ignore[no-untyped-def]
        return client.post(
            "/cases/new",
            data={
                "title": f"Bottles on Front Street {coalition_id}",
                "problem_type_id": db.session.scalars(
                    db.select(ProblemType.id)
                ).first(),
                "lead_organization_id": two.police.id,
                "coalition_id": coalition_id,
                "priority": "normal",
                "visibility": "coalition",
                "opened_on": day.today().isoformat(),
            },
        )

    assert post(third.id).status_code == 200  # the form again: not a choice
    assert post(two.outreach.id).status_code == 302
    created = db.session.scalars(
        db.select(Case).where(
            Case.title == f"Bottles on Front Street {two.outreach.id}"
        )
    ).one()
    assert created.coalition == two.outreach


def test_this_coalitions_network_shows_its_people_only(client, two, db):
    from caseboard.models import Person

    sign_in(client, two.bar_user)
    answer = client.get(f"/network/data.json?coalition={two.outreach.id}")
    assert answer.status_code == 404  # not a coalition of theirs
    from caseboard.services.contacts import declare_tie

    declare_tie(None, two.officer.person, two.bar_user.person, kind="works_with")
    declare_tie(None, two.officer.person, two.shelter_user.person, kind="works_with")
    db.session.commit()
    sign_in(client, two.officer)
    page = client.get(f"/network?coalition={two.water.id}")
    assert page.status_code == 200 and "One coalition" in page.text
    data = client.get(f"/network/data.json?coalition={two.water.id}").get_json()
    text = str(data)
    shelter_people = db.session.scalars(
        db.select(Person.full_name)
        .join(Person.memberships)
        .where(db.text("memberships.organization_id = :o").bindparams(o=two.shelter.id))
    ).all()
    assert shelter_people and not any(name in text for name in shelter_people)
    assert two.bar_user.person.full_name in text  # Water Street's tie is drawn


def test_a_coalition_meeting_lands_in_the_schedulers_coalition(two, make_user, db):
    from datetime import UTC, datetime

    from caseboard.services.meetings import schedule_meeting

    outreach_only = make_user(role="coordinator", organization=two.shelter)
    when = datetime.now(UTC) + timedelta(days=3)
    meeting = schedule_meeting(outreach_only, title="Outreach partners", starts_at=when)
    assert meeting.coalition == two.outreach
    service.choose_coalition(two.officer, two.water)
    meeting = schedule_meeting(two.officer, title="Water Street", starts_at=when)
    assert meeting.coalition == two.water


def test_the_scorecard_keeps_to_the_coalition_chosen_in_the_top_bar(client, two):
    sign_in(client, two.officer)
    both = client.get("/assessment/scorecard").text
    assert "Assaults at closing time" in both and "Encampment by the river" in both
    client.post("/coalitions/choose", data={"coalition_id": two.water.id})
    water = client.get("/assessment/scorecard").text
    assert "Assaults at closing time" in water
    assert "Encampment by the river" not in water
    assert "Water Street initiative" in water  # the page says which
    sign_in(client, two.bar_user)
    assert "Encampment by the river" not in client.get("/assessment/scorecard").text


def test_brokers_between_two_coalitions_are_the_people_who_tie_them(client, two):
    from caseboard.services.contacts import log_interaction

    recent = date.today() - timedelta(days=3)
    for other in (two.bar_user, two.shelter_user):
        log_interaction(
            two.officer,
            occurred_on=recent,
            kind="visit",
            people=[two.officer.person, other.person],
        )
    db.session.commit()
    water, outreach = f"coalition-{two.water.id}", f"coalition-{two.outreach.id}"
    sign_in(client, two.officer)
    page = client.get(f"/network/brokers?a={water}&b={outreach}").text
    assert "Coalition: Homeless outreach coalition" in page
    found = page.split('id="brokers"')[1]
    # Police work in both coalitions and are tied into both.
    assert f'/people/{two.officer.person_id}"' in found
    # A bar's member is not offered the other coalition, and cannot ask for it.
    sign_in(client, two.bar_user)
    page = client.get(f"/network/brokers?a={water}&b={outreach}").text
    assert "Coalition: Homeless outreach coalition" not in page
    assert "Choose two groups from the lists." in page
    assert two.shelter_user.person.full_name not in page


def test_my_organizations_tasks_follow_the_coalition_switcher(client, two, make_user):
    from caseboard.services.people import add_membership

    # Staff of the bar (Water Street) and of the shelter (outreach): each
    # lead organization owns its case's task.
    both = make_user(organization=two.bar)
    add_membership(None, both.person, two.shelter)
    db.session.commit()
    sign_in(client, both)
    everything = client.get("/tasks/organization").text
    assert "Train door staff" in everything and "Clear the path" in everything
    client.post("/coalitions/choose", data={"coalition_id": two.water.id})
    water = client.get("/tasks/organization").text
    assert "Train door staff" in water and "Clear the path" not in water
    client.post("/coalitions/choose", data={"coalition_id": two.outreach.id})
    outreach = client.get("/tasks/organization").text
    assert "Clear the path" in outreach and "Train door staff" not in outreach
    client.post("/coalitions/choose", data={"coalition_id": ""})  # all of mine
    again = client.get("/tasks/organization").text
    assert "Train door staff" in again and "Clear the path" in again
