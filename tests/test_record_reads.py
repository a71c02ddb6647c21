"""Reads of personal records are auditable (CASEBOARD_AUDIT_READS): who
opened which person's and case's pages, written after the response, shown
to administrators only."""

from __future__ import annotations

import pytest

from caseboard.config import audit_reads_default
from caseboard.extensions import db
from caseboard.models import RecordRead
from tests.conftest import sign_in


@pytest.fixture
def reads_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "AUDIT_READS", True)


def reads_of(object_type: str, object_id: int) -> list[RecordRead]:
    db.session.rollback()  # the rows were written on another connection
    return list(
        db.session.scalars(
            db.select(RecordRead)
            .where(
                RecordRead.object_type == object_type,
                RecordRead.object_id == object_id,
            )
            .order_by(RecordRead.id)
        )
    )


def opened(client, url: str) -> int:
    # Outside a request the test's own session writes (BEGIN IMMEDIATE on
    # SQLite); end it so the read, written on its own connection, can be.
    db.session.rollback()
    response = client.get(url)
    # In production the request's session ends before the body is sent; the
    # test's app context outlives the request, so end it here the same way.
    db.session.rollback()
    response.close()  # the read is written once the response is sent
    return response.status_code


def test_opening_a_person_or_case_page_is_recorded(client, world, reads_on):
    sign_in(client, world.member)
    assert opened(client, f"/people/{world.colleague.id}") == 200
    assert opened(client, f"/cases/{world.case.id}") == 200
    assert opened(client, f"/cases/{world.case.id}/history") == 200
    (person_read,) = reads_of("person", world.colleague.id)
    assert person_read.user_id == world.member.id
    assert person_read.path == f"/people/{world.colleague.id}"
    assert [r.path for r in reads_of("case", world.case.id)] == [
        f"/cases/{world.case.id}",
        f"/cases/{world.case.id}/history",
    ]


def test_a_missing_page_or_a_list_is_not_a_read(client, world, reads_on):
    sign_in(client, world.member)
    assert opened(client, "/people/999999") == 404
    assert reads_of("person", 999999) == []
    assert opened(client, "/people") == 200  # a list is not a record
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(RecordRead.id))) == 0


def test_nothing_is_recorded_when_the_option_is_off(app, client, world):
    assert not app.config["AUDIT_READS"]
    sign_in(client, world.member)
    assert opened(client, f"/people/{world.colleague.id}") == 200
    assert reads_of("person", world.colleague.id) == []


def test_administrators_see_who_opened_a_record_and_no_one_else(
    client, world, reads_on
):
    sign_in(client, world.member)
    opened(client, f"/people/{world.colleague.id}")
    opened(client, f"/cases/{world.case.id}")
    db.session.rollback()
    assert opened(client, f"/admin/reads?person={world.colleague.id}") == 403
    sign_in(client, world.admin)
    page = client.get(f"/admin/reads?person={world.colleague.id}").text
    assert world.member.person.full_name in page
    assert f"/people/{world.colleague.id}" in page
    case_page = client.get(f"/admin/reads?case={world.case.id}").text
    assert world.member.person.full_name in case_page
    history = client.get(f"/people/{world.colleague.id}/history").text
    assert f"/admin/reads?person={world.colleague.id}" in history
    sign_in(client, world.member)
    history = client.get(f"/cases/{world.case.id}/history").text
    assert "/admin/reads" not in history


def test_on_by_default_on_postgresql_off_on_sqlite(monkeypatch):
    monkeypatch.delenv("CASEBOARD_AUDIT_READS", raising=False)
    assert audit_reads_default("postgresql+psycopg://db/caseboard")
    assert not audit_reads_default("sqlite:////srv/caseboard.db")
    monkeypatch.setenv("CASEBOARD_AUDIT_READS", "1")
    assert audit_reads_default("sqlite:////srv/caseboard.db")
    monkeypatch.setenv("CASEBOARD_AUDIT_READS", "0")
    assert not audit_reads_default("postgresql+psycopg://db/caseboard")
