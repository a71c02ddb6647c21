"""One app host in its own process, for the tests of what several hosts share.

``python -m tests.host DATABASE_URL ACTION [ARG ...]`` builds the app the way
a production host would (its own instance folder, its own memory), with the
shared services named by ``CASEBOARD_TEST_REDIS_URL`` (rate limits and the job
queue) or, without it, the SQLite job file in ``CASEBOARD_TEST_JOBS_FILE``. It
does one thing through the test client and prints one JSON line: what the
tests in ``tests/test_shared_state.py`` compare across processes.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from typing import Any

from caseboard import create_app
from caseboard.config import TestConfig
from caseboard.jobs import jobs_of
from caseboard.network import snapshots


class HostConfig(TestConfig):
    def __init__(self, database_url: str) -> None:
        super().__init__(database_url)
        redis_url = os.environ.get("CASEBOARD_TEST_REDIS_URL")
        self.RATELIMIT_STORAGE_URI = redis_url or "memory://"
        self.RATELIMIT_KEY_PREFIX = os.environ["CASEBOARD_TEST_PREFIX"]
        self.RATELIMIT_SIGN_IN = "3 per minute"
        self.REDIS_URL = redis_url
        self.JOBS_FILE = os.environ.get("CASEBOARD_TEST_JOBS_FILE")
        self.JOBS_QUEUE_NAME = os.environ["CASEBOARD_TEST_PREFIX"]


def sign_in(client: Any, email: str, password: str, address: str) -> dict:
    response = client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    cookie = client.get_cookie("session")
    return {"status": response.status_code, "cookie": cookie and cookie.value}


def visit(client: Any, path: str, cookie: str) -> dict:
    client.set_cookie("session", cookie)
    response = client.get(path)
    return {"status": response.status_code, "location": response.location or ""}


def sign_out(client: Any, cookie: str) -> dict:
    client.set_cookie("session", cookie)
    return {"status": client.post("/logout").status_code}


def ask_for_network(client: Any, cookie: str) -> dict:
    # Every coalition counts as one too big to compute while the page waits.
    snapshots.LIVE_LIMIT = 0
    client.set_cookie("session", cookie)
    response = client.get("/network")
    return {"status": response.status_code, "queued": "queued" in response.text}


def run_jobs(app: Any) -> dict:
    return {"ran": jobs_of(app).run_pending()}


def main(database_url: str, action: str, *args: str) -> None:
    os.environ["CASEBOARD_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="host-")
    app = create_app(HostConfig(database_url))
    client = app.test_client()
    with app.app_context():
        if action == "sign-in":
            result = sign_in(client, *args)
        elif action == "visit":
            result = visit(client, *args)
        elif action == "sign-out":
            result = sign_out(client, *args)
        elif action == "ask-for-network":
            result = ask_for_network(client, *args)
        elif action == "run-jobs":
            result = run_jobs(app)
        else:
            raise SystemExit(f"unknown action {action!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:])
