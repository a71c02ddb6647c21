"""Data points pushed through the API: the CSV import's checks, idempotence
and report, every point or none; the case's figures read back."""

from __future__ import annotations

from sqlalchemy import func, select

from caseboard.extensions import db
from caseboard.models import MeasurePoint
from tests.api_client import bearer, token_for

MONTH = [
    {"measure": "Assaults", "area": "target", "period": "2026-03", "value": 11},
    {"measure": "Assaults", "area": "control", "period": "2026-03", "value": 7},
]


def points() -> int:
    return db.session.scalar(select(func.count(MeasurePoint.id)))


def test_pushing_a_month_twice_writes_it_once(client, make_case, make_user):
    admin = make_user(role="admin")
    case = make_case()
    secret = token_for(admin)
    url = f"/api/v1/cases/{case.id}/data-points"
    dry = client.post(
        url, json={"points": MONTH, "dry_run": True}, headers=bearer(secret)
    )
    assert dry.status_code == 200 and dry.json["written"] == 0 and points() == 0
    first = client.post(url, json={"points": MONTH}, headers=bearer(secret))
    assert first.status_code == 200, first.json
    assert (first.json["written"], first.json["skipped"]) == (2, 0)
    again = client.post(url, json={"points": MONTH}, headers=bearer(secret))
    assert (again.json["written"], again.json["skipped"]) == (0, 2)
    assert points() == 2
    measures = client.get(f"/api/v1/cases/{case.id}/measures", headers=bearer(secret))
    assert sorted(p["value"] for p in measures.json[0]["points"]) == [7.0, 11.0]
    figures = client.get(f"/api/v1/cases/{case.id}/assessment", headers=bearer(secret))
    assert figures.status_code == 200
    assert figures.json["verdict"]["verdict"]


def test_one_bad_point_writes_none_and_says_which(client, make_case, make_user):
    admin = make_user(role="admin")
    case = make_case()
    bad = [
        *MONTH,
        {"measure": "Assaults", "area": "target", "period": "2026-13", "value": 1},
    ]
    answer = client.post(
        f"/api/v1/cases/{case.id}/data-points",
        json={"points": bad},
        headers=bearer(token_for(admin)),
    )
    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"
    rows = answer.json["report"]["rows"]
    assert [row["action"] for row in rows] == ["create", "create", "error"]
    assert points() == 0
