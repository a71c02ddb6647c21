"""Geometry for areas drawn around places: circles of a given radius, the
buffer ring around a target, polygon sizes. Positions are GeoJSON's
``[longitude, latitude]``; exterior rings run counter-clockwise and holes
clockwise (RFC 7946, section 3.1.6)."""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

EARTH_RADIUS_M = 6_378_137.0  # WGS 84 semi-major axis, as geojson-area uses
METRES_PER_FOOT = 0.3048
SQUARE_METRES_PER_ACRE = 4046.8564224
CIRCLE_POINTS = 64
MAX_VERTICES = 500

Position = list[float]
Ring = list[Position]


class BadGeometry(ValueError):
    """A drawn shape that cannot be stored; the message is for the user."""


def circle(latitude: float, longitude: float, radius_m: float) -> Ring:
    """A closed counter-clockwise ring of points ``radius_m`` from the centre
    (the great-circle destination formula)."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    reach = radius_m / EARTH_RADIUS_M
    ring = []
    for step in range(CIRCLE_POINTS):
        # Bearings run clockwise from north; stepping them backwards makes
        # the ring counter-clockwise.
        bearing = -2 * math.pi * step / CIRCLE_POINTS
        lat2 = math.asin(
            math.sin(lat1) * math.cos(reach)
            + math.cos(lat1) * math.sin(reach) * math.cos(bearing)
        )
        lon2 = lon1 + math.atan2(
            math.sin(bearing) * math.sin(reach) * math.cos(lat1),
            math.cos(reach) - math.sin(lat1) * math.sin(lat2),
        )
        ring.append([round(math.degrees(lon2), 7), round(math.degrees(lat2), 7)])
    return [*ring, ring[0]]


def distance_m(a: Position, b: Position) -> float:
    """The haversine distance between two positions."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a[:2], *b[:2]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def ring_area_m2(ring: Ring) -> float:
    """The signed area of a ring on the sphere: positive counter-clockwise
    (Chamberlain & Duquette, "Some algorithms for polygons on a sphere",
    JPL 2007, the formula of mapbox/geojson-area)."""
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in pairwise(p[:2] for p in ring):
        total += math.radians(lon2 - lon1) * (
            2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))
        )
    # The sum runs negative for a counter-clockwise ring.
    return -total * EARTH_RADIUS_M**2 / 2


def polygon_area_m2(geometry: dict[str, Any]) -> float:
    """A Polygon's size: its exterior less its holes."""
    rings = geometry["coordinates"]
    return abs(ring_area_m2(rings[0])) - sum(abs(ring_area_m2(r)) for r in rings[1:])


def counter_clockwise(ring: Ring) -> Ring:
    return ring if ring_area_m2(ring) >= 0 else ring[::-1]


def ring_around(centre: Position, radius_m: float, inner: dict | None) -> dict:
    """A circle around ``centre``; with ``inner`` (the target's polygon) lying
    wholly inside it, a ring: the circle with the target cut out, so the
    buffer does not count the target twice."""
    outer = circle(centre[1], centre[0], radius_m)
    rings = [outer]
    if inner is not None:
        hole = inner["coordinates"][0]
        if all(distance_m(centre, p) < radius_m for p in hole):
            rings.append(counter_clockwise(hole)[::-1])
    return {"type": "Polygon", "coordinates": rings}


def drawn_polygon(value: Any) -> dict:
    """A polygon drawn on the map, checked: one ring of at least three
    distinct positions in range, closed and counter-clockwise."""
    if not isinstance(value, dict) or value.get("type") != "Polygon":
        raise BadGeometry("Draw a polygon on the map (three points or more).")
    rings = value.get("coordinates")
    if not isinstance(rings, list) or len(rings) != 1 or not isinstance(rings[0], list):
        raise BadGeometry("Draw one polygon, without holes.")
    ring = [_position(p) for p in rings[0]]
    if ring and ring[0] == ring[-1]:
        ring = ring[:-1]
    if len({tuple(p) for p in ring}) < 3:
        raise BadGeometry("A polygon needs three points or more.")
    if len(ring) > MAX_VERTICES:
        raise BadGeometry(f"A polygon may have at most {MAX_VERTICES} points.")
    closed = counter_clockwise([*ring, ring[0]])
    polygon = {"type": "Polygon", "coordinates": [closed]}
    if abs(_planar_area_m2(closed)) < 1:
        raise BadGeometry("The polygon has no area: its points lie on a line.")
    return polygon


def _planar_area_m2(ring: Ring) -> float:
    """The shoelace area on a local flat projection: zero for points on one
    line, where the spherical sum (whose edges are not straight on the
    plate carrée) is not."""
    scale = math.cos(math.radians(ring[0][1])) * math.radians(1) * EARTH_RADIUS_M
    metres = math.radians(1) * EARTH_RADIUS_M
    points = [(lon * scale, lat * metres) for lon, lat in ring]
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(points)) / 2


def _position(value: Any) -> Position:
    if (
        not isinstance(value, list)
        or len(value) < 2
        or not all(isinstance(v, int | float) and math.isfinite(v) for v in value[:2])
    ):
        raise BadGeometry("The polygon's points are not longitude, latitude pairs.")
    lon, lat = float(value[0]), float(value[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise BadGeometry("A point of the polygon lies off the map.")
    return [round(lon, 7), round(lat, 7)]


def acres(square_metres: float) -> float:
    return square_metres / SQUARE_METRES_PER_ACRE
