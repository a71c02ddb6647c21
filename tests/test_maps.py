"""Maps: a case's places and assessment areas (a circle of a given radius
around a place, the buffer ring around a drawn target, a drawn polygon), the
assessment naming them, the coalition's map and the tile setting's CSP."""

from __future__ import annotations

import json
import math

import pytest

from caseboard.config import tile_origin
from caseboard.extensions import db
from caseboard.maps.geometry import (
    BadGeometry,
    circle,
    distance_m,
    drawn_polygon,
    polygon_area_m2,
    ring_area_m2,
)
from caseboard.models import CaseArea
from caseboard.web import content_security_policy
from tests.conftest import sign_in

NIGHT_OWL = (41.63548, -70.92291)  # 455 Water Street, the demo's bar


@pytest.fixture
def mapped_case(make_case, make_user):
    editor = make_user(role="admin")
    case = make_case(title="Crowding at the Night Owl", place_name="Night Owl Club")
    case.places[0].latitude, case.places[0].longitude = NIGHT_OWL
    db.session.commit()
    return case, editor


def circle_form(case, area="target", radius="100", unit="ft", **extra):
    return {
        "area": area,
        "shape": "circle",
        "place_id": case.places[0].id,
        "radius": radius,
        "unit": unit,
        "description": extra.pop("description", ""),
        **extra,
    }


# ------------------------------------------------------------------ geometry


def test_a_circle_is_closed_counter_clockwise_and_at_its_radius():
    ring = circle(*NIGHT_OWL, 152.4)
    assert ring[0] == ring[-1]
    assert ring_area_m2(ring) > 0  # counter-clockwise (RFC 7946, 3.1.6)
    centre = [NIGHT_OWL[1], NIGHT_OWL[0]]
    assert all(abs(distance_m(centre, p) - 152.4) < 0.5 for p in ring)
    # A 64-gon inscribed in the circle: within 0.2 % of pi r^2.
    area = polygon_area_m2({"type": "Polygon", "coordinates": [ring]})
    assert area == pytest.approx(math.pi * 152.4**2, rel=0.002)


def test_a_one_degree_square_at_the_equator_has_the_known_area():
    # A cell between two meridians and two parallels on a sphere of radius R
    # has the area R^2 * dlon * (sin lat2 - sin lat1) (Archimedes' hat-box
    # theorem); Chamberlain & Duquette's sum is exact for it.
    square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    area = polygon_area_m2({"type": "Polygon", "coordinates": [square]})
    exact = 6_378_137.0**2 * math.radians(1) * math.sin(math.radians(1))
    assert area == pytest.approx(exact, rel=1e-9)
    assert round(area / 1e6) == 12_391  # km^2


@pytest.mark.parametrize(
    "value",
    [
        None,
        {"type": "Point", "coordinates": [0, 0]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [500, 1], [1, 0], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[["a", 0], [1, 1], [1, 0]]]},
    ],
)
def test_a_bad_drawing_is_refused_with_a_reason(value):
    with pytest.raises(BadGeometry):
        drawn_polygon(value)


def test_a_clockwise_drawing_is_stored_counter_clockwise():
    clockwise = [[0, 0], [0, 0.01], [0.01, 0.01], [0.01, 0]]
    polygon = drawn_polygon({"type": "Polygon", "coordinates": [clockwise]})
    ring = polygon["coordinates"][0]
    assert ring[0] == ring[-1] and ring_area_m2(ring) > 0


# ------------------------------------------------------------------ the pages


def test_a_circle_around_a_place_needs_no_javascript(client, mapped_case):
    case, editor = mapped_case
    sign_in(client, editor)
    page = client.get(f"/cases/{case.id}/map")
    assert page.status_code == 200
    assert b"Night Owl Club" in page.data and b'id="area-form"' in page.data
    answer = client.post(
        f"/cases/{case.id}/areas",
        data=circle_form(case, radius="100", description="The club's door"),
    )
    assert answer.status_code == 302
    row = db.session.query(CaseArea).one()
    assert row.radius_m == pytest.approx(30.48)
    assert row.square_metres == pytest.approx(math.pi * 30.48**2, rel=0.01)
    page = client.get(f"/cases/{case.id}/map").get_data(as_text=True)
    assert "The club&#39;s door: 100 ft (30 m) around Night Owl Club" in page


