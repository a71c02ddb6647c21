"""The @mention picker's list: only people who may see the case (a mention
tells them, and must not reveal the case to anyone else), for a writer who
sees it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import User
from caseboard.permissions import can_view_case
from caseboard.permissions_coalitions import case_viewers_clause
from tests.conftest import sign_in


@pytest.fixture
def team(notify_team):
    return notify_team


def names(client, case_id: int, q: str) -> list[str]:
    response = client.get(f"/cases/{case_id}/mentions", query_string={"q": q})
    assert response.status_code == 200
    return [p["name"] for p in response.json["people"]]


def test_the_picker_offers_only_people_who_see_the_case(client, team):
    case = team["case"]
    sign_in(client, team["coordinator"])
    offered = names(client, case.id, "")
    # The participants-only case: zoning (a partner) sees it, the food bank not.
    assert team["inspector"].person.full_name in offered
    assert team["colleague"].person.full_name in offered
    assert team["outsider"].person.full_name not in offered
    assert team["coordinator"].person.full_name not in offered  # not oneself


def test_the_picker_matches_part_of_a_name_and_mentions_work(client, team):
    case, inspector = team["case"], team["inspector"]
    part = inspector.person.full_name.split()[-1][1:4]
    sign_in(client, team["coordinator"])
    found = names(client, case.id, part.upper())
    assert inspector.person.full_name in found
    assert names(client, case.id, "%") == []  # a wildcard is a character
    entry = client.get(f"/cases/{case.id}/mentions?q={part}").json["people"][0]
    assert entry["organization"]


def test_someone_who_cannot_see_the_case_gets_404(client, team):
    sign_in(client, team["outsider"])
    assert client.get(f"/cases/{team['case'].id}/mentions?q=a").status_code == 404


def test_the_list_fills_up_when_the_first_names_are_left_out(
    client, team, make_user, make_organization
):
    """Outsiders whose names sort first do not use up the list: visibility
    is decided before the limit."""
    from caseboard.queries.notifications import MENTION_LIMIT

    food_bank = make_organization(name="Another Food Bank")
    # More than a window of candidates read before filtering could hold.
    for n in range(70):
        make_user(organization=food_bank).person.full_name = f"Aaron Hidden {n:02}"
    for n in range(MENTION_LIMIT):
        make_user(organization=team["zoning"]).person.full_name = f"Zed Seen {n:02}"
    db.session.commit()
    sign_in(client, team["coordinator"])
    offered = names(client, team["case"].id, "")
    assert len(offered) == MENTION_LIMIT
    assert not [name for name in offered if name.startswith("Aaron Hidden")]
    assert names(client, team["case"].id, "hidden") == []


def test_the_picker_costs_the_same_queries_for_5_and_50_people(
    client, team, make_user, count_queries
):
    def grow_and_count(total: int) -> int:
        while db.session.scalar(select(func.count()).select_from(User)) < total:
            make_user(organization=team["zoning"])
        sign_in(client, team["coordinator"])
        with count_queries() as counted:
            assert len(names(client, team["case"].id, "")) >= 3
        return counted.n

    assert grow_and_count(5) == grow_and_count(50)


@pytest.mark.parametrize("visibility", ["coalition", "participants", "restricted"])
def test_the_sql_twin_agrees_with_can_view_case(team, make_user, visibility):
    """``case_viewers_clause`` names exactly the users ``can_view_case`` lets
    see the case, whatever its visibility."""
    case = team["case"]
    make_user(role="admin")
    make_user(organization=team["zoning"]).active = False
    case.visibility = visibility
    case.access_organization_ids = [team["zoning"].id]
    db.session.commit()
    users = db.session.scalars(select(User)).all()
    expected = {user.id for user in users if can_view_case(user, case)}
    query = select(User.id).where(case_viewers_clause(case))
    assert set(db.session.scalars(query)) == expected
    assert (team["outsider"].id in expected) == (visibility == "coalition")
    assert team["colleague"].id in expected
