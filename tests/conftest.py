"""Fixtures: an app on a migrated database (SQLite, or PostgreSQL when
CASEBOARD_TEST_DATABASE_URL is set), a client, factories, sign-in without the form."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from caseboard import create_app
from caseboard.config import TestConfig, normalize_database_url
from caseboard.extensions import db as _db
from caseboard.jobs import jobs_of
from caseboard.models import Base, User
from caseboard.network.snapshots import memory as network_cache
from caseboard.services import coalitions as coalition_service

pytest_plugins = ["tests.factories"]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def fresh_database(tmp_dir: Path) -> Iterator[str]:
    """A new, empty database for one test session: its own PostgreSQL database
    when CASEBOARD_TEST_DATABASE_URL names a server, else a SQLite file."""
    server_url = os.environ.get("CASEBOARD_TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_dir / f'test-{uuid.uuid4().hex[:8]}.db'}"
        return
    server = sa.make_url(normalize_database_url(server_url))
    name = f"caseboard_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def build_app(database_url: str, instance_path: Path) -> Flask:
    os.environ["CASEBOARD_INSTANCE_PATH"] = str(instance_path)
    app = create_app(TestConfig(database_url))
    app.test_client_class = Client
    with app.app_context():
        upgrade()  # the schema comes from the migrations, as in production
    return app


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("caseboard")
    with fresh_database(folder) as url:
        app = build_app(url, folder)
        yield app
        with app.app_context():
            _db.engine.dispose()


def empty_all_tables() -> None:
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        _db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(Base.metadata.sorted_tables):
            _db.session.execute(table.delete())
    _db.session.commit()


@pytest.fixture
def empty_database(db):  # type: ignore[no-untyped-def]
    """Call to start over with an empty database inside one test."""

    def empty() -> None:
        _db.session.rollback()
        empty_all_tables()
        _db.session.expunge_all()

    return empty


@pytest.fixture
def db(app: Flask) -> Iterator[object]:
    with app.app_context():
        yield _db
        _db.session.rollback()
        empty_all_tables()
        _db.session.remove()
        network_cache.clear()
        jobs_of(app).huey.flush()  # no job or pending marker outlives its test


class Client(FlaskClient):
    """A test client whose requests each find their own signed-in user.

    Tests hold an app context (to use the factories and the session), and Flask
    reuses a pushed app context for requests, so Flask-Login's per-context
    cache of the current user would leak from one request, or one client, to
    the next. Production pushes a fresh context per request; this mimics it.
    """

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if has_app_context():
            g.pop("_login_user", None)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask, db: object) -> FlaskClient:
    return app.test_client()


def sign_in(client: FlaskClient, user: User) -> FlaskClient:
    """Sign in without the form (the login tests use the form)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


@pytest.fixture
def count_queries(app: Flask):  # type: ignore[no-untyped-def]
    """``with count_queries() as counted: ...`` then ``counted.n``."""

    class Counter:
        n = 0
        statements: list[str] = []

    @contextmanager
    def counting() -> Iterator[Counter]:
        counter = Counter()
        counter.statements = []

        def on_execute(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
            if not statement.lstrip().upper().startswith(("BEGIN", "PRAGMA")):
                counter.n += 1
                counter.statements.append(statement)

        sa.event.listen(_db.engine, "before_cursor_execute", on_execute)
        try:
            yield counter
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", on_execute)

    return counting


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Move the clock of sessions, lockouts and one-time codes without
    sleeping: ``clock.advance(minutes=31)``."""
    from datetime import UTC, datetime, timedelta

    class Clock:
        offset = timedelta(0)

        def now(self) -> datetime:
            return datetime.now(UTC) + self.offset

        def advance(self, **delta: float) -> None:
            self.offset += timedelta(**delta)

    moved = Clock()
    for module in ("auth", "services.auth", "services.account", "models.users"):
        monkeypatch.setattr(f"caseboard.{module}.utcnow", moved.now)
    return moved


@pytest.fixture
def two(db, make_organization, make_user, make_case, make_task, make_meeting):
    """Water Street's and the outreach coalition's cases, police in both."""
    from types import SimpleNamespace

    from tests.factories import make_overdue

    police = make_organization(name="County Police", kind="police")
    water = coalition_service.create_coalition(None, name="Water Street initiative")
    outreach = coalition_service.create_coalition(
        None, name="Homeless outreach coalition"
    )
    bar = make_organization(name="Blue Anchor Bar", kind="business")
    shelter = make_organization(name="Harbor Shelter")
    for coalition, organization in [
        (water, police),
        (water, bar),
        (outreach, police),
        (outreach, shelter),
    ]:
        coalition_service.add_organization(None, coalition, organization)
    db.session.commit()
    bar_user = make_user(organization=bar)
    officer = make_user(role="coordinator", organization=police)
    shelter_user = make_user(organization=shelter)
    bar_case = make_case(lead=bar, title="Assaults at closing time", coalition=water)
    camp_case = make_case(lead=shelter, title="Encampment by the river")
    assert camp_case.coalition == outreach  # the lead's coalition
    camp_task = make_overdue(make_task(case=camp_case, title="Clear the path"))
    bar_task = make_overdue(make_task(case=bar_case, title="Train door staff"))
    water_meeting = make_meeting(actor=officer, title="Water Street", coalition=water)
    outreach_meeting = make_meeting(
        actor=officer, title="Outreach partners", coalition=outreach
    )
    return SimpleNamespace(**locals())
