"""Cases through the API: pages with Link headers in a stable order, the
list's filters, a case with its history, and a stage moved with If-Match."""

from __future__ import annotations

import re

from caseboard.extensions import db
from caseboard.models import Case
from tests.api_client import bearer, token_for


def links(response) -> dict[str, str]:
    """RFC 8288 Link header: rel -> URL."""
    return {
        rel: url
        for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["Link"])
    }


def test_pages_follow_their_links_in_a_stable_order(client, make_case, make_user):
    admin = make_user(role="admin")
    made = [make_case(title=f"Case {n}") for n in range(5)]
    secret = token_for(admin, "read")
    seen, url = [], "/api/v1/cases?per_page=2"
    while url:
        page = client.get(url, headers=bearer(secret))
        assert page.status_code == 200
        assert page.headers["X-Total-Count"] == "5"
        seen += [case["id"] for case in page.json]
        url = links(page).get("next")
    assert seen == sorted(case.id for case in made)
    first = client.get("/api/v1/cases?per_page=2", headers=bearer(secret))
    assert "prev" not in links(first)
    assert "page=3" in links(first)["last"]


def test_the_list_filters_as_the_page_does(client, make_case, make_user):
    admin = make_user(role="admin")
    kept, other = make_case(title="Noise at the pier"), make_case(title="Litter")
    secret = token_for(admin, "read")
    found = client.get("/api/v1/cases?q=pier", headers=bearer(secret)).json
    assert [case["id"] for case in found] == [kept.id]
    assert other.id not in [case["id"] for case in found]
    refused = client.get("/api/v1/cases?stage=nowhere", headers=bearer(secret))
    assert refused.status_code == 422
    assert "stage" in refused.json["errors"]["query"]


def test_a_stage_move_needs_the_cases_etag_and_a_reason(client, make_case, make_user):
    admin = make_user(role="admin")
    case = make_case()
    secret = token_for(admin)
    read = client.get(f"/api/v1/cases/{case.id}", headers=bearer(secret))
    assert read.json["stage"] == "scanning"
    assert read.json["stage_changes"][0]["moved_at"].endswith("+00:00")
    url, body = f"/api/v1/cases/{case.id}/stage", {"to_stage": "analysis"}
    etag = {"If-Match": read.headers["ETag"]}
    assert (
        client.post(url, json=body, headers=bearer(secret, **etag)).status_code == 422
    )
    body["reason"] = "Calls for service are in"
    assert client.post(url, json=body, headers=bearer(secret)).status_code == 428
    moved = client.post(url, json=body, headers=bearer(secret, **etag))
    assert moved.status_code == 201, moved.json
    assert moved.json["reason"] == "Calls for service are in"
    stale = client.post(
        url, json={**body, "to_stage": "response"}, headers=bearer(secret, **etag)
    )
    assert stale.status_code == 412
    db.session.expire_all()
    assert db.session.get(Case, case.id).stage == "analysis"


def test_a_meeting_leaves_out_agenda_items_about_hidden_cases(
    client, make_case, make_meeting, make_user, make_organization
):
    from caseboard.services import agenda

    lead = make_organization()
    insider = make_user(organization=lead)
    outsider = make_user(organization=make_organization())
    open_case = make_case(lead=lead)
    closed_case = make_case(lead=lead, visibility="participants")
    meeting = make_meeting()
    for case in (open_case, closed_case):
        agenda.add_agenda_item(None, meeting, title=f"About {case.title}", case=case)
    db.session.commit()
    seen = client.get(
        f"/api/v1/meetings/{meeting.id}", headers=bearer(token_for(outsider, "read"))
    )
    assert seen.status_code == 200, seen.json
    assert [item["case_id"] for item in seen.json["agenda"]] == [open_case.id]
    assert seen.json["hidden_items"] == 1
    assert closed_case.title not in seen.get_data(as_text=True)
    assert seen.json["starts_at"].endswith("+00:00")
    whole = client.get(
        f"/api/v1/meetings/{meeting.id}", headers=bearer(token_for(insider, "read"))
    )
    assert len(whole.json["agenda"]) == 2
