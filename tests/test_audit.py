"""The audit trail: one complete event per change, append-only, chained by hash
so tampering shows, browsable by administrators and per case and person."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from caseboard.extensions import db as _db
from caseboard.keys import audit_key
from caseboard.models import AuditEvent, CaseVisibility
from caseboard.models.audit import (
    GENESIS,
    HASHED_FIELDS,
    AuditImmutableError,
    event_hash,
)
from caseboard.sara import ALL_KEYS
from caseboard.services import (
    agenda,
    cases,
    contacts,
    imports,
    meetings,
    organizations,
    people,
    problem_types,
    tasks,
    users,
)
from caseboard.services.audit import record
from caseboard.services.audit_chain import verify_trail
from tests.conftest import sign_in

# The revision before the hash chain, to upgrade a trail that has events.
BEFORE_CHAIN = "b6e1f3a9c2d4"
PASSPHRASE = "another long passphrase"


def events() -> list[AuditEvent]:
    return list(_db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))


def last_id() -> int:
    return _db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0


def write_events(n: int, label: str = "Event") -> None:
    for i in range(n):
        record(None, "test", None, {"n": [i, i + 1]}, f"{label} {i}", object_type="t")
    _db.session.commit()


@contextmanager
def triggers_lifted() -> Iterator[None]:
    """What someone with the database's keys could do: switch the guard off."""
    connection = _db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"
        )
        yield
        connection.exec_driver_sql(
            "ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only"
        )
    else:
        saved = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'audit_events'"
        ).all()
        for name, _sql in saved:
            connection.exec_driver_sql(f"DROP TRIGGER {name}")
        yield
        for _name, sql in saved:
            connection.exec_driver_sql(sql)
    _db.session.commit()


# One complete event per change ------------------------------------------------


@pytest.fixture
def world(db, make_user, make_organization, make_person, make_case, make_task):
    """An administrator acting on a small coalition."""
    actor = make_user(role="admin")
    return SimpleNamespace(
        actor=actor,
        make_organization=make_organization,
        make_person=make_person,
        make_user=make_user,
        make_case=make_case,
        make_task=make_task,
    )


# name -> (expected action, object type, setup returning the change to make)
CHANGES: dict[str, tuple[str, str, Callable[[SimpleNamespace], Callable[[], Any]]]]
CHANGES = {}


def change(name: str, action: str, object_type: str):  # type: ignore[no-untyped-def]
    def register(setup):  # type: ignore[no-untyped-def]
        CHANGES[name] = (action, object_type, setup)
        return setup

    return register


@change("create organization", "create", "organizations")
def _(w):  # type: ignore[no-untyped-def]
    return lambda: organizations.create_organization(w.actor, name="New Org")


@change("update organization", "update", "organizations")
def _(w):  # type: ignore[no-untyped-def]
    o = w.make_organization()
    return lambda: organizations.update_organization(
        w.actor, o, expected_version=o.version, description="Now open late"
    )


@change("create person", "create", "people")
def _(w):  # type: ignore[no-untyped-def]
    return lambda: people.create_person(w.actor, full_name="Ada Brook")


@change("update person", "update", "people")
def _(w):  # type: ignore[no-untyped-def]
    p = w.make_person()
    return lambda: people.update_person(
        w.actor, p, expected_version=p.version, phone="555-0100"
    )


# A position opens the organization's restricted work: an access change.
@change("add membership", "access_change", "people")
def _(w):  # type: ignore[no-untyped-def]
    p, o = w.make_person(), w.make_organization()
    return lambda: people.add_membership(w.actor, p, o, title="Chair")


@change("end membership", "access_change", "people")
def _(w):  # type: ignore[no-untyped-def]
    p = w.make_person()
    return lambda: people.end_membership(w.actor, p.memberships[0], date.today())


@change("create user", "create", "users")
def _(w):  # type: ignore[no-untyped-def]
    p = w.make_person()
    return lambda: users.create_user(
        w.actor, email="new.user@example.org", password=PASSPHRASE, person=p
    )


def _edit_user(w, user, **changes):  # type: ignore[no-untyped-def]
    values = {"email": user.email, "site_role": user.site_role, "active": True}
    return lambda: users.update_user(
        w.actor, user, expected_version=user.version, **(values | changes)
    )


@change("change a site role", "update", "users")
def _(w):  # type: ignore[no-untyped-def]
    return _edit_user(w, w.make_user(), site_role="coordinator")