def test_the_buffer_ring_leaves_the_target_out(client, mapped_case):
    case, editor = mapped_case
    sign_in(client, editor)
    client.post(f"/cases/{case.id}/areas", data=circle_form(case, radius="100"))
    client.post(
        f"/cases/{case.id}/areas",
        data=circle_form(case, area="buffer", radius="500"),
    )
    buffer = db.session.query(CaseArea).filter_by(area="buffer").one()
    assert len(buffer.geometry["coordinates"]) == 2  # the circle and its hole
    ring = math.pi * (152.4**2 - 30.48**2)
    assert buffer.square_metres == pytest.approx(ring, rel=0.01)
    page = client.get(f"/cases/{case.id}/assessment").get_data(as_text=True)
    assert "500 ft (152 m) around Night Owl Club, the target left out" in page


def test_a_drawn_polygon_is_stored_and_named_in_the_assessment(client, mapped_case):
    case, editor = mapped_case
    sign_in(client, editor)
    lat, lon = NIGHT_OWL
    square = [[lon, lat], [lon + 0.001, lat], [lon + 0.001, lat + 0.001], [lon, lat]]
    answer = client.post(
        f"/cases/{case.id}/areas",
        data={
            "area": "control",
            "shape": "polygon",
            "geometry": json.dumps({"type": "Polygon", "coordinates": [square]}),
            "description": "Front Street bars",
        },
    )
    assert answer.status_code == 302
    page = client.get(f"/cases/{case.id}/assessment").get_data(as_text=True)
    assert "Front Street bars: a polygon drawn on the map" in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"radius": "lots"}, "The radius is a number more than 0"),
        ({"radius": "-5"}, "The radius is a number more than 0"),
        ({"radius": "99999", "unit": "m"}, "at most 10,000 m"),
        ({"place_id": "987654"}, "Choose one of the case"),
        ({"shape": "polygon"}, "Draw the polygon on the map first"),
        ({"shape": "polygon", "geometry": "{not json"}, "could not be read"),
        (
            {"shape": "polygon", "geometry": '{"type": "Polygon", "coordinates": []}'},
            "Draw one polygon",
        ),
    ],
)
def test_bad_input_is_shown_on_the_form_and_changes_nothing(
    client, mapped_case, form, message
):
    case, editor = mapped_case
    sign_in(client, editor)
    answer = client.post(f"/cases/{case.id}/areas", data=circle_form(case) | form)
    assert answer.status_code == 200
    assert message in answer.get_data(as_text=True)
    assert db.session.query(CaseArea).count() == 0


def test_drawing_an_area_someone_changed_meanwhile_is_a_conflict(client, mapped_case):
    case, editor = mapped_case
    sign_in(client, editor)
    client.post(f"/cases/{case.id}/areas", data=circle_form(case, radius="100"))
    seen = db.session.query(CaseArea).one().version
    client.post(
        f"/cases/{case.id}/areas",
        data=circle_form(case, radius="200", version_target=str(seen)),
    )
    stale = client.post(
        f"/cases/{case.id}/areas",
        data=circle_form(case, radius="300", version_target=str(seen)),
        follow_redirects=True,
    )
    assert "Someone changed this area meanwhile" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(CaseArea).one().radius_m == pytest.approx(60.96)


def test_removing_an_area(client, mapped_case):
    case, editor = mapped_case
    sign_in(client, editor)
    client.post(f"/cases/{case.id}/areas", data=circle_form(case))
    row = db.session.query(CaseArea).one()
    assert client.post(f"/cases/{case.id}/areas/{row.id}/remove").status_code == 302
    assert db.session.query(CaseArea).count() == 0


def test_the_case_geojson_holds_its_place_and_areas(client, mapped_case):
    case, editor = mapped_case
    sign_in(client, editor)
    client.post(f"/cases/{case.id}/areas", data=circle_form(case))
    answer = client.get(f"/cases/{case.id}/map.geojson")
    assert answer.mimetype == "application/geo+json"
    data = answer.get_json()
    kinds = sorted(f["properties"]["kind"] for f in data["features"])
    assert kinds == ["area", "place"]
    place = next(f for f in data["features"] if f["properties"]["kind"] == "place")
    assert place["geometry"]["coordinates"] == [NIGHT_OWL[1], NIGHT_OWL[0]]


