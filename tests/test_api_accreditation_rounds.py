"""Accreditation and visit rounds through the API, as a coalition's
dashboard reads them: read by the coalition's people, unknown (404) to
another coalition's."""

from __future__ import annotations

from datetime import date, timedelta

from caseboard.extensions import db
from caseboard.services import accreditation as accreditation_service
from caseboard.services import rounds as rounds_service
from tests.accreditation_world import build_accreditation, make_business
from tests.api_client import bearer, token_for


def test_a_scheme_and_its_establishments_standing(client, two):
    bars = [make_business(two.water, name) for name in ("Blue Lantern", "The Quay")]
    scheme = build_accreditation(two.water, two.police, bars[0])
    signed = scheme.establishment
    accreditation_service.sign_off(None, signed, scheme.standard, note="Inspected")
    waiting = accreditation_service.enrol(None, scheme.scheme, bars[1])
    db.session.commit()
    token = bearer(token_for(two.bar_user, "read"))
    base = f"/api/v1/coalitions/{two.water.id}"

    read = client.get(f"{base}/accreditation", headers=token)
    assert read.status_code == 200, read.json
    assert [s["title"] for s in read.json["standards"]] == [
        "Fire code and occupancy",
        "Bystander intervention",
    ]
    listed = client.get(f"{base}/establishments", headers=token)
    assert listed.status_code == 200, listed.json
    status = {e["id"]: e["status"] for e in listed.json}
    assert status == {signed.id: "accredited", waiting.id: "not_started"}
    missing = {e["id"]: e["missing"] for e in listed.json}
    assert missing == {signed.id: [], waiting.id: [scheme.standard.id]}
    chosen = client.get(f"{base}/establishments?status=not_started", headers=token)
    assert [e["id"] for e in chosen.json] == [waiting.id]
    one = client.get(f"/api/v1/establishments/{signed.id}", headers=token).json
    standing = {s["standard_id"]: s["standing"] for s in one["standards"]}
    assert standing == {
        scheme.standard.id: "signed_off",
        scheme.optional.id: "not_started",
    }
    assert one["steps"][0]["status"] == "signed_off"
    assert (
        one["steps"][0]["expires_on"]
        == (date.today() + timedelta(days=365)).isoformat()
    )

    outsider = bearer(token_for(two.shelter_user, "read"))
    for url in (
        f"{base}/accreditation",
        f"{base}/establishments",
        f"/api/v1/establishments/{signed.id}",
    ):
        assert client.get(url, headers=outsider).status_code == 404, url
    none_yet = client.get(
        f"/api/v1/coalitions/{two.outreach.id}/accreditation", headers=outsider
    )
    assert none_yet.status_code == 404
    assert "no accreditation scheme" in none_yet.json["detail"]


def test_a_rounds_stops_say_when_they_are_due(client, two):
    round_ = rounds_service.create_round(
        None, two.water, name="Harbor bars", beat="B1", officer=two.officer
    )
    late = rounds_service.add_stop(
        None,
        round_,
        place="Pier 4",
        ideal_days=7,
        max_days=14,
        added_on=date.today() - timedelta(days=20),
    )
    fine = rounds_service.add_stop(
        None, round_, place="Dock gate", ideal_days=7, max_days=14
    )
    db.session.commit()
    token = bearer(token_for(two.bar_user, "read"))
    rounds = client.get("/api/v1/rounds", headers=token)
    assert rounds.status_code == 200, rounds.json
    assert [r["id"] for r in rounds.json] == [round_.id]
    stops = client.get(f"/api/v1/rounds/{round_.id}", headers=token).json["stops"]
    assert [(s["id"], s["state"], s["days"]) for s in stops] == [
        (late.id, "overdue", 20),  # most urgent first
        (fine.id, "ok", 0),
    ]
    rounds_service.log_visit(two.officer, late)
    db.session.commit()
    visits = client.get(f"/api/v1/rounds/stops/{late.id}/visits", headers=token)
    assert [(v["visited_on"], v["visited_by_id"]) for v in visits.json] == [
        (date.today().isoformat(), two.officer.id)
    ]
    again = client.get(f"/api/v1/rounds/{round_.id}", headers=token).json["stops"]
    assert {s["id"]: s["state"] for s in again}[late.id] == "ok"

    outsider = bearer(token_for(two.shelter_user, "read"))
    assert client.get("/api/v1/rounds", headers=outsider).json == []
    for url in (
        f"/api/v1/rounds/{round_.id}",
        f"/api/v1/rounds/stops/{late.id}/visits",
    ):
        assert client.get(url, headers=outsider).status_code == 404, url