@change("reset a password", "reset_password", "users")
def _(w):  # type: ignore[no-untyped-def]
    return _edit_user(w, w.make_user(), new_password=PASSPHRASE)


@change("change a site role and reset the password", "update", "users")
def _(w):  # type: ignore[no-untyped-def]
    return _edit_user(w, w.make_user(), site_role="read_only", new_password=PASSPHRASE)


@change("add problem type", "create", "problem_types")
def _(w):  # type: ignore[no-untyped-def]
    return lambda: problem_types.add_problem_type(w.actor, "Graffiti")


@change("create case", "create", "cases")
def _(w):  # type: ignore[no-untyped-def]
    c = w.make_case()
    return lambda: cases.create_case(
        w.actor,
        title="Noise",
        problem_type=c.problem_type,
        lead_organization=c.lead_organization,
    )


@change("update case", "update", "cases")
def _(w):  # type: ignore[no-untyped-def]
    c = w.make_case()
    return lambda: cases.update_case(
        w.actor, c, expected_version=c.version, goals="Fewer assaults"
    )


@change("move stage", "move_stage", "cases")
def _(w):  # type: ignore[no-untyped-def]
    c = w.make_case()
    return lambda: cases.move_stage(
        w.actor, c, to_stage="analysis", reason="Scanned", expected_version=c.version
    )


@change("save SARA answers", "update", "cases")
def _(w):  # type: ignore[no-untyped-def]
    c = w.make_case()
    answers = {sorted(ALL_KEYS)[0]: "An answer"}
    return lambda: cases.save_sara_answers(
        w.actor, c, expected_version=c.version, answers=answers
    )


@change("add role", "add_role", "cases")
def _(w):  # type: ignore[no-untyped-def]
    c, o = w.make_case(), w.make_organization()
    return lambda: cases.add_role(w.actor, c, role="partner", organization=o)


@change("end role", "end_role", "cases")
def _(w):  # type: ignore[no-untyped-def]
    c = w.make_case()
    role = cases.add_role(
        w.actor, c, role="partner", organization=w.make_organization()
    )
    return lambda: cases.end_role(w.actor, role)


@change("add place", "add_place", "cases")
def _(w):  # type: ignore[no-untyped-def]
    c = w.make_case()
    return lambda: cases.add_place(w.actor, c, name="Pier 4")


@change("add response", "add_response", "cases")
def _(w):  # type: ignore[no-untyped-def]
    c = w.make_case()
    return lambda: cases.add_response(
        w.actor, c, description="Taxi rank", partner_organization=None
    )


@change("change response status", "update_response", "cases")
def _(w):  # type: ignore[no-untyped-def]
    r = cases.add_response(
        w.actor, w.make_case(), description="Lighting", partner_organization=None
    )
    return lambda: cases.set_response_status(w.actor, r, "in_progress")


@change("comment on a case", "add_comment", "cases")
def _(w):  # type: ignore[no-untyped-def]
    c = w.make_case()
    return lambda: cases.add_comment(w.actor, c, "Looks better")


@change("create task", "create", "tasks")
def _(w):  # type: ignore[no-untyped-def]
    c = w.make_case()
    return lambda: tasks.create_task(
        w.actor, c, title="Walk the beat", organization=c.lead_organization
    )


@change("update task", "update", "tasks")
def _(w):  # type: ignore[no-untyped-def]
    t = w.make_task(actor=w.actor)
    return lambda: tasks.update_task(
        w.actor,
        t,
        expected_version=t.version,
        assignee=None,
        organization=t.organization,
        response=None,
        description="Twice a night",
    )


@change("change task status", "update", "tasks")
def _(w):  # type: ignore[no-untyped-def]
    t = w.make_task(actor=w.actor)
    return lambda: tasks.change_status(
        w.actor, t, status="in_progress", expected_version=t.version
    )


def _meeting(w):  # type: ignore[no-untyped-def]
    """A meeting with two agenda items, and its first item."""
    m = meetings.schedule_meeting(
        w.actor, title="Partners", starts_at=datetime.now(UTC) + timedelta(days=3)
    )
    item = agenda.add_agenda_item(w.actor, m, title="Item one")
    agenda.add_agenda_item(w.actor, m, title="Item two")
    return m, item


@change("schedule meeting", "create", "meetings")
def _(w):  # type: ignore[no-untyped-def]
    starts_at = datetime.now(UTC) + timedelta(days=7)
    return lambda: meetings.schedule_meeting(
        w.actor, title="Monthly", starts_at=starts_at
    )


