"""Two app hosts on one PostgreSQL, one Redis and one job worker, and one
host killed mid-run: ``python -m bench.reliability hosts --db postgresql``.

Each host is its own gunicorn (``--workers`` each) with its own instance
folder, so nothing one host keeps in memory or on its disk is seen by the
other. They share only what the README's "Several app hosts" names: the
database, Redis (sign-in rate limits and the job queue) and the secret key.
One ``caseboard worker`` runs the jobs.

Checks, in order (each must hold for PASS):

1. **rate limit shared**: sign-in attempts from one address, alternating
   between the hosts, are refused (429) from attempt ``limit + 1`` on — one
   count in Redis, not one per host (which would allow twice as many);
2. **lockout shared**: ``LOCKOUT_ATTEMPTS`` wrong passwords alternating
   between hosts lock the account on both (the right password is refused);
3. **sign-out shared**: a session opened on host A works on host B; signing
   out on B ends it on A;
4. **jobs queued once**: the same coalition view asked of both hosts leaves
   one job in the queue (the worker starts only then), which the worker runs;
5. **a host killed**: ``--clients`` clients add contacts and tasks through
   both hosts; host A (master and workers) gets SIGKILL halfway. Every
   acknowledged write is stored; host B answers every request after the kill
   without an error; only requests in flight on host A go unanswered.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import multiprocessing
import os
import re
import signal
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import sqlalchemy as sa

from bench import database, reliability_checks, scenario
from bench.reliability_clients import Job, Outcome, drive
from bench.server import SECRET_KEY, Server

SIGN_IN_LIMIT = 20  # per minute and address, for this mode's hosts
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
Figures = dict[str, Any]


class Visitor:
    """One browser on one host, from a chosen client address (the hosts
    trust one proxy, so ``X-Forwarded-For`` is the address they count)."""

    def __init__(self, port: int, address: str, cookie: str = "") -> None:
        self.port, self.address, self.cookie = port, address, cookie

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        headers = {"X-Forwarded-For": self.address, "User-Agent": "caseboard-hosts"}
        if self.cookie:
            headers["Cookie"] = f"session={self.cookie}"
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "session":
                self.cookie = rest.split(";", 1)[0]
        return response.status, response.headers.get("Location", ""), text

    def token(self, path: str) -> str:
        found = CSRF.search(self.request("GET", path)[2])
        return found.group(1) if found else ""

    def sign_in(self, email: str, password: str) -> tuple[int, str]:
        """The sign-in's status and where it sent the browser."""
        form = {"csrf_token": self.token("/login"), "email": email}
        status, location, _ = self.request(
            "POST", "/login", form | {"password": password}
        )
        return status, location


def _signed_in(answer: tuple[int, str]) -> bool:
    status, location = answer
    return status == 302 and "/login" not in location


def check_rate_limit(ports: list[int], address: str) -> Figures:
    """Wrong passwords for an unknown email from one address, alternating
    hosts: the attempt refused first, and by which host."""
    email = f"nobody-{uuid.uuid4().hex[:6]}@example.invalid"
    for attempt in range(1, 2 * SIGN_IN_LIMIT + 2):
        port = ports[attempt % 2]
        status, _ = Visitor(port, address).sign_in(email, "wrong password")
        if status == 429:
            return {"first_refused": attempt, "refused_by": "AB"[attempt % 2]}
    return {"first_refused": None}


def check_lockout(ports: list[int], address: str, email: str, attempts: int) -> Figures:
    for n in range(attempts):
        Visitor(ports[n % 2], address).sign_in(email, "wrong password")
    right = [
        _signed_in(Visitor(port, address).sign_in(email, database.PASSWORD))
        for port in ports
    ]
    return {"wrong_attempts": attempts, "signed_in_after": right}


def check_sign_out(ports: list[int], address: str, email: str) -> Figures:
    on_a = Visitor(ports[0], address)
    opened = _signed_in(on_a.sign_in(email, database.PASSWORD))
    on_b = Visitor(ports[1], address, on_a.cookie)
    works_on_b = on_b.request("GET", "/ping")[0] == 200
    token = on_b.token("/logout")
    on_b.request("POST", "/logout", {"csrf_token": token})
    after_on_a = on_a.request("GET", "/ping")[0]
    return {
        "opened_on_a": opened,
        "worked_on_b": works_on_b,
        "a_after_sign_out_on_b": after_on_a,
    }


def check_one_job(
    ports: list[int], address: str, email: str, redis_url: str
) -> Figures:
    """The coalition view on both hosts, then the queue's length."""
    from huey import RedisHuey

    visitor = Visitor(ports[0], address)
    visitor.sign_in(email, database.PASSWORD)
    statuses = []
    for port in ports:
        visitor.port = port
        statuses.append(visitor.request("GET", "/network")[0])
    queue = RedisHuey("caseboard", url=redis_url, results=False)
    return {"statuses": statuses, "queued": queue.pending_count()}