def test_the_coalition_map_lists_open_cases_by_stage(client, mapped_case):
    case, editor = mapped_case
    sign_in(client, editor)
    page = client.get(f"/coalitions/{case.coalition_id}/map")
    assert page.status_code == 200
    assert "Crowding at the Night Owl" in page.get_data(as_text=True)
    data = client.get(f"/coalitions/{case.coalition_id}/map.geojson").get_json()
    assert [f["properties"]["legend"] for f in data["features"]] == ["scanning"]


# ------------------------------------------------------------------ the tiles


def test_without_a_tile_server_images_come_from_the_site_only():
    assert "img-src 'self';" in content_security_policy(tile_origin(""))


def test_a_tile_server_is_the_one_other_image_source():
    tiles = "https://tiles.agency.example/{z}/{x}/{y}.png"
    policy = content_security_policy(tile_origin(tiles))
    assert "img-src 'self' https://tiles.agency.example;" in policy
    wms = tile_origin("wms:https://gis.agency.example:8443/wms?layers=streets")
    assert wms == "https://gis.agency.example:8443"


def test_a_tile_setting_that_is_no_url_is_refused():
    with pytest.raises(ValueError, match="CASEBOARD_MAP_TILES"):
        tile_origin("tiles.example/{z}/{x}/{y}.png")


def test_the_map_page_says_no_basemap_is_configured(client, mapped_case):
    case, editor = mapped_case
    sign_in(client, editor)
    page = client.get(f"/cases/{case.id}/map").get_data(as_text=True)
    assert "No basemap is configured" in page
    assert "data/harbor-city-streets.geojson" in page
    assert 'data-tiles=""' in page


# ------------------------------------------------------------------ hot spots


def test_hot_spots_weigh_places_by_the_chosen_measure_in_the_window(
    client, make_case, make_user
):
    from datetime import date

    from caseboard.models import Area
    from caseboard.services import measures

    viewer = make_user(role="admin")
    for n, value in enumerate((2.0, 3.0, 5.0)):
        case = make_case(title=f"Bar {n}", place_name=f"Bar {n}")
        case.places[0].latitude, case.places[0].longitude = NIGHT_OWL
        measure = measures.create_measure(None, case, name="Assaults")
        db.session.flush()
        for area, day, amount in (
            (Area.TARGET, date(2025, 3, 1), value),
            (Area.TARGET, date(2023, 3, 1), 100.0),  # before the window
            (Area.CONTROL, date(2025, 3, 1), 1000.0),  # not the target
        ):
            measures.save_grid(
                None,
                measure,
                [
                    measures.Cell(
                        area=area, period_start=day, value=amount, version=None
                    )
                ],
            )
    db.session.commit()
    sign_in(client, viewer)
    window = "start=2025-01-01&end=2025-12-31"
    cells = client.get(f"/hotspots.geojson?measure=Assaults&{window}").get_json()
    assert [c["properties"]["weight"] for c in cells["features"]] == [10.0]
    assert cells["features"][0]["properties"]["cases"] == 3
    page = client.get(f"/hotspots?measure=Assaults&{window}").text
    assert "“Assaults” in the target area" in page and "<td>10.0</td>" in page
    # Unreadable choices fall back (cases, the last twelve months): no error.
    odd = client.get("/hotspots?measure=Nope&start=2025-02-30&end=x")
    assert odd.status_code == 200 and "weighted by one per case" in odd.text


def test_a_configured_tile_server_is_allowed_in_the_served_policy(monkeypatch):
    from caseboard import create_app
    from caseboard.config import TestConfig

    monkeypatch.setenv(
        "CASEBOARD_MAP_TILES", "https://tiles.agency.example/{z}/{x}/{y}.png"
    )
    monkeypatch.setenv("CASEBOARD_MAP_ATTRIBUTION", "City GIS")
    app = create_app(TestConfig("sqlite://"))
    answer = app.test_client().get("/static/js/map.js")
    assert (
        "img-src 'self' https://tiles.agency.example;"
        in (answer.headers["Content-Security-Policy"])
    )
    answer.close()