@change("update meeting", "update", "meetings")
def _(w):  # type: ignore[no-untyped-def]
    m, _item = _meeting(w)
    return lambda: meetings.update_meeting(
        w.actor, m, expected_version=m.version, location="Town hall"
    )


@change("add agenda item", "add_agenda_item", "meetings")
def _(w):  # type: ignore[no-untyped-def]
    m, _item = _meeting(w)
    return lambda: agenda.add_agenda_item(w.actor, m, title="Lights")


@change("agenda notes", "update_agenda_item", "meetings")
def _(w):  # type: ignore[no-untyped-def]
    _m, item = _meeting(w)
    return lambda: agenda.update_agenda_notes(
        w.actor, item, notes="Agreed", expected_version=item.version
    )


@change("agenda item status", "update_agenda_item", "meetings")
def _(w):  # type: ignore[no-untyped-def]
    _m, item = _meeting(w)
    return lambda: agenda.set_item_status(w.actor, item, "done")


@change("move agenda item", "move_agenda_item", "meetings")
def _(w):  # type: ignore[no-untyped-def]
    _m, item = _meeting(w)
    return lambda: agenda.move_agenda_item(w.actor, item, 1)


@change("remove agenda item", "remove_agenda_item", "meetings")
def _(w):  # type: ignore[no-untyped-def]
    _m, item = _meeting(w)
    return lambda: agenda.remove_agenda_item(w.actor, item)


@change("attendance", "record_attendance", "meetings")
def _(w):  # type: ignore[no-untyped-def]
    (m, _item), p = _meeting(w), w.make_person()
    return lambda: meetings.record_attendance(w.actor, m, p, status="present")


@change("decision", "add_decision", "meetings")
def _(w):  # type: ignore[no-untyped-def]
    _m, item = _meeting(w)
    return lambda: agenda.add_decision(w.actor, item, "Go ahead")


@change("publish minutes", "publish_minutes", "meetings")
def _(w):  # type: ignore[no-untyped-def]
    m, _item = _meeting(w)
    return lambda: meetings.publish_minutes(w.actor, m)


@change("log contact", "log_contact", "interactions")
def _(w):  # type: ignore[no-untyped-def]
    a, b = w.make_person(), w.make_person()
    return lambda: contacts.log_interaction(
        w.actor, occurred_on=date.today(), kind="call", people=[a, b]
    )


@change("declare tie", "declare_tie", "person_ties")
def _(w):  # type: ignore[no-untyped-def]
    a, b = w.make_person(), w.make_person()
    return lambda: contacts.declare_tie(w.actor, a, b, kind="works_with")


@pytest.mark.parametrize("name", list(CHANGES))
def test_every_change_writes_exactly_one_complete_event(world, name):
    action, object_type, setup = CHANGES[name]
    change = setup(world)
    _db.session.commit()
    before = last_id()
    change()
    _db.session.commit()
    new = [e for e in events() if e.id > before]
    assert len(new) == 1, [(e.action, e.object_type) for e in new]
    event = new[0]
    assert (event.action, event.object_type) == (action, object_type)
    assert event.actor_id == world.actor.id
    assert event.object_id is not None
    assert event.object_label and not event.object_label.startswith("<")
    assert event.occurred_at.tzinfo is not None
    assert abs(datetime.now(UTC) - event.occurred_at) < timedelta(minutes=1)
    if action != "create":
        assert event.changes, "an update says what changed"
    for before_after in event.changes.values():
        assert isinstance(before_after, list) and len(before_after) == 2
    assert "password" not in str(event.changes).replace("password_reset", "")
    assert event.hash == event_hash(
        {f: getattr(event, f) for f in HASHED_FIELDS}, event.prev_hash, audit_key()
    )
    assert verify_trail().ok


def test_a_request_records_its_id_and_address(client, make_user, make_person):
    admin = make_user(role="admin")
    person = make_person()
    sign_in(client, admin)
    response = client.post(
        f"/people/{person.id}/edit",
        data={"full_name": person.full_name, "phone": "555-0199", "version": 1},
        headers={"X-Request-ID": "req-audit-1"},
    )
    assert response.status_code == 302
    event = events()[-1]
    assert (event.action, event.object_id) == ("update", person.id)
    assert event.actor_id == admin.id
    assert event.changes["phone"] == [None, "555-0199"]
    assert event.request_id == "req-audit-1"
    assert event.ip == "127.0.0.1"


