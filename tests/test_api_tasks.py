"""Tasks through the API as a client uses them: pages with Link headers,
ETag and If-Match, problem details, the same rules as the pages."""

from __future__ import annotations

from caseboard.extensions import db
from caseboard.models import Task
from tests.api_client import bearer, token_for


def test_a_status_change_needs_the_current_etag(client, make_task):
    task = make_task()
    secret = token_for(task.created_by)
    read = client.get(f"/api/v1/tasks/{task.id}", headers=bearer(secret))
    assert read.status_code == 200
    etag = read.headers["ETag"]
    url = f"/api/v1/tasks/{task.id}/status"
    body = {"status": "in_progress"}
    missing = client.patch(url, json=body, headers=bearer(secret))
    assert missing.status_code == 428, missing.json
    assert missing.mimetype == "application/problem+json"
    stale = client.patch(url, json=body, headers=bearer(secret, **{"If-Match": '"x"'}))
    assert stale.status_code == 412
    db.session.expire_all()
    assert db.session.get(Task, task.id).status == "open"
    done = client.patch(url, json=body, headers=bearer(secret, **{"If-Match": etag}))
    assert done.status_code == 200, done.json
    assert done.json["status"] == "in_progress"
    assert done.headers["ETag"] != etag
    again = client.patch(
        url, json={"status": "done"}, headers=bearer(secret, **{"If-Match": etag})
    )
    assert again.status_code == 412
    db.session.expire_all()
    assert db.session.get(Task, task.id).status == "in_progress"


def test_a_tasks_fields_are_edited_as_the_form_edits_them(
    client, make_task, make_person
):
    from datetime import date, timedelta

    from sqlalchemy import select

    from caseboard.models import AuditEvent

    task = make_task(title="Call the owner")
    secret = token_for(task.created_by)
    url = f"/api/v1/tasks/{task.id}"
    etag = client.get(url, headers=bearer(secret)).headers["ETag"]
    colleague = make_person(organization=task.case.lead_organization)
    stranger = make_person()
    soon = (date.today() + timedelta(days=3)).isoformat()

    def patch(body, tag=etag):
        return client.patch(url, json=body, headers=bearer(secret, **{"If-Match": tag}))

    refused = {
        "title": {"title": "   "},
        "due_on": {"due_on": (date.today() - timedelta(days=1)).isoformat()},
        "assignee_id": {"assignee_id": stranger.id},
    }
    for field, body in refused.items():
        answer = patch(body)
        assert answer.status_code == 422, (field, answer.json)
        # Named in the body's errors (the schema's) or as the service's field.
        errors = answer.json["errors"]
        assert field in errors.get("json", errors), answer.json
    far = patch({"due_on": (date.today() + timedelta(days=6 * 366)).isoformat()})
    assert far.status_code == 422 and "five years" in far.text
    assert patch({}).status_code == 422
    db.session.expire_all()
    assert db.session.get(Task, task.id).title == "Call the owner"  # nothing kept

    done = patch(
        {"title": "Call the owner again", "due_on": soon, "assignee_id": colleague.id}
    )
    assert done.status_code == 200, done.json
    assert done.json["title"] == "Call the owner again"
    assert done.json["due_on"] == soon
    assert done.json["assignee_id"] == colleague.id
    assert done.json["description"] == task.description  # not sent: kept
    assert done.headers["ETag"] != etag
    stale = patch({"title": "Lost update"})
    assert stale.status_code == 412
    event = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.object_id == task.id
        )
    ).one()
    assert event.changes["title"] == ["Call the owner", "Call the owner again"]
    assert event.changes["api_token"] == [None, "test write"]
    cleared = patch({"assignee_id": None, "due_on": None}, done.headers["ETag"])
    assert cleared.json["assignee_id"] is None and cleared.json["due_on"] is None
    reader = bearer(
        token_for(task.created_by, "read"), **{"If-Match": cleared.headers["ETag"]}
    )
    assert client.patch(url, json={"title": "x"}, headers=reader).status_code == 403
