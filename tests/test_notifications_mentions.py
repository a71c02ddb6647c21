"""The @mention picker's list: only people who may see the case (a mention
tells them, and must not reveal the case to anyone else), for a writer who
sees it."""

from __future__ import annotations

import pytest

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
