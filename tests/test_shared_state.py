"""What several app hosts share: each "host" here is its own Python process
(``tests/host.py``) with its own instance folder and memory, on the suite's
database. A count, a session or a queued job that lived in one process would
be missed by the next one, and these tests would fail.

The Redis cases run when ``CASEBOARD_TEST_REDIS_URL`` names a server (``.ci/run``
sets it to the local Redis); the SQLite job file needs nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from caseboard.extensions import db
from caseboard.models import NetworkSnapshot, SiteRole
from tests.factories import PASSWORD

REDIS_URL = os.environ.get("CASEBOARD_TEST_REDIS_URL")
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="set CASEBOARD_TEST_REDIS_URL to a Redis server"
)


@pytest.fixture
def host(app, db, tmp_path):
    """Run one action on a fresh host process; the environment says which
    shared services the hosts use (``shared=``)."""
    prefix = f"caseboard-test-{uuid.uuid4().hex[:8]}"
    url = app.config["SQLALCHEMY_DATABASE_URI"]

    def run(action: str, *args: str, shared: str = "redis") -> dict:
        env = {**os.environ, "CASEBOARD_TEST_PREFIX": prefix}
        env.pop("CASEBOARD_TEST_REDIS_URL", None)
        if shared == "redis":
            env["CASEBOARD_TEST_REDIS_URL"] = REDIS_URL or ""
        elif shared == "sqlite-file":
            env["CASEBOARD_TEST_JOBS_FILE"] = str(tmp_path / "jobs.db")
        db.session.commit()  # the other process must see what the test wrote
        done = subprocess.run(
            [sys.executable, "-m", "tests.host", url, action, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    return run


def wrong_guesses_then_the_right_password(host, email, shared):
    address = "198.51.100.21"
    for _ in range(3):
        assert host("sign-in", email, "wrong", address, shared=shared)["status"] == 200
    return host("sign-in", email, PASSWORD, address, shared=shared)["status"]


@needs_redis
def test_a_second_host_refuses_sign_ins_the_first_host_counted(host, make_user):
    user = make_user()
    assert wrong_guesses_then_the_right_password(host, user.email, "redis") == 429


def test_without_redis_each_host_counts_alone(host, make_user):
    # The control for the test above: with counts in each process's memory the
    # fourth attempt, on a new host, is not refused. (Lockout, kept in the
    # database, is not reached at three failures.)
    user = make_user()
    assert wrong_guesses_then_the_right_password(host, user.email, "memory") == 302


@pytest.mark.parametrize("shared", [pytest.param("redis", marks=needs_redis), "memory"])
def test_signing_out_on_one_host_ends_the_session_on_the_other(host, make_user, shared):
    user = make_user()
    signed = host("sign-in", user.email, PASSWORD, "198.51.100.22", shared=shared)
    assert signed["status"] == 302 and signed["cookie"]
    assert host("visit", "/", signed["cookie"], shared=shared)["status"] == 200
    assert host("sign-out", signed["cookie"], shared=shared)["status"] == 302
    after = host("visit", "/", signed["cookie"], shared=shared)
    assert after["status"] == 302 and "/login" in after["location"]


@pytest.mark.parametrize(
    "shared", [pytest.param("redis", marks=needs_redis), "sqlite-file"]
)
def test_two_hosts_asking_for_the_same_network_queue_one_job(host, make_user, shared):
    lead = make_user(role=SiteRole.ADMIN)
    cookie = host("sign-in", lead.email, PASSWORD, "198.51.100.23", shared=shared)[
        "cookie"
    ]
    for _ in range(2):  # two hosts, one after the other
        asked = host("ask-for-network", cookie, shared=shared)
        assert asked == {"status": 200, "queued": True}
    assert host("run-jobs", shared=shared) == {"ran": 1}
    assert host("run-jobs", shared=shared) == {"ran": 0}
    db.session.expire_all()
    assert db.session.query(NetworkSnapshot).count() == 1
