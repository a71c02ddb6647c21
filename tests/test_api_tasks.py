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