def test_secrets_never_reach_the_trail(db, make_person):
    person = make_person()
    record(
        None,
        "update",
        person,
        {
            "password": ["a", "b"],
            "password_hash": ["x", "y"],
            "reset_token": ["1", "2"],
            "totp_secret": ["3", "4"],
            "phone": ["", "555"],
        },
    )
    db.session.commit()
    assert events()[-1].changes == {"phone": ["", "555"]}


def test_an_import_is_recorded_once_besides_each_created_record(db, make_user):
    admin = make_user(role="admin")
    before = last_id()
    data = b"name,kind\nHarbor Bakery,business\nPier Chapel,faith\n"
    imports.apply("organizations", data, admin)
    db.session.commit()
    new = [e for e in events() if e.id > before]
    assert [(e.action, e.object_type) for e in new] == [
        ("create", "organizations"),
        ("create", "organizations"),
        ("import", "imports"),
    ]
    assert new[-1].changes["kind"] == [None, "organizations"]
    assert new[-1].changes["created"] == [None, 2]
    assert len(new[-1].changes["file_sha256"][1]) == 64


def test_a_network_export_is_recorded(client, make_user):
    admin = make_user(role="admin")
    sign_in(client, admin)
    before = last_id()
    response = client.get("/network/export.csv", query_string={"min": "0.2"})
    assert response.status_code == 200
    new = [e for e in events() if e.id > before]
    assert [(e.action, e.object_type, e.actor_id) for e in new] == [
        ("export", "network", admin.id)
    ]
    assert new[0].changes["format"] == [None, "csv"]
    assert new[0].changes["scope"] == [None, "min=0.2"]
    assert new[0].request_id and new[0].ip == "127.0.0.1"


# The chain --------------------------------------------------------------------


def test_the_chain_verifies_after_many_events(app, db, make_person):
    make_person()
    write_events(300)
    trail = events()
    assert trail[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in pairwise(trail))
    result = verify_trail()
    assert result.ok and result.verified == len(trail)
    assert result.last_hash == trail[-1].hash
    output = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert output.exit_code == 0, output.output
    assert f"{len(trail)} events verified" in output.output
    assert trail[-1].hash in output.output


def test_an_empty_trail_verifies(app, db):
    output = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert output.exit_code == 0
    assert "0 events verified" in output.output


def _tamper(sql: str, **params: Any) -> None:
    with triggers_lifted():
        _db.session.execute(sa.text(sql), params)


def _broken_at(app) -> tuple[int | None, str, Any]:  # type: ignore[no-untyped-def]
    result = verify_trail()
    output = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert output.exit_code == (0 if result.ok else 1)
    return result.bad_id, result.reason, output


def test_a_changed_field_is_caught_at_that_event(app, db):
    write_events(20)
    target = events()[7]
    _tamper(
        "UPDATE audit_events SET object_label = 'nothing to see' WHERE id = :id",
        id=target.id,
    )
    bad_id, reason, output = _broken_at(app)
    assert bad_id == target.id
    assert "hash does not match its contents" in reason
    assert f"Event {target.id} fails" in output.output
    assert "7 events verified before the break" in output.output


def test_an_edited_hash_is_caught_at_that_event(app, db):
    write_events(10)
    target = events()[4]
    _tamper(
        "UPDATE audit_events SET hash = :h WHERE id = :id", h="f" * 64, id=target.id
    )
    assert _broken_at(app)[0] == target.id


def test_a_rewritten_event_with_a_fresh_hash_breaks_the_next_link(app, db):
    write_events(10)
    trail = events()
    target, following = trail[4], trail[5]
    fields = {f: getattr(target, f) for f in HASHED_FIELDS}
    fields["object_label"] = "rewritten"
    _tamper(  # by someone holding the audit key: only the next link shows it
        "UPDATE audit_events SET object_label = 'rewritten', hash = :h WHERE id = :id",
        h=event_hash(fields, target.prev_hash, audit_key()),
        id=target.id,
    )
    bad_id, reason, _ = _broken_at(app)
    assert bad_id == following.id
    assert f"does not follow event {target.id}" in reason


def test_a_removed_event_breaks_the_chain(app, db):
    write_events(10)
    trail = events()
    _tamper("DELETE FROM audit_events WHERE id = :id", id=trail[3].id)
    assert _broken_at(app)[0] == trail[4].id
    _tamper("DELETE FROM audit_events WHERE id = :id", id=trail[0].id)
    bad_id, reason, _ = _broken_at(app)
    assert bad_id == trail[1].id and "does not start the chain" in reason


