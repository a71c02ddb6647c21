"""GeoJSON of visit rounds: each stop a point coloured by its state
(overdue, due, or visited within its interval), and today's route a line
through the drawn stops in the order of the route sheet. A stop without a
position is left out (the page lists it and counts it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caseboard.maps.features import collection
from caseboard.queries.rounds import PlaceGroup, StopStatus

STATE_WORDS = {
    "overdue": "Overdue",
    "due": "Due",
    "ok": "Visited within interval",
}
ROUTE = ("route", "Today's route")
LEGEND = list(STATE_WORDS.items())


def stop_feature(status: StopStatus) -> dict[str, Any]:
    stop = status.stop
    since = "day" if status.days == 1 else "days"
    words = [f"{STATE_WORDS[status.state]}: {status.days} {since} since the last visit"]
    return {
        "type": "Feature",
        "id": f"stop-{stop.id}",
        "geometry": {"type": "Point", "coordinates": stop.position},
        "properties": {
            "kind": "stop",
            "name": stop.label,
            "address": stop.place,
            "round": stop.round.name,
            "state": status.state,
            "days_since_visit": status.days,
            "last_visit": status.last_visit.isoformat() if status.last_visit else None,
            "flagged": status.flagged,
            "flags": list(status.flags),
            "description": " · ".join(words + status.flags),
            "legend": status.state,
        },
    }


def drawn(statuses: Iterable[StopStatus]) -> list[StopStatus]:
    """The stops with a position (the others are listed, not drawn)."""
    return [s for s in statuses if s.stop.position is not None]


def route_feature(statuses: list[StopStatus]) -> dict[str, Any] | None:
    """The line through the drawn stops in route order (a stop sharing the
    last one's position adds nothing); None below two positions."""
    points: list[list[float]] = []
    for status in drawn(statuses):
        position = status.stop.position
        if position is not None and (not points or points[-1] != position):
            points.append(position)
    if len(points) < 2:
        return None
    return {
        "type": "Feature",
        "id": "route",
        "geometry": {"type": "LineString", "coordinates": points},
        "properties": {
            "kind": "route",
            "name": ROUTE[1],
            "stops": len(points),
            "legend": ROUTE[0],
        },
    }


def route_map(groups: list[PlaceGroup]) -> dict[str, Any]:
    """Today's due and overdue stops and the route through them."""
    ordered = [status for group in groups for status in group.statuses]
    route = route_feature(ordered)
    features = [route] if route else []
    features += [stop_feature(status) for status in drawn(ordered)]
    return collection(features, "Today's round")


def round_map(name: str, statuses: list[StopStatus]) -> dict[str, Any]:
    """A round's stops by state."""
    return collection(
        [stop_feature(status) for status in drawn(statuses)], f"Round: {name}"
    )
