"""Visit rounds on the map: a stop's optional position (entered on the
add-stop form), the GeoJSON of today's route and of a round (validated with
the ``geojson`` library), and the map panels on the two pages."""

from __future__ import annotations

import geojson
import pytest

from caseboard.extensions import db
from caseboard.models import RoundStop
from tests.conftest import sign_in
from tests.test_rounds import beat  # noqa: F401  (the fixture)

RESIDENT = (41.62851, -70.90503)  # Building C, Eastgate Homes
SHOP = (41.62905, -70.90402)  # Eastgate Avenue shops


@pytest.fixture
def mapped(beat):  # noqa: F811
    """The beat with its resident's and shop's stops placed; Block 2 (due)
    and Block 3 (not due) have no position."""
    resident, shop = beat["stops"][:2]
    resident.latitude, resident.longitude = RESIDENT
    shop.latitude, shop.longitude = SHOP
    db.session.commit()
    return beat


def loaded(client, url: str) -> geojson.FeatureCollection:
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer.mimetype == "application/geo+json"
    data = geojson.loads(answer.text)
    assert isinstance(data, geojson.FeatureCollection)
    assert data.is_valid, data.errors()
    return data


def by_kind(data, kind: str) -> list:
    return [f for f in data["features"] if f["properties"]["kind"] == kind]


def test_todays_map_draws_due_stops_and_the_route_in_route_sheet_order(client, mapped):
    sign_in(client, mapped["officer"])
    data = loaded(client, "/rounds/today/map.geojson")
    stops = by_kind(data, "stop")
    # Market Row (70 days overdue) comes before Block 1 (40), as on the sheet;
    # Block 2 is due but has no position; Block 3 is not due.
    assert [s["properties"]["address"] for s in stops] == ["Market Row", "Block 1"]
    shop = stops[0]["properties"]
    assert shop["name"] == "Corner Shop"
    assert (shop["state"], shop["legend"], shop["days_since_visit"]) == (
        "overdue",
        "overdue",
        100,
    )
    assert shop["flagged"] is False
    assert stops[0]["geometry"]["coordinates"] == [SHOP[1], SHOP[0]]
    (route,) = by_kind(data, "route")
    assert route["geometry"]["type"] == "LineString"
    assert route["geometry"]["coordinates"] == [
        [SHOP[1], SHOP[0]],
        [RESIDENT[1], RESIDENT[0]],
    ]
    assert route["properties"]["legend"] == "route"


def test_a_round_map_holds_every_placed_stop_by_state(client, mapped):
    sign_in(client, mapped["coordinator"])
    data = loaded(client, f"/rounds/{mapped['round'].id}/map.geojson")
    assert sorted(f["properties"]["legend"] for f in data["features"]) == [
        "overdue",
        "overdue",
    ]
    assert not by_kind(data, "route")


def test_the_pages_show_the_map_above_the_list_and_count_stops_off_it(client, mapped):
    sign_in(client, mapped["officer"])
    page = client.get("/rounds/today").text
    assert 'data-map="/rounds/today/map.geojson"' in page
    assert page.index("data-map=") < page.index("Market Row")
    for swatch in ("overdue", "due", "ok", "route"):
        assert f"legend-{swatch}" in page
    assert "Visited within interval" in page and "Today&#39;s route" in page
    assert "1 stop is not on the map" in page
    page = client.get(f"/rounds/{mapped['round'].id}").text
    assert f'data-map="/rounds/{mapped["round"].id}/map.geojson"' in page
    assert "2 stops are not on the map" in page


def test_another_coalitions_user_sees_none_of_the_round(client, mapped, make_outsider):
    sign_in(client, make_outsider("Water Street initiative"))
    assert client.get(f"/rounds/{mapped['round'].id}/map.geojson").status_code == 404
    assert loaded(client, "/rounds/today/map.geojson")["features"] == []
    # Same coalition, not the round's keeper: today's map is theirs alone.
    sign_in(client, mapped["outsider"])
    assert loaded(client, "/rounds/today/map.geojson")["features"] == []


def stop_form(**position) -> dict[str, str]:
    return {"place": "Quay", "ideal_days": "10", "max_days": "40", **position}


@pytest.mark.parametrize(
    ("position", "message"),
    [
        ({"latitude": "91", "longitude": "-70.9"}, "between -90 and 90"),
        ({"latitude": "41.6", "longitude": "-181"}, "between -180 and 180"),
        ({"latitude": "north", "longitude": "-70.9"}, "Not a valid float"),
        ({"latitude": "nan", "longitude": "-70.9"}, "a number of degrees"),
        ({"latitude": "41.6"}, "or neither"),
    ],
)
def test_a_bad_position_is_refused_with_a_message(client, beat, position, message):  # noqa: F811
    sign_in(client, beat["coordinator"])
    url = f"/rounds/{beat['round'].id}"
    before = db.session.query(RoundStop).count()
    response = client.post(f"{url}/stops", data=stop_form(**position))
    assert response.status_code == 302
    assert message in client.get(url).text
    assert db.session.query(RoundStop).count() == before


def test_a_stop_is_added_with_or_without_a_position(client, beat):  # noqa: F811
    sign_in(client, beat["coordinator"])
    url = f"/rounds/{beat['round'].id}/stops"
    client.post(url, data=stop_form(latitude="41.6287", longitude="-70.9056"))
    client.post(url, data={**stop_form(), "place": "Pier"})
    placed = db.session.query(RoundStop).filter_by(place="Quay").one()
    assert (placed.latitude, placed.longitude) == (41.6287, -70.9056)
    assert db.session.query(RoundStop).filter_by(place="Pier").one().position is None
