"""Several writers at once: no "database is locked", no lost update.

Threads here play the part of gunicorn workers; each request runs in its own
app context and so its own database connection.
"""

import re
import threading
from collections import Counter

from caseboard.extensions import db
from caseboard.models import Membership, Person

WRITERS = 8
WRITES_EACH = 12


def run_writers(app, user, work):
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    session_id = user.get_id()  # read here: the threads have no app context
    # Outside a request the test's own reads begin IMMEDIATE on SQLite; end that
    # transaction so the writers are not queued behind the test itself.
    db.session.rollback()

    def writer(index: int) -> None:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = session_id
        for n in range(WRITES_EACH):
            try:
                result = work(client, index, n)
            except Exception as error:
                result = f"exception: {error}"
            with lock:
                outcomes[result] += 1

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_writers_never_see_database_is_locked(
    app, db, make_user, make_person
):
    admin = make_user(role="admin")
    person = make_person()
    organization_id = person.memberships[0].organization_id
    person_id = person.id

    def add_position(client, index, n):
        response = client.post(
            f"/people/{person_id}/memberships",
            data={"organization_id": organization_id, "title": f"w{index}-{n}"},
        )
        return str(response.status_code)

    outcomes = run_writers(app, admin, add_position)
    assert outcomes == Counter({"302": WRITERS * WRITES_EACH})
    db.session.expire_all()
    added = db.session.scalar(
        db.select(db.func.count(Membership.id)).where(Membership.person_id == person.id)
    )
    assert added == 1 + WRITERS * WRITES_EACH


def test_concurrent_edits_of_one_record_lose_nothing(app, db, make_user, make_person):
    admin = make_user(role="admin")
    person = make_person(full_name="Shared Record")
    person_id = person.id
    accepted_notes: list[str] = []
    guard = threading.Lock()

    def edit_notes(client, index, n):
        form = client.get(f"/people/{person_id}/edit").text
        version = re.search(r'name="version" type="hidden" value="(\d+)"', form)
        version = version or re.search(
            r'id="version" name="version"[^>]*value="(\d+)"', form
        )
        note = f"writer {index} edit {n}"
        response = client.post(
            f"/people/{person_id}/edit",
            data={
                "full_name": "Shared Record",
                "notes": note,
                "version": version.group(1),
            },
        )
        if response.status_code == 302:
            with guard:
                accepted_notes.append(note)
            return "saved"
        assert "Changed by someone else while you edited" in response.text
        return "conflict"

    outcomes = run_writers(app, admin, edit_notes)
    assert set(outcomes) <= {"saved", "conflict"}, outcomes
    assert outcomes["saved"] >= 1
    db.session.expire_all()
    saved = db.session.get(Person, person.id)
    # Every accepted save moved the version by one: none was overwritten unseen.
    assert saved.version - 1 == outcomes["saved"]
    assert saved.notes == accepted_notes[-1]