# Append-only ----------------------------------------------------------------------


def test_the_orm_refuses_to_change_or_delete_an_event(db):
    write_events(2)
    event = events()[0]
    event.object_label = "changed"
    with pytest.raises(AuditImmutableError, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()
    db.session.delete(events()[0])
    with pytest.raises(AuditImmutableError, match="cannot be deleted"):
        db.session.flush()
    db.session.rollback()
    for statement in (
        sa.update(AuditEvent).values(action="x"),
        sa.delete(AuditEvent).where(AuditEvent.id == event.id),
        sa.update(AuditEvent.__table__).values(action="x"),
    ):
        with pytest.raises(AuditImmutableError):
            db.session.execute(statement)
        db.session.rollback()
    assert [e.object_label for e in events()] == ["Event 0", "Event 1"]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_events SET action = 'x'",
        "UPDATE audit_events SET hash = 'x' WHERE id > 0",
        "DELETE FROM audit_events WHERE id > 0",
        "DELETE FROM audit_events",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(db, sql):
    write_events(2)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        db.session.execute(sa.text(sql))
    db.session.rollback()
    assert len(events()) == 2
    assert verify_trail().ok


def test_erasing_the_whole_trail_keeps_the_guard(db):
    """demo --reset and the test suite start over with an unfiltered delete."""
    write_events(3)
    db.session.execute(sa.delete(AuditEvent))
    db.session.commit()
    assert events() == []
    write_events(2)
    assert events()[0].prev_hash == GENESIS and verify_trail().ok
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        db.session.execute(sa.text("DELETE FROM audit_events"))
    db.session.rollback()


# Several writers at once ------------------------------------------------------


def test_concurrent_writers_keep_one_unbroken_chain(app, db):
    writers, each = 6, 15
    failures: list[str] = []
    db.session.commit()  # end the test's own transaction, so it queues no one

    def writer(index: int) -> None:
        with app.app_context():
            for n in range(each):
                try:
                    record(None, "test", None, {}, f"w{index}-{n}", object_type="t")
                    _db.session.commit()
                except Exception as error:  # counted and reported below
                    _db.session.rollback()
                    failures.append(repr(error))
            _db.session.remove()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    trail = events()
    assert len(trail) == writers * each
    assert len({e.prev_hash for e in trail}) == len(trail), "the chain forked"
    result = verify_trail()
    assert result.ok and result.verified == writers * each


# The migration ----------------------------------------------------------------


def test_upgrading_chains_the_events_already_there(app, db, make_person):
    person = make_person(full_name="Zoë Ångström")
    people.update_person(
        None, person, expected_version=person.version, notes="naïve “quotes”"
    )
    write_events(5)
    # The migration chains by the rule before keying: plain sha256.
    expected, previous = [], GENESIS
    for e in events():
        digest = event_hash({f: getattr(e, f) for f in HASHED_FIELDS}, previous)
        expected.append((e.id, previous, digest))
        previous = digest
    db.session.remove()
    try:
        downgrade(revision=BEFORE_CHAIN)
        with db.engine.connect() as connection:
            columns = {
                c["name"] for c in sa.inspect(connection).get_columns("audit_events")
            }
        assert "hash" not in columns
    finally:
        upgrade()
    # The migration's hashing and the model's agree, row for row.
    assert [(e.id, e.prev_hash, e.hash) for e in events()] == expected
    # Unkeyed events verify once an administrator adopts them: a keyed
    # checkpoint then names the last of them.
    assert verify_trail().only_unadopted
    adopted = app.test_cli_runner().invoke(
        args=["audit", "checkpoint", "--adopt-unkeyed"]
    )
    assert adopted.exit_code == 0, adopted.output
    assert verify_trail().ok
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        db.session.execute(sa.text("UPDATE audit_events SET action = 'x'"))
    db.session.rollback()


# Browsing ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "member", "read_only"])
def test_only_administrators_browse_the_trail(client, make_user, role):
    sign_in(client, make_user(role=role))
    assert client.get("/admin/audit").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/audit")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_filters_narrow_the_trail(client, db, make_user, make_person):
    admin = make_user(role="admin")
    other = make_user(role="coordinator")
    alpha = make_person(full_name="Alpha Quill")
    people.update_person(admin, alpha, expected_version=alpha.version, phone="1")
    beta = make_person(full_name="Beta Quill")
    people.update_person(other, beta, expected_version=beta.version, phone="2")
    db.session.commit()
    sign_in(client, admin)

    def shown(**args: Any) -> set[str]:
        page = client.get("/admin/audit", query_string=args)
        assert page.status_code == 200
        return {name for name in ("Alpha Quill", "Beta Quill") if name in page.text}

    assert shown() == {"Alpha Quill", "Beta Quill"}
    assert shown(actor=admin.id) == {"Alpha Quill"}
    assert shown(actor=other.id, action="update") == {"Beta Quill"}
    assert shown(actor="system", action="update") == set()
    assert shown(type="people", object=beta.id) == {"Beta Quill"}
    assert shown(type="organizations") == set()
    assert shown(q="alpha") == {"Alpha Quill"}
    today = date.today()
    assert shown(**{"from": today.isoformat(), "to": today.isoformat()}) == {
        "Alpha Quill",
        "Beta Quill",
    }
    assert shown(**{"from": (today + timedelta(days=2)).isoformat()}) == set()
    assert shown(to=(today - timedelta(days=2)).isoformat()) == set()
    # Nonsense is ignored, not an error.
    assert shown(actor="x", object="-1", **{"from": "soon"}) == {
        "Alpha Quill",
        "Beta Quill",
    }
    page = client.get("/admin/audit", query_string={"q": "Alpha"}).text
    assert "<del>—</del> → <ins>1</ins>" in page.replace("\n", "").replace("  ", "")


def test_the_trail_pages(client, db, make_user, app):
    admin = make_user(role="admin")
    write_events(app.config["PAGE_SIZE"] + 5, label="Paged")
    sign_in(client, admin)
    first = client.get("/admin/audit", query_string={"type": "t"}).text
    assert "Page 1 of 2" in first
    second = client.get("/admin/audit", query_string={"type": "t", "page": 2}).text
    assert "Paged 0" in second and "Paged 0" not in first


# History pages ----------------------------------------------------------------


def test_a_case_history_shows_the_case_and_its_tasks(
    client, make_user, make_case, make_task
):
    admin = make_user(role="admin")
    case = make_case(title="Closing time")
    cases.update_case(admin, case, expected_version=case.version, goals="Calm")
    task = make_task(case=case, actor=admin, title="Extra taxis")
    other = make_task(actor=admin, title="Elsewhere")
    _db.session.commit()
    sign_in(client, admin)
    page = client.get(f"/cases/{case.id}/history")
    assert page.status_code == 200
    assert "Calm" in page.text and "Extra taxis" in page.text
    assert other.title not in page.text
    assert task.title in page.text
    assert f"/cases/{case.id}/history" in client.get(f"/cases/{case.id}").text


def test_a_hidden_case_has_no_history_to_show(client, make_user, make_case):
    case = make_case(visibility=CaseVisibility.PARTICIPANTS)
    outsider = make_user(role="member")
    sign_in(client, outsider)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/cases/{case.id}/history").status_code == 404
    member = make_user(role="member", organization=case.lead_organization)
    sign_in(client, member)
    assert client.get(f"/cases/{case.id}/history").status_code == 200


def test_a_person_history_shows_their_record_only(client, make_user, make_person):
    admin = make_user(role="admin")
    person = make_person(full_name="Casey Record")
    account = make_user(person=person)  # its events are the account's, not here
    sign_in(client, admin)
    client.post(
        f"/people/{person.id}/edit",
        data={"full_name": person.full_name, "phone": "555-0777", "version": 1},
    )
    assert "127.0.0.1" in client.get("/admin/audit").text
    sign_in(client, make_user(role="read_only"))
    page = client.get(f"/people/{person.id}/history")
    assert page.status_code == 200
    # A stranger sees that the phone changed, not the number.
    assert "555-0777" not in page.text and "access change" in page.text
    assert "only their colleagues see the value" in page.text
    sign_in(client, admin)
    assert "555-0777" in client.get(f"/people/{person.id}/history").text
    assert "127.0.0.1" not in page.text  # addresses are for administrators
    assert account.email not in page.text
    assert client.get("/people/999999/history").status_code == 404
    assert f"/people/{person.id}/history" in client.get(f"/people/{person.id}").text


def test_the_admin_nav_links_to_the_trail(client, make_user):
    sign_in(client, make_user(role="admin"))
    assert "/admin/audit" in client.get("/admin/users").text
    sign_in(client, make_user(role="coordinator"))
    assert "/admin/audit" not in client.get("/cases").text