def _worker(url: str, cache: Path, environment: dict[str, str]) -> subprocess.Popen:
    folder = cache / "worker"
    folder.mkdir(parents=True, exist_ok=True)
    env = (
        os.environ
        | environment
        | {
            "CASEBOARD_DATABASE_URL": url,
            "CASEBOARD_INSTANCE_PATH": str(folder),
            "CASEBOARD_SECRET_KEY": SECRET_KEY,
        }
    )
    log = (folder / "worker.log").open("w")
    return subprocess.Popen(
        [*database.caseboard_command(), "worker"],
        cwd=database.REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _snapshot_done(url: str, timeout: float = 120) -> bool:
    """Whether the worker stored the coalition's result (with its rows)."""
    from caseboard.config import normalize_database_url

    engine = sa.create_engine(normalize_database_url(url), poolclass=sa.NullPool)
    deadline = time.time() + timeout
    query = sa.text(
        "SELECT count(*) FROM network_snapshots s JOIN network_person_metrics m "
        "ON m.snapshot_id = s.id WHERE s.status = 'done'"
    )
    try:
        while time.time() < deadline:
            with engine.connect() as connection:
                if connection.scalar(query):
                    return True
            time.sleep(0.5)
        return False
    finally:
        engine.dispose()


def _unlock(url: str, email: str) -> None:
    """Leave the reused database as it was: the locked account unlocked."""
    from caseboard.config import normalize_database_url

    engine = sa.create_engine(normalize_database_url(url), poolclass=sa.NullPool)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE users SET failed_sign_ins = 0, failed_sign_ins_since = NULL, "
                "locked_until = NULL WHERE email = :email"
            ),
            {"email": email},
        )
    engine.dispose()


def _kill_host(server: Server) -> list[int]:
    """SIGKILL the host's master and every worker at once: a machine lost."""
    victims = [server.process.pid, *server.worker_pids()]
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.process.wait()
    return victims


