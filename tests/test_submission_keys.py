"""A create form posted twice creates once (issue 12, finding 8).

Every create form carries a one-time ``submission_key``; a repeated post of
the key (a double click, a resent request, five at once) is sent where the
first went and creates nothing more, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import re
import threading
from collections import Counter

import pytest

from caseboard.extensions import db
from caseboard.models import Submission, Task
from tests.conftest import sign_in

KEY = re.compile(r'name="submission_key" value="([A-Za-z0-9_-]+)"')


def tasks_titled(title: str) -> int:
    db.session.expire_all()
    return db.session.scalar(  # type: ignore[no-any-return]
        db.select(db.func.count(Task.id)).where(Task.title == title)
    )


def action_form_key(client, meeting, item) -> str:
    page = client.get(f"/meetings/{meeting.id}/run").text
    start = page.index(f"/meetings/{meeting.id}/items/{item.id}/actions")
    match = KEY.search(page, start)
    assert match, "the action item form carries no submission key"
    return match.group(1)


def action(title: str, key: str | None) -> dict[str, str]:
    data = {"title": title, "assignee_id": "", "organization_id": "", "due_on": ""}
    if key is not None:
        data["submission_key"] = key
    return data


def test_five_identical_concurrent_posts_create_one_task(app, client, world):
    sign_in(client, world.admin)
    url = f"/meetings/{world.meeting.id}/items/{world.item.id}/actions"
    key = action_form_key(client, world.meeting, world.item)
    session_id = world.admin.get_id()
    db.session.rollback()  # the test's own transaction must not queue the writers
    answers: list[tuple[int, str | None]] = []
    guard = threading.Lock()
    start = threading.Barrier(5)

    def post() -> None:
        own = app.test_client()
        with own.session_transaction() as session:
            session["_user_id"] = session_id
        start.wait()
        response = own.post(url, data=action("Call the bar owner", key))
        with guard:
            answers.append((response.status_code, response.headers.get("Location")))

    threads = [threading.Thread(target=post) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert tasks_titled("Call the bar owner") == 1
    assert len(answers) == 5
    assert all(status in (302, 303) for status, _ in answers), answers
    # Every answer sends the user to the same place as the first.
    assert len({location for _, location in answers}) == 1, answers


def test_a_repeated_post_goes_where_the_first_went(client, world):
    sign_in(client, world.admin)
    url = f"/meetings/{world.meeting.id}/items/{world.item.id}/actions"
    key = action_form_key(client, world.meeting, world.item)
    first = client.post(url, data=action("Check the lighting", key))
    again = client.post(url, data=action("Check the lighting", key))
    assert first.status_code == 302
    assert again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert tasks_titled("Check the lighting") == 1
    page = client.get(again.headers["Location"]).text
    assert "That form was already sent; nothing was added twice." in page


def test_a_refused_post_does_not_use_up_its_key(client, world):
    sign_in(client, world.admin)
    url = f"/meetings/{world.meeting.id}/items/{world.item.id}/actions"
    key = action_form_key(client, world.meeting, world.item)
    client.post(url, data=action("", key))  # no title: refused, rolled back
    assert db.session.scalar(db.select(Submission).where(Submission.key == key)) is None
    client.post(url, data=action("Walk the block", key))
    assert tasks_titled("Walk the block") == 1


def test_posts_without_a_key_work_as_before(client, world):
    sign_in(client, world.admin)
    url = f"/meetings/{world.meeting.id}/items/{world.item.id}/actions"
    client.post(url, data=action("Two of these", None))
    client.post(url, data=action("Two of these", None))
    assert tasks_titled("Two of these") == 2


def test_someone_elses_key_does_not_send_you_to_their_record(client, world):
    sign_in(client, world.admin)
    url = f"/meetings/{world.meeting.id}/items/{world.item.id}/actions"
    key = action_form_key(client, world.meeting, world.item)
    client.post(url, data=action("Private follow-up", key))
    sign_in(client, world.coordinator)
    again = client.post(url, data=action("Private follow-up", key))
    assert again.status_code == 303 and again.headers["Location"] == "/"
    assert tasks_titled("Private follow-up") == 1


# Every create form renders a key -----------------------------------------------

# page -> the create endpoints whose forms it shows
CREATE_FORMS = {
    "/cases/new": ["/cases/new"],
    "/organizations/new": ["/organizations/new"],
    "/people/new": ["/people/new"],
    "/meetings/new": ["/meetings/new"],
    "/admin/users/new": ["/admin/users/new"],
    "/admin/problem-types": ["/admin/problem-types"],
}


def create_forms(world) -> dict[str, list[str]]:
    case, meeting, item = world.case.id, world.meeting.id, world.item.id
    person = world.colleague.id
    return {
        **CREATE_FORMS,
        f"/cases/{case}/tasks/new": [f"/cases/{case}/tasks/new"],
        f"/contacts/new?person={person}": ["/contacts/new"],
        f"/cases/{case}": [
            f"/cases/{case}/comments",
            f"/cases/{case}/responses",
            f"/cases/{case}/roles",
            f"/cases/{case}/places",
            f"/cases/{case}/notes",
        ],
        f"/tasks/{world.task.id}": [f"/tasks/{world.task.id}/comments"],
        # The board's inline comment form on each task card.
        f"/cases/{case}/board": [f"/tasks/{world.task.id}/comments"],
        f"/people/{person}": [
            f"/people/{person}/memberships",
            f"/people/{person}/notes",
            f"/people/{person}/ties",
        ],
        f"/meetings/{meeting}": [
            f"/meetings/{meeting}/items",
            f"/meetings/{meeting}/notes",
        ],
        f"/meetings/{meeting}/run": [
            f"/meetings/{meeting}/items",
            f"/meetings/{meeting}/items/{item}/decisions",
            f"/meetings/{meeting}/items/{item}/actions",
        ],
    }


FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
ACTION = re.compile(r'action="([^"]*)"')


PAGES = 14


def test_the_list_of_create_forms_is_whole(app, world):
    """Every POST route that creates something is on one of the pages."""
    creating = {"cases.new", "organizations.new", "people.new", "meetings.new"}
    creating |= {"admin.new_user", "admin.problem_types", "tasks.new"}
    creating |= {"contacts.new", "contacts.add_tie", "cases.comment", "tasks.comment"}
    creating |= {"cases.add_response", "cases.add_role", "cases.add_place"}
    creating |= {"notes.add_case", "notes.add_person", "notes.add_meeting"}
    creating |= {"people.add_membership_view", "meetings.add_item"}
    creating |= {"meetings.add_decision", "meetings.add_action"}
    adapter = app.url_map.bind("localhost")
    listed = {
        adapter.match(target, method="POST")[0]
        for targets in create_forms(world).values()
        for target in targets
    }
    assert listed == creating
    assert len(create_forms(world)) == PAGES


@pytest.mark.parametrize("index", range(PAGES))
def test_every_create_form_carries_a_submission_key(client, world, index):
    sign_in(client, world.admin)
    page_url, endpoints = sorted(create_forms(world).items())[index]
    response = client.get(page_url)
    assert response.status_code == 200, page_url
    forms = Counter()
    keys = []
    for form in FORM.findall(response.text):
        action_match = ACTION.search(form.split(">", 1)[0])
        target = action_match.group(1) if action_match else page_url.split("?")[0]
        target = target.split("?")[0]
        if target in endpoints:
            forms[target] += 1
            found = KEY.findall(form)
            assert found, f"{page_url}: the form posting to {target} has no key"
            keys += found
    assert set(forms) == set(endpoints), f"{page_url}: forms found {dict(forms)}"
    assert len(keys) == len(set(keys)), "each form gets its own key"


def test_keys_older_than_a_week_are_pruned(client, world, monkeypatch):
    from datetime import UTC, datetime, timedelta

    from caseboard import submissions

    old = Submission(
        key="o" * 32,
        user_id=world.admin.id,
        location="/",
        created_at=datetime.now(UTC) - timedelta(days=8),
    )
    recent = Submission(key="r" * 32, user_id=world.admin.id, location="/")
    db.session.add_all([old, recent])
    db.session.commit()
    monkeypatch.setattr(submissions, "PRUNE_EVERY", 1)
    sign_in(client, world.admin)
    url = f"/meetings/{world.meeting.id}/items/{world.item.id}/actions"
    key = action_form_key(client, world.meeting, world.item)
    client.post(url, data=action("Prune check", key))
    db.session.expire_all()
    keys = set(db.session.scalars(db.select(Submission.key)))
    assert keys == {"r" * 32, key}
