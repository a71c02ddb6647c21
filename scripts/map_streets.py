"""Generate the demo's Harbor City street layer from the demo places.

Harbor City is made up, so no street data exist for it: each street named in
a demo place's address becomes a line through that street's places (extended
past the last of them), so the map shows the streets the cases speak of with
no tile server and no network. The output is committed:

    python scripts/map_streets.py   # writes static/data/harbor-city-streets.geojson
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "caseboard" / "demo" / "data" / "cases"
OUT = ROOT / "static" / "data" / "harbor-city-streets.geojson"
STREET = re.compile(
    r"((?:[A-Z][a-z]+|\d+(?:st|nd|rd|th)) (?:[A-Z][a-z]+ )?"
    r"(?:Street|Avenue|Drive|Boulevard|Alley|Road|Greenway))\b"
)
EXTEND_M = 250.0  # past the first and last place on a street
METRES_PER_DEGREE = 111_320.0


def places() -> list[tuple[str, float, float]]:
    found = []
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text())
        found.extend(_places_in(data))
    return found


def _places_in(value: object) -> list[tuple[str, float, float]]:
    if isinstance(value, dict):
        here = []
        if "latitude" in value and "longitude" in value:
            text = f"{value.get('address', '')}, {value.get('name', '')}"
            here = [
                (street, value["latitude"], value["longitude"])
                for street in STREET.findall(text)
            ]
        return here + [p for v in value.values() for p in _places_in(v)]
    if isinstance(value, list):
        return [p for v in value for p in _places_in(v)]
    return []


def street_line(points: list[tuple[float, float]], name: str) -> list[list[float]]:
    """A straight line along the street's places, in [lon, lat] order."""
    lat0 = sum(p[0] for p in points) / len(points)
    lon0 = sum(p[1] for p in points) / len(points)
    scale = math.cos(math.radians(lat0))
    xy = [((lon - lon0) * scale, lat - lat0) for lat, lon in points]
    if len(points) > 1 and max(math.hypot(x, y) for x, y in xy) > 1e-6:
        # The principal direction of the places (a least-squares line).
        sxx = sum(x * x for x, _ in xy)
        syy = sum(y * y for _, y in xy)
        sxy = sum(x * y for x, y in xy)
        angle = 0.5 * math.atan2(2 * sxy, sxx - syy)
    else:
        # One place: streets run east-west, avenues and drives north-south.
        angle = 0.0 if name.endswith(("Street", "Alley", "Boulevard")) else math.pi / 2
    dx, dy = math.cos(angle), math.sin(angle)
    along = [x * dx + y * dy for x, y in xy]
    reach = EXTEND_M / METRES_PER_DEGREE
    ends = (min(along) - reach, max(along) + reach)
    return [[round(lon0 + t * dx / scale, 6), round(lat0 + t * dy, 6)] for t in ends]


def main() -> None:
    by_street: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for street, lat, lon in places():
        by_street[street].append((lat, lon))
    features = [
        {
            "type": "Feature",
            "properties": {"name": name, "kind": "street", "legend": "street"},
            "geometry": {"type": "LineString", "coordinates": street_line(pts, name)},
        }
        for name, pts in sorted(by_street.items())
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    collection = {"type": "FeatureCollection", "features": features}
    OUT.write_text(json.dumps(collection, indent=1) + "\n")
    print(f"{len(features)} streets -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
