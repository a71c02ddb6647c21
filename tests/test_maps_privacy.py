"""Privacy of the maps: a place of a case the viewer may not see is never in
their map data, their hot spots or their GeoJSON export, whichever data
endpoint they ask; hot spots count only visible cases and show no figures
for a square of fewer than ``SMALL_COUNT`` cases.

The world is the permission matrix's: three cases of organization A (seen
coalition-wide, by participants, restricted to A), each with a place; here
the places get coordinates a few metres apart, in one hot-spot square.
"""

from __future__ import annotations

import json

import geojson
import pytest

from caseboard.extensions import db
from caseboard.maps.hotspots import SMALL_COUNT
from tests.test_permission_matrix import (
    SEES,
    VISIBILITIES,
    World,
    as_viewer,
    build_world,
)

SPOT = (41.63548, -70.92291)
VIEWERS = ("read_only", "member_off", "coordinator", "other_coalition", "admin")


@pytest.fixture
def mapped_world(
    make_organization, make_person, make_user, make_case, make_task, make_meeting
) -> World:
    world = build_world(
        make_organization, make_person, make_user, make_case, make_task, make_meeting
    )
    for index, visibility in enumerate(VISIBILITIES):
        place = world.cases[visibility].case.places[0]
        place.latitude = SPOT[0] + index * 0.0001
        place.longitude = SPOT[1] + index * 0.0001
    db.session.commit()
    return world


def data_endpoints(w: World) -> list[str]:
    """Every map data endpoint a viewer may ask without naming a case."""
    coalition = w.cases["coalition"].case.coalition_id
    return [
        f"/coalitions/{coalition}/map.geojson",
        f"/coalitions/{coalition}/map",
        "/hotspots.geojson",
        "/hotspots",
        "/hotspots.geojson?start=2000-01-01&end=2100-01-01",
    ]


def hidden_from(viewer: str) -> list[str]:
    return [v for v in VISIBILITIES if viewer not in SEES[v]]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_no_place_of_a_hidden_case_reaches_any_map_endpoint(
    client, mapped_world, viewer
):
    w = mapped_world
    as_viewer(client, w.users[viewer])
    for visibility in hidden_from(viewer):
        case = w.cases[visibility].case
        place = case.places[0]
        secrets = [case.title, place.name, f"{place.longitude}", f"{place.latitude}"]
        for url in data_endpoints(w):
            answer = client.get(url)
            assert answer.status_code in (200, 404), url
            for secret in secrets:
                assert secret not in answer.text, (url, secret)
        for url in (f"/cases/{case.id}/map", f"/cases/{case.id}/map.geojson"):
            assert client.get(url).status_code == 404


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_coalition_export_holds_exactly_the_visible_places(
    client, mapped_world, viewer
):
    w = mapped_world
    as_viewer(client, w.users[viewer])
    coalition = w.cases["coalition"].case.coalition_id
    answer = client.get(f"/coalitions/{coalition}/map.geojson")
    if viewer == "other_coalition":
        assert answer.status_code == 404
        return
    names = {f["properties"]["name"] for f in answer.get_json()["features"]}
    expected = {
        w.cases[v].case.places[0].name for v in VISIBILITIES if viewer in SEES[v]
    }
    assert names == expected


def test_hot_spots_count_only_visible_cases_and_hide_small_counts(client, mapped_world):
    w = mapped_world
    assert SMALL_COUNT == 3  # the threshold the page states
    as_viewer(client, w.users["admin"])  # sees all three: one square of 3
    cells = client.get("/hotspots.geojson").get_json()["features"]
    assert [c["properties"]["cases"] for c in cells] == [3]
    places = {
        (w.cases[v].case.places[0].longitude, w.cases[v].case.places[0].latitude)
        for v in VISIBILITIES
    }
    # A square's centre is drawn, never a place's own position.
    assert tuple(cells[0]["geometry"]["coordinates"]) not in places

    as_viewer(client, w.users["member_off"])  # sees one of the three
    cells = client.get("/hotspots.geojson").get_json()["features"]
    assert len(cells) == 1
    assert cells[0]["properties"] == {
        "kind": "hotspot",
        "legend": "few",
        "name": f"Fewer than {SMALL_COUNT} cases",
    }
    page = client.get("/hotspots").text
    assert f"fewer than {SMALL_COUNT}" in page and "<td>3</td>" not in page


def test_the_export_is_valid_rfc_7946_geojson(client, mapped_world):
    """Loaded with the `geojson` reader (its validity checks follow RFC 7946:
    closed linear rings of four or more positions, lon/lat positions)."""
    w = mapped_world
    as_viewer(client, w.users["admin"])
    case = w.cases["coalition"].case
    drawn = {
        "area": "target",
        "shape": "circle",
        "place_id": case.places[0].id,
        "radius": "500",
        "unit": "ft",
    }
    assert client.post(f"/cases/{case.id}/areas", data=drawn).status_code == 302
    for url in (
        f"/cases/{case.id}/map.geojson",
        f"/coalitions/{case.coalition_id}/map.geojson",
        "/hotspots.geojson",
    ):
        loaded = geojson.loads(client.get(url).text)
        assert isinstance(loaded, geojson.FeatureCollection)
        assert loaded.is_valid, (url, loaded.errors())
        for feature in loaded["features"]:
            assert feature.is_valid
    data = json.loads(client.get(f"/cases/{case.id}/map.geojson").text)
    point = next(f for f in data["features"] if f["geometry"]["type"] == "Point")
    lon, lat = point["geometry"]["coordinates"]
    assert (lat, lon) == (case.places[0].latitude, case.places[0].longitude)