def _load(
    args: argparse.Namespace,
    hosts: list[Server],
    plans: list[scenario.UserPlan],
    tag: str,
) -> tuple[list[tuple[str, Outcome]], float]:
    """Clients through both hosts (by turns); host A killed halfway. Each
    outcome with the host it went to, and when the kill was sent."""
    from bench.reliability import _specs

    half = len(plans) // 2
    specs = _specs(hosts[0], plans[:half]) + _specs(hosts[1], plans[half:])
    for n, spec in enumerate(specs):
        spec.number = n
    processes = max(2, args.processes - args.processes % 2)
    until = time.time() + args.seconds
    jobs = []
    for n in range(processes):
        host = n % 2
        mine = specs[:half] if host == 0 else specs[half:]
        share = mine[n // 2 :: processes // 2]
        jobs.append(Job("inserts", hosts[host].port, until, tag, share, seed=n))
    pool = multiprocessing.Pool(processes)
    pending = pool.map_async(drive, jobs)
    time.sleep(args.seconds / 2)
    killed_at = time.time()
    _kill_host(hosts[0])
    try:
        results = pending.get()
    finally:
        pool.close()
        pool.join()
    outcomes = [
        ("AB"[n % 2], outcome) for n, found in enumerate(results) for outcome in found
    ]
    return outcomes, killed_at


def run_hosts(args: argparse.Namespace) -> tuple[Figures, bool]:
    from bench.reliability import _prepare, _tally

    if args.db != "postgresql":
        raise SystemExit(
            "hosts: --db postgresql (two hosts cannot share a SQLite file)"
        )
    url = _prepare(args)
    plans = scenario.pick(url, args.clients + 3)
    lockout_user, sign_out_user, viewer = (plan.email for plan in plans[-3:])
    plans = plans[: args.clients]
    redis_url = args.redis_url
    environment = {
        "CASEBOARD_REDIS_URL": redis_url,
        "CASEBOARD_JOBS_IN_PROCESS": "0",
        "CASEBOARD_PROXY_COUNT": "1",
        "CASEBOARD_RATELIMIT_SIGN_IN": f"{SIGN_IN_LIMIT} per minute",
    }
    subprocess.run(
        ["redis-cli", "-u", redis_url, "FLUSHDB"], check=True, capture_output=True
    )
    hosts = []
    for name in ("host-a", "host-b"):
        folder = args.cache_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        hosts.append(Server(url, args.workers, folder, environment=environment))
    ports = [host.port for host in hosts]
    net = f"198.51.{uuid.uuid4().int % 200}"
    worker = None
    figures: Figures = {
        "mode": "hosts",
        "database": args.db,
        "workers_per_host": args.workers,
    }
    try:
        figures["rate_limit"] = check_rate_limit(ports, f"{net}.7")
        figures["lockout"] = check_lockout(ports, f"{net}.8", lockout_user, 5)
        figures["sign_out"] = check_sign_out(ports, f"{net}.9", sign_out_user)
        figures["jobs"] = check_one_job(ports, f"{net}.10", viewer, redis_url)
        worker = _worker(url, args.cache_dir, environment)
        figures["jobs"]["worker_stored_it"] = _snapshot_done(url)
        tag = f"hosts-{uuid.uuid4().hex[:8]}"
        outcomes, killed_at = _load(args, hosts, plans, tag)
    finally:
        for host in hosts:
            host.stop()
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        _unlock(url, lockout_user)
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    stored = reliability_checks.written_tags(engine, tag)
    found = reliability_checks.integrity(engine, tag)
    engine.dispose()
    figures.update(_judge_load(outcomes, killed_at, stored, found))
    figures["actions"] = _tally([o for _, o in outcomes])
    ok = _print_hosts(args, figures)
    return figures, ok


def _judge_load(
    outcomes: list[tuple[str, Outcome]], killed_at: float, stored: set[str], found: dict
) -> Figures:
    accepted = {o.value for _, o in outcomes if o.result == "accepted"}
    after = [(h, o) for h, o in outcomes if o.started > killed_at]
    b_after = [o for h, o in after if h == "B"]
    in_flight = [
        o for h, o in outcomes if h == "A" and o.started <= killed_at <= o.ended
    ]
    return {
        "acknowledged": len(accepted),
        "acknowledged_missing": len(accepted - stored),
        "by_host": {
            h: sum(o.result == "accepted" for g, o in outcomes if g == h) for h in "AB"
        },
        "b_after_kill": len(b_after),
        "b_after_kill_accepted": sum(o.result == "accepted" for o in b_after),
        "b_after_kill_failed": sum(o.result in ("error", "unknown") for o in b_after),
        "a_in_flight_at_kill": len(in_flight),
        "a_in_flight_unanswered": sum(o.result == "unknown" for o in in_flight),
        "integrity": found,
    }


def _print_hosts(args: argparse.Namespace, f: Figures) -> bool:
    from bench.reliability import _print_tally

    rate, lock, out, jobs = f["rate_limit"], f["lockout"], f["sign_out"], f["jobs"]
    checks = {
        f"rate limit: attempt {SIGN_IN_LIMIT + 1} across both hosts refused "
        f"(first 429 at {rate['first_refused']}, host {rate.get('refused_by')})": rate[
            "first_refused"
        ]
        == SIGN_IN_LIMIT + 1,
        f"lockout: {lock['wrong_attempts']} wrong passwords over both hosts lock "
        f"the account on both (signed in after: {lock['signed_in_after']})": not any(
            lock["signed_in_after"]
        ),
        "sign-out: a session from A works on B; signed out on B, A answers "
        f"{out['a_after_sign_out_on_b']}": out["opened_on_a"]
        and out["worked_on_b"]
        and out["a_after_sign_out_on_b"] != 200,
        f"jobs: the coalition asked of both hosts ({jobs['statuses']}) queued "
        f"{jobs['queued']} job; the worker stored it: {jobs['worker_stored_it']}": jobs[
            "queued"
        ]
        == 1
        and jobs["worker_stored_it"]
        and jobs["statuses"] == [200, 200],
        f"kill: {f['acknowledged']} acknowledged writes (A {f['by_host']['A']}, "
        f"B {f['by_host']['B']}), {f['acknowledged_missing']} missing": f[
            "acknowledged_missing"
        ]
        == 0
        and f["acknowledged"] > 0,
        f"kill: host B after the kill answered {f['b_after_kill']} writes "
        f"({f['b_after_kill_accepted']} accepted, {f['b_after_kill_failed']} "
        "failed)": f["b_after_kill_failed"] == 0 and f["b_after_kill_accepted"] > 0,
        "kill: no half-written rows": not any(f["integrity"].values()),
    }
    print(
        f"\nhosts, {args.db}, 2 hosts × {args.workers} gunicorn workers, one Redis, "
        f"one worker; {args.clients} clients, {args.seconds:g} s, host A SIGKILLed "
        f"halfway ({f['a_in_flight_at_kill']} of its requests in flight, "
        f"{f['a_in_flight_unanswered']} unanswered)\n"
    )
    _print_tally(f["actions"])
    print()
    for line, passed in checks.items():
        print(f"  {'ok  ' if passed else 'FAIL'} {line}")
    f["checks"] = {line: bool(passed) for line, passed in checks.items()}
    return all(checks.values())
