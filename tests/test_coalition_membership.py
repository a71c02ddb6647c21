"""Coalition membership from the pages: an organization answers its own
invitation, administrators name coordinators and end namings, and whoever
shared a case ends the share."""

from __future__ import annotations

from caseboard.extensions import db
from caseboard.models import CoalitionStatus
from caseboard.permissions import can_view_case
from caseboard.services import coalitions as service
from caseboard.services.people import set_administrator
from tests.conftest import sign_in


def invite(two, organization):
    invitation = service.add_organization(
        None, two.water, organization, status=CoalitionStatus.INVITED
    )
    db.session.commit()
    return invitation


def administrator_of(make_user, organization):
    user = make_user(organization=organization)
    set_administrator(None, user.person.memberships[0], True)
    db.session.commit()
    return user


def answer_url(organization, invitation, answer):
    return f"/coalitions/invitations/{organization.id}/{invitation.id}/{answer}"


def test_an_organization_accepts_its_invitation_from_its_own_page(
    client, two, make_user
):
    invitation = invite(two, two.shelter)
    boss = administrator_of(make_user, two.shelter)
    sign_in(client, boss)
    page = client.get(f"/organizations/{two.shelter.id}").text
    assert "Water Street initiative" in page and "Accept" in page
    assert not can_view_case(two.shelter_user, two.bar_case)

    response = client.post(
        answer_url(two.shelter, invitation, "accept"), follow_redirects=True
    )
    assert "Harbor Shelter joined Water Street initiative." in response.text
    assert invitation.status == CoalitionStatus.ACTIVE
    assert can_view_case(two.shelter_user, two.bar_case)
    assert "Accept" not in client.get(f"/organizations/{two.shelter.id}").text


def test_declining_ends_the_invitation_and_opens_nothing(client, two, make_user):
    invitation = invite(two, two.shelter)
    sign_in(client, administrator_of(make_user, two.shelter))
    response = client.post(
        answer_url(two.shelter, invitation, "decline"), follow_redirects=True
    )
    assert "declined to join Water Street initiative" in response.text
    assert invitation.status == CoalitionStatus.LEFT and invitation.ended_on
    assert not can_view_case(two.shelter_user, two.bar_case)
    # An answered invitation cannot be answered again.
    again = client.post(answer_url(two.shelter, invitation, "accept"))
    assert again.status_code == 403


def test_only_the_invited_organizations_administrators_answer(client, two):
    """Not its plain staff, and not the coordinator who invited it: joining
    opens the coalition's cases to the organization's people."""
    invitation = invite(two, two.shelter)
    for user in (two.shelter_user, two.officer):
        sign_in(client, user)
        response = client.post(answer_url(two.shelter, invitation, "accept"))
        assert response.status_code == 403
        assert invitation.status == CoalitionStatus.INVITED
    # The coalition's page lists it as waiting for an answer.
    service.name_person(None, two.water, two.officer.person, coordinator=True)
    db.session.commit()
    page = client.get(f"/coalitions/{two.water.id}").text
    assert "Invited, not yet answered" in page and "Harbor Shelter" in page


def test_an_invitation_under_another_organization_is_not_found(client, two, make_user):
    invitation = invite(two, two.shelter)
    sign_in(client, administrator_of(make_user, two.bar))
    wrong = f"/coalitions/invitations/{two.bar.id}/{invitation.id}/accept"
    assert client.post(wrong).status_code == 404
    assert invitation.status == CoalitionStatus.INVITED


def test_an_administrator_names_a_coordinator_and_ends_the_naming(
    client, two, make_user
):
    admin = make_user(role="admin", organization=two.police)
    sign_in(client, admin)
    person = two.shelter_user.person
    response = client.post(
        f"/coalitions/{two.water.id}/people",
        data={"person_id": person.id, "coordinator": "y"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    naming = next(n for n in two.water.people if n.person_id == person.id)
    assert naming.is_coordinator and naming.is_current
    assert can_view_case(two.shelter_user, two.bar_case)  # named: works in it

    twice = client.post(
        f"/coalitions/{two.water.id}/people",
        data={"person_id": person.id},
        follow_redirects=True,
    )
    assert "is already named in Water Street initiative" in twice.text
    assert len([n for n in two.water.people if n.person_id == person.id]) == 1

    client.post(f"/coalitions/{two.water.id}/people/{naming.id}/end")
    db.session.refresh(naming)
    assert not naming.is_current
    assert not can_view_case(two.shelter_user, two.bar_case)


def test_naming_nobody_says_so(client, two, make_user):
    sign_in(client, make_user(role="admin", organization=two.police))
    response = client.post(
        f"/coalitions/{two.water.id}/people",
        data={"person_id": "999999"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Nobody was named" in response.text


def test_ending_a_share_hides_the_case_again(client, two, make_user):
    share = service.share_case(None, two.bar_case, two.outreach, reason="Same alley")
    db.session.commit()
    assert can_view_case(two.shelter_user, two.bar_case)
    sign_in(client, make_user(role="admin", organization=two.police))
    page = client.get(f"/cases/{two.bar_case.id}").text
    assert "End share" in page
    response = client.post(
        f"/coalitions/share/{two.bar_case.id}/{share.id}/end", follow_redirects=True
    )
    assert "Homeless outreach coalition no longer sees this case." in response.text
    db.session.refresh(share)
    assert not share.is_open
    assert not can_view_case(two.shelter_user, two.bar_case)
