"""Schemathesis against the live API, as CI runs it (``.ci/run``).

Starts the app on a free 127.0.0.1 port over a database loaded with the demo
coalition, makes a read token and a write token with ``caseboard token
create``, runs schemathesis over every operation of /api/v1/openapi.json with
each token (all checks: no server error, responses that match the schema,
no undocumented status code...; then the stateful phase along the
document's links),
then stops the server by its PID. Exit status: schemathesis's.

    .venv/bin/python scripts/api_contract.py              # SQLite in a temp dir
    .venv/bin/python scripts/api_contract.py --database-url postgresql+psycopg://...
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
READER = "rosa.delgado@example.org"  # read-only member: a read token
WRITER = "elena.ruiz@example.org"  # coordinator: a write token


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def caseboard(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "caseboard"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the app did not answer at {url}")


def schemathesis(spec: str, secret: str, options: argparse.Namespace) -> list[str]:
    return [
        str(BIN / "schemathesis"), "run", spec,
        "--header", f"Authorization: Bearer {secret}",
        "--checks", "all",
        # Every phase, the stateful one last: it follows the document's links
        # (createTask → getTask/updateTask/changeStatus/addComment, createCase
        # → getCase/moveStage/..., logContact → getContact), carrying the id
        # and the ETag an answer gave.
        "--phases", "examples,coverage,fuzzing,stateful",
        # Both assume the schema says everything: a due date in the past or
        # a stale If-Match is schema-valid yet refused (422, 412), and a
        # missing If-Match is 428 (RFC 6585), not 400.
        "--exclude-checks", "positive_data_acceptance,missing_required_header",
        "--max-examples", str(options.max_examples),
        "--workers", "1",
        # The assessment computes its statistics while the request waits:
        # seconds on a busy CI machine.
        "--request-timeout", "60",
        "--seed", "16",
        "--generation-allow-x00", "false",
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--max-examples", type=int, default=25)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "CASEBOARD_INSTANCE_PATH": folder,
            "CASEBOARD_DATABASE_URL": options.database_url
            or f"sqlite:///{folder}/caseboard.db",
            "CASEBOARD_RATELIMIT_API": "100000 per minute",
            "CASEBOARD_REQUIRE_MFA_FOR_ADMINS": "0",
        }
        caseboard(env, "db", "upgrade")
        caseboard(env, "demo", "--reset")
        tokens = {
            scope: caseboard(
                env, "token", "create", email, "--name", f"schemathesis {scope}",
                "--scope", scope, "--expires-days", "1",
            ).strip()
            for scope, email in (("read", READER), ("write", WRITER))
        }  # fmt: skip
        port = free_port()
        server = subprocess.Popen(
            [str(BIN / "caseboard"), "run", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            spec = f"http://127.0.0.1:{port}/api/v1/openapi.json"
            wait_for(spec)
            worst = 0
            for scope, secret in tokens.items():
                print(f"== schemathesis with a {scope} token", flush=True)
                worst = max(worst, subprocess.call(schemathesis(spec, secret, options)))
            return worst
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
