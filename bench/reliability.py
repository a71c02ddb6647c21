"""Reliability benchmark: what happens to writes when people collide, the
database restarts, a worker dies, a backup runs, or the input is bad.

    python -m bench.reliability MODE --db sqlite|postgresql [--scale small]
        [--seconds N] [--clients 16] [--workers 2] [--json FILE]

Modes (each prints its figures and exits 1 when a check fails):

- ``writers``: 16 signed-in clients edit the same case and three of its
  tasks for 60 s over HTTP (task edit, case edit, inline status change), each
  posting the version its form carried. Counts accepted writes, conflicts,
  other refusals and 5xx ("database is locked" from the server log), then
  proves no update was lost (``bench/reliability_checks.py``).
- ``restart`` (PostgreSQL): clients read pages while the PostgreSQL cluster
  is restarted (``pg_ctlcluster … restart``); errors must fall inside the
  outage, service must be back within 10 s of the database, and every gunicorn
  worker must serve again (from gunicorn's access log).
- ``kill``: clients add contacts and tasks while a gunicorn worker is killed
  with SIGKILL a few times; the other keeps serving, gunicorn replaces the
  dead one, and no half-written row exists.
- ``backup``: ``caseboard backup`` while clients write, then ``caseboard
  restore`` into a fresh database: every table must match the manifest, and
  every write acknowledged before the backup began must be in the copy.
- ``hosts`` (PostgreSQL): two app hosts with their own instance folders on
  one database, one Redis and one job worker; rate limits, lockout, sign-out
  and the job queue seen by both, then host A killed mid-run
  (``bench/hosts.py``).
- ``fuzz``: ``pytest tests/test_fuzz.py`` with ``CASEBOARD_FUZZ_EXAMPLES``
  set high (``--examples``): examples run and server errors.

Databases are generated once per scale in ``/tmp/caseboard-reliability``
(SQLite) and ``caseboard_reliability_<scale>`` (PostgreSQL), apart from the
load benchmark's.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench import database, load, reliability_checks, scenario
from bench.hosts import run_hosts
from bench.reliability_clients import ClientSpec, Job, Outcome, WriteTarget, drive
from bench.report import percentile
from bench.server import Server
from caseboard.config import normalize_database_url
from caseboard.generate import SCALES

CACHE = Path("/tmp/caseboard-reliability")
POSTGRES_PREFIX = "caseboard_reliability"
DEFAULT_SECONDS = {"writers": 60, "restart": 30, "kill": 30, "backup": 30, "hosts": 30}
RECOVERY_LIMIT_S = 10.0
READ_PAGES = ["/ping", "/", "/cases", "/tasks/mine", "/healthz"]
ACCESS_FORMAT = '%(p)s %(s)s %(t)s "%(r)s"'

Figures = dict[str, Any]


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.reliability", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "mode", choices=["writers", "restart", "kill", "backup", "fuzz", "hosts"]
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--scale", choices=list(SCALES), default="small")
    parser.add_argument("--seconds", type=float, help="how long clients run")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--processes", type=int, default=4, help="client processes")
    parser.add_argument("--kills", type=int, default=3, help="kill: SIGKILLs sent")
    parser.add_argument(
        "--examples", type=int, default=500, help="fuzz: examples per form"
    )
    parser.add_argument(
        "--cluster",
        default=None,
        help="restart: VERSION/NAME of the cluster (default: the one in "
        "/etc/postgresql, main)",
    )
    parser.add_argument("--fresh", action="store_true", help="regenerate the database")
    parser.add_argument("--cache-dir", type=Path, default=CACHE)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "CASEBOARD_BENCH_POSTGRES_URL", database.DEFAULT_POSTGRES
        ),
        help="a PostgreSQL server on this machine",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/11",
        help="hosts: the Redis database the hosts share (emptied first)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.seconds is None:
        args.seconds = DEFAULT_SECONDS.get(args.mode, 0)
    return args


# Shared pieces -----------------------------------------------------------------


def _prepare(args: argparse.Namespace) -> str:
    return database.prepare(
        args.db,
        args.scale,
        args.cache_dir,
        args.postgres_url,
        fresh=args.fresh,
        postgres_prefix=POSTGRES_PREFIX,
    ).url


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(normalize_database_url(url), poolclass=sa.NullPool)


def _specs(server: Server, plans: list[scenario.UserPlan]) -> list[ClientSpec]:
    sessions = load.sign_in_all("127.0.0.1", server.port, plans)
    return [
        ClientSpec(
            number=n,
            email=plan.email,
            cookies=session.cookies,
            csrf=session.csrf,
            person_id=plan.person_id,
            people=plan.people,
            cases=plan.boards,
        )
        for n, (plan, session) in enumerate(zip(plans, sessions, strict=True))
    ]


def _start_clients(
    args: argparse.Namespace,
    server: Server,
    specs: list[ClientSpec],
    mode: str,
    tag: str,
    **extra: Any,
) -> tuple[multiprocessing.pool.Pool, Any, float]:
    """Clients in ``--processes`` processes (threads within), running until
    ``--seconds`` from now; returns the pool, its pending result and the end."""
    processes = max(1, min(args.processes, len(specs)))
    until = time.time() + args.seconds
    jobs = [
        Job(mode, server.port, until, tag, specs[n::processes], seed=n, **extra)
        for n in range(processes)
    ]
    pool = multiprocessing.Pool(processes)
    return pool, pool.map_async(drive, jobs), until


def _collect(pool: multiprocessing.pool.Pool, pending: Any) -> list[Outcome]:
    try:
        return [o for outcomes in pending.get() for o in outcomes]
    finally:
        pool.close()
        pool.join()


def _tally(outcomes: list[Outcome]) -> dict[str, Figures]:
    by_action: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_action[outcome.action].append(outcome)
    table = {}
    for action, group in sorted(by_action.items()):
        results = Counter(o.result for o in group)
        times = [o.ms for o in group if o.ms > 0]
        table[action] = {
            "attempts": len(group),
            **{k: results.get(k, 0) for k in RESULTS},
            "5xx": sum(o.status >= 500 for o in group),
            "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
        }
    return table


RESULTS = ["ok", "accepted", "conflict", "refused", "error", "unknown"]


def _print_tally(table: dict[str, Figures]) -> None:
    """One line per action; result columns that are 0 throughout left out."""
    shown = [
        name
        for name in [*RESULTS, "5xx"]
        if any(figures[name] for figures in table.values())
    ]
    header = f"{'action':<15}{'attempts':>9}" + "".join(f"{n:>10}" for n in shown)
    header += f"{'p50 ms':>9}{'p95 ms':>9}"
    print(header)
    print("-" * len(header))
    for action, f in table.items():
        print(
            f"{action:<15}{f['attempts']:>9}"
            + "".join(f"{f[name]:>10}" for name in shown)
            + f"{f['p50_ms']:>9}{f['p95_ms']:>9}"
        )


def _first_details(outcomes: list[Outcome], limit: int = 8) -> list[str]:
    details = Counter(
        o.detail for o in outcomes if o.detail and o.result not in {"ok", "accepted"}
    )
    return [f"{n} × {detail}" for detail, n in details.most_common(limit)]


def _server_log_counts(server: Server) -> dict[str, int]:
    text = server.log.read_text(errors="replace") if server.log.exists() else ""
    return {
        "database is locked": text.count("database is locked"),
        "tracebacks": text.count("Traceback (most recent call last)"),
    }


def _caseboard(url: str, cache: Path, *arguments: str) -> subprocess.CompletedProcess:
    environment = os.environ | {
        "CASEBOARD_DATABASE_URL": url,
        "CASEBOARD_INSTANCE_PATH": str(cache),
    }
    return subprocess.run(
        [*database.caseboard_command(), *arguments],
        env=environment,
        cwd=database.REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def _tag() -> str:
    return f"rel-{uuid.uuid4().hex[:8]}"


# writers -----------------------------------------------------------------------


def pick_target(url: str, cache: Path, clients: int) -> WriteTarget:
    """The case that the most users may edit (asked of the app's own
    permission rules), and its first three tasks."""
    from caseboard import create_app
    from caseboard.config import Config
    from caseboard.extensions import db
    from caseboard.models import Case, SiteRole, Task, User
    from caseboard.permissions import can_edit_case

    os.environ["CASEBOARD_INSTANCE_PATH"] = str(cache)
    config = Config()
    config.SQLALCHEMY_DATABASE_URI = normalize_database_url(url)
    config.JOBS_IN_PROCESS = False
    app = create_app(config)
    with app.app_context():
        users = db.session.scalars(
            sa.select(User)
            .where(
                User.active.is_(True),
                User.site_role.in_([SiteRole.COORDINATOR, SiteRole.MEMBER]),
            )
            .order_by(User.id)
        ).all()
        best: tuple[int, list[str]] = (0, [])
        for case in db.session.scalars(sa.select(Case).order_by(Case.id)):
            editors = [u.email for u in users if can_edit_case(u, case)]
            if len(editors) > len(best[1]):
                best = (case.id, editors)
        tasks = db.session.scalars(
            sa.select(Task.id).where(Task.case_id == best[0]).order_by(Task.id).limit(3)
        ).all()
        db.engine.dispose()
    if len(tasks) < 3:
        raise SystemExit(f"case {best[0]} has fewer than 3 tasks")
    return WriteTarget(best[0], list(tasks), best[1][:clients])


def run_writers(args: argparse.Namespace) -> tuple[Figures, bool]:
    url = _prepare(args)
    target = pick_target(url, args.cache_dir, args.clients)
    engine = _engine(url)
    before = reliability_checks.snapshot(engine, target)
    editors = target.editors
    plans = [
        scenario.UserPlan(email=editors[n % len(editors)], person_id=0, role="")
        for n in range(args.clients)
    ]
    server = Server(url, args.workers, args.cache_dir)
    try:
        specs = _specs(server, plans)
        pool, pending, _ = _start_clients(
            args, server, specs, "writers", _tag(), target=target
        )
        outcomes = _collect(pool, pending)
    finally:
        server.stop()
    checks = reliability_checks.check_writes(engine, target, before, outcomes)
    engine.dispose()
    table = _tally(outcomes)
    log = _server_log_counts(server)
    lost = sum(c.lost_updates for c in checks)
    print(
        f"\nwriters, {args.db}, {args.clients} clients ({len(set(editors))} distinct "
        f"users) on case {target.case_id} and tasks "
        f"{', '.join(map(str, target.task_ids))}, {args.seconds:g} s, "
        f"{args.workers} gunicorn workers\n"
    )
    _print_tally(table)
    total = len(outcomes)
    print(
        f"\n{total} writes: {_sum(table, 'accepted')} accepted, "
        f"{_sum(table, 'conflict')} refused as conflicts, "
        f"{_sum(table, 'refused')} refused otherwise, {_sum(table, '5xx')} answered "
        f"5xx, {_sum(table, 'unknown')} unanswered; server log: "
        f'{log["database is locked"]} "database is locked", '
        f"{log['tracebacks']} tracebacks."
    )
    print(
        f"\n{'row':<12}{'version':>16}{'accepted':>10}{'conflicts':>10}"
        f"{'same ver.':>10}{'audit':>7}{'chain':>7}{'final':>7}"
    )
    for c in checks:
        print(
            f"{c.row:<12}{f'{c.version_before} → {c.version_after}':>16}"
            f"{c.accepted:>10}{c.conflicts:>10}{c.duplicate_versions:>10}"
            f"{c.audit_events:>7}{'ok' if not c.chain_breaks else c.chain_breaks:>7}"
            f"{'ok' if c.final_values_ok else 'WRONG':>7}"
        )
        for problem in c.problems:
            print(f"    {problem}")
    print(f"\nLost updates: {lost}.")
    for line in _first_details(outcomes):
        print(f"  {line}")
    figures = {
        "mode": "writers",
        "database": args.db,
        "scale": args.scale,
        "clients": args.clients,
        "distinct_users": len(set(editors)),
        "seconds": args.seconds,
        "workers": args.workers,
        "target": asdict(target) | {"editors": len(target.editors)},
        "actions": table,
        "server_log": log,
        "rows": [asdict(c) | {"lost_updates": c.lost_updates} for c in checks],
        "lost_updates": lost,
    }
    ok = lost == 0 and log["database is locked"] == 0 and _sum(table, "5xx") == 0
    return figures, ok


def _sum(table: dict[str, Figures], key: str) -> int:
    return sum(int(f[key]) for f in table.values())


# restart -----------------------------------------------------------------------


def _cluster(args: argparse.Namespace) -> tuple[str, str]:
    if args.cluster:
        version, name = args.cluster.split("/")
        return version, name
    versions = sorted(os.listdir("/etc/postgresql"))
    return versions[-1], "main"


class Probe(threading.Thread):
    """Connects to PostgreSQL every 50 ms: when it was really down."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.results: list[tuple[float, bool]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        import psycopg

        from caseboard.backups import libpq_connection

        conninfo, environment = libpq_connection(self.url)
        while not self.stop.is_set():
            moment = time.time()
            try:
                with psycopg.connect(
                    conninfo, password=environment.get("PGPASSWORD"), connect_timeout=1
                ) as connection:
                    connection.execute("SELECT 1")
                self.results.append((moment, True))
            except psycopg.Error:
                self.results.append((moment, False))
            self.stop.wait(0.05)

    def outage(self) -> tuple[float, float] | None:
        failed = [t for t, ok in self.results if not ok]
        if not failed:
            return None
        back = [t for t, ok in self.results if ok and t > failed[-1]]
        return failed[0], back[0] if back else float("inf")


ACCESS_LINE = re.compile(r'^<(\d+)> (\d+) \[([^\]]+)\] "(.*)"$')


class AccessLog:
    """gunicorn's access log (``ACCESS_FORMAT``), read as it grows: which
    worker answered what, and when (to the second)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.unlink(missing_ok=True)
        self.offset = 0

    def gunicorn_args(self) -> list[str]:
        return ["--access-logfile", str(self.path), "--access-logformat", ACCESS_FORMAT]

    def skip_to_end(self) -> None:
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def new_entries(self) -> list[tuple[int, int, float, str]]:
        """(worker pid, status, time, request line) of each answer since the
        last call."""
        if not self.path.exists():
            return []
        with self.path.open("rb") as log:
            log.seek(self.offset)
            data = log.read()
        complete = data[: data.rfind(b"\n") + 1]
        self.offset += len(complete)
        entries = []
        for line in complete.decode("utf-8", "replace").splitlines():
            match = ACCESS_LINE.match(line)
            if match:
                moment = datetime.strptime(match[3], "%d/%b/%Y:%H:%M:%S %z")
                entries.append(
                    (int(match[1]), int(match[2]), moment.timestamp(), match[4])
                )
        return entries


def run_restart(args: argparse.Namespace) -> tuple[Figures, bool]:
    if args.db != "postgresql":
        raise SystemExit("restart: PostgreSQL only (--db postgresql)")
    host = sa.make_url(args.postgres_url).host
    if host not in {"127.0.0.1", "localhost", None}:
        raise SystemExit("restart: the PostgreSQL server must be on this machine")
    version, name = _cluster(args)
    url = _prepare(args)
    plans = scenario.pick(url, args.clients)
    access = AccessLog(args.cache_dir / "access.log")
    server = Server(url, args.workers, args.cache_dir, access.gunicorn_args())
    probe = Probe(url)
    restart: dict[str, Any] = {}
    try:
        specs = _specs(server, plans)
        workers_before = server.worker_pids()
        probe.start()
        pool, pending, _ = _start_clients(
            args, server, specs, "reads", _tag(), pages=READ_PAGES
        )
        time.sleep(args.seconds / 3)
        restart["started"] = time.time()
        done = subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        restart["returned"] = time.time()
        restart["exit"] = done.returncode
        restart["output"] = (done.stdout + done.stderr).strip()[-500:]
        outcomes = _collect(pool, pending)
        workers_after = server.worker_pids()
    finally:
        probe.stop.set()
        server.stop()
        _ensure_postgres_running(version, name)
    probe.join()
    outage = probe.outage()
    down_from, back_at = outage or (restart["started"], restart["returned"])
    back_at = min(back_at, restart["returned"]) if outage else back_at
    failed = [o for o in outcomes if o.result != "ok"]
    # A request sent before the database was back may have met it down.
    before = [o for o in failed if o.ended < restart["started"]]
    during = [
        o for o in failed if o.ended >= restart["started"] and o.started <= back_at
    ]
    after = [o for o in failed if o.started > back_at]
    # Recovered once no request sent later fails.
    recovery = max((o.ended for o in after), default=back_at) - back_at
    first_ok = min(
        (o.ended for o in outcomes if o.result == "ok" and o.started > back_at),
        default=float("inf"),
    )
    failing = (
        (min(o.started for o in failed), max(o.ended for o in failed))
        if failed
        else (0.0, 0.0)
    )
    served = defaultdict(Counter)
    settled = back_at + recovery + 1
    for pid, status, moment, _request in access.new_entries():
        if moment >= settled:
            served[pid]["ok" if status < 500 else "5xx"] += 1
    every_worker = bool(workers_after) and all(
        served[pid]["ok"] > 0 and served[pid]["5xx"] == 0 for pid in workers_after
    )
    print(
        f"\nrestart, {args.db} {version}/{name}, {args.clients} clients reading "
        f"{', '.join(READ_PAGES)}, {args.seconds:g} s, "
        f"{args.workers} gunicorn workers\n"
    )
    _print_tally(_tally(outcomes))
    print(
        f"\npg_ctlcluster restart took {restart['returned'] - restart['started']:.1f} s"
        f" (exit {restart['exit']}); the probe saw the database down for "
        f"{(back_at - down_from):.1f} s."
    )
    print(
        f"Failed requests: {len(before)} before the restart, {len(during)} sent "
        f"before the database was back, {len(after)} sent after; failures spanned "
        f"{failing[1] - failing[0]:.1f} s."
    )
    print(
        f"Time to recovery after the database was back: {recovery:.2f} s (limit "
        f"{RECOVERY_LIMIT_S:g} s); the first request sent afterwards succeeded "
        f"{first_ok - back_at:.2f} s after it was back."
    )
    print(
        f"Workers before {workers_before}, after {workers_after}; answers per worker "
        f"from 1 s after recovery: "
        + ", ".join(
            f"pid {pid}: {c['ok']} ok, {c['5xx']} 5xx"
            for pid, c in sorted(served.items())
        )
        + f" → every worker serves again: {'yes' if every_worker else 'NO'}."
    )
    for line in _first_details(failed):
        print(f"  {line}")
    figures = {
        "mode": "restart",
        "database": args.db,
        "cluster": f"{version}/{name}",
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "actions": _tally(outcomes),
        "restart_command_s": round(restart["returned"] - restart["started"], 2),
        "restart_exit": restart["exit"],
        "database_down_s": round(back_at - down_from, 2),
        "failed_before": len(before),
        "failed_sent_before_back": len(during),
        "failed_sent_after_back": len(after),
        "failures_span_s": round(failing[1] - failing[0], 2),
        "first_ok_after_back_s": round(first_ok - back_at, 2),
        "recovery_s": round(recovery, 2),
        "workers_before": workers_before,
        "workers_after": workers_after,
        "answers_per_worker_after": {str(k): dict(v) for k, v in served.items()},
        "every_worker_serves": every_worker,
    }
    ok = (
        restart["exit"] == 0
        and not before
        and recovery <= RECOVERY_LIMIT_S
        and every_worker
    )
    return figures, ok


def _ensure_postgres_running(version: str, name: str) -> None:
    status = subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "status"],
        capture_output=True,
        check=False,
    )
    if status.returncode != 0:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"],
            check=False,
        )


# kill --------------------------------------------------------------------------


def _wait_for_replacement(
    server: Server, victim: int, workers: int, timeout: float = 30
) -> tuple[float, list[int]]:
    """Seconds until gunicorn runs ``workers`` workers again without ``victim``."""
    started = time.time()
    while time.time() - started < timeout:
        pids = server.worker_pids()
        if victim not in pids and len(pids) >= workers:
            return time.time() - started, pids
        time.sleep(0.02)
    return float("inf"), server.worker_pids()


def _wait_until_serving(
    server: Server, access: AccessLog, new: set[int], since: float, timeout: float = 30
) -> float:
    """Seconds from ``since`` until one of the ``new`` workers has answered
    (asking ``/healthz`` too, in case the clients have finished)."""
    while time.time() - since < timeout:
        if any(pid in new for pid, *_ in access.new_entries()):
            return time.time() - since
        try:
            with urllib.request.urlopen(f"{server.base}/healthz", timeout=5):
                pass
        except OSError:
            pass
        time.sleep(0.02)
    return float("inf")


def run_kill(args: argparse.Namespace) -> tuple[Figures, bool]:
    url = _prepare(args)
    plans = scenario.pick(url, args.clients)
    tag = _tag()
    kills = []
    access = AccessLog(args.cache_dir / "access.log")
    server = Server(url, args.workers, args.cache_dir, access.gunicorn_args())
    try:
        specs = _specs(server, plans)
        pool, pending, until = _start_clients(args, server, specs, "inserts", tag)
        for n in range(args.kills):
            pause = until - args.seconds * (args.kills - n) / (args.kills + 1)
            time.sleep(max(0.0, pause - time.time()))
            pids = server.worker_pids()
            victim = pids[n % len(pids)]
            access.skip_to_end()
            moment = time.time()
            os.kill(victim, signal.SIGKILL)
            replaced, now = _wait_for_replacement(server, victim, args.workers)
            serving = _wait_until_serving(server, access, set(now) - set(pids), moment)
            kills.append(
                {
                    "victim": victim,
                    "at": moment,
                    "replaced_s": replaced,
                    "serving_s": serving,
                    "workers": now,
                }
            )
        outcomes = _collect(pool, pending)
    finally:
        server.stop()
    engine = _engine(url)
    found = reliability_checks.integrity(engine, tag)
    stored = reliability_checks.written_tags(engine, tag)
    engine.dispose()
    verify = _caseboard(url, args.cache_dir, "audit", "verify")
    accepted = {o.value for o in outcomes if o.result == "accepted"}
    unknown = {o.value for o in outcomes if o.result == "unknown"}
    lost = accepted - stored
    landed = unknown & stored
    phantom = stored - accepted - unknown
    for kill in kills:
        window = (kill["at"], kill["at"] + kill["serving_s"])
        kill["cut_off"] = sum(
            o.result == "unknown" and o.started <= kill["at"] <= o.ended
            for o in outcomes
        )
        kill["served_meanwhile"] = sum(
            o.result == "accepted" and window[0] <= o.ended <= window[1]
            for o in outcomes
        )
    table = _tally(outcomes)
    print(
        f"\nkill, {args.db}, {args.clients} clients adding contacts and tasks, "
        f"{args.seconds:g} s, {args.workers} gunicorn workers, {len(kills)} × SIGKILL\n"
    )
    _print_tally(table)
    print()
    for n, kill in enumerate(kills, 1):
        print(
            f"Kill {n}: worker {kill['victim']}; {kill['cut_off']} request(s) cut "
            f"off mid-write; gunicorn started a new worker after "
            f"{kill['replaced_s']:.2f} s, serving after {kill['serving_s']:.2f} s; "
            f"meanwhile the other worker answered {kill['served_meanwhile']} writes."
        )
    print(
        f"\nAcknowledged writes: {len(accepted)}, all stored: "
        f"{'yes' if not lost else f'NO, {len(lost)} missing'}. Unanswered: "
        f"{len(unknown)} ({len(landed)} of them were committed). Stored but never "
        f"sent: {len(phantom)}."
    )
    print("Integrity (each must be 0):")
    for name, count in found.items():
        print(f"  {name:<42} {count}")
    print(f"caseboard audit verify: {verify.stdout.strip().splitlines()[0]}")
    for line in _first_details(outcomes):
        print(f"  {line}")
    figures = {
        "mode": "kill",
        "database": args.db,
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "actions": table,
        "kills": [{k: v for k, v in kill.items() if k != "at"} for kill in kills],
        "acknowledged": len(accepted),
        "acknowledged_missing": len(lost),
        "unanswered": len(unknown),
        "unanswered_committed": len(landed),
        "integrity": found,
        "audit_verify_exit": verify.returncode,
    }
    ok = (
        not lost
        and not phantom
        and not any(found.values())
        and verify.returncode == 0
        and all(k["serving_s"] < 30 for k in kills)
        and all(k["served_meanwhile"] > 0 for k in kills)
    )
    return figures, ok


# backup ------------------------------------------------------------------------


def _fresh_database(args: argparse.Namespace) -> tuple[str, Callable[[], None]]:
    """An empty database to restore into, and how to remove it."""
    if args.db == "sqlite":
        path = args.cache_dir / f"restored-{args.scale}.db"
        for stale in args.cache_dir.glob(f"restored-{args.scale}.db*"):
            stale.unlink()

        def remove() -> None:
            for stale in args.cache_dir.glob(f"restored-{args.scale}.db*"):
                stale.unlink()

        return f"sqlite:///{path}", remove
    name = f"{POSTGRES_PREFIX}_restored_{args.scale}"
    server = sa.make_url(args.postgres_url)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    return server.set(database=name).render_as_string(hide_password=False), drop


def run_backup(args: argparse.Namespace) -> tuple[Figures, bool]:
    from caseboard import backups

    url = _prepare(args)
    plans = scenario.pick(url, args.clients)
    tag = _tag()
    suffix = ".sqlite3" if args.db == "sqlite" else ".pgdump"
    file = args.cache_dir / f"backup-{args.db}-{args.scale}{suffix}"
    server = Server(url, args.workers, args.cache_dir)
    try:
        specs = _specs(server, plans)
        pool, pending, _ = _start_clients(args, server, specs, "inserts", tag)
        time.sleep(args.seconds / 3)
        backup_started = time.time()
        made = _caseboard(url, args.cache_dir, "backup", str(file), "--force")
        backup_ended = time.time()
        outcomes = _collect(pool, pending)
    finally:
        server.stop()
    if made.returncode != 0:
        print(made.stdout, made.stderr)
        raise SystemExit("caseboard backup failed")
    manifest = backups.read_manifest(file)
    assert manifest is not None
    target, remove = _fresh_database(args)
    try:
        restore_started = time.time()
        restored = _caseboard(target, args.cache_dir, "restore", str(file), "--yes")
        restore_s = time.time() - restore_started
        checks = backups.compare(manifest.tables, backups.summarise(target))
        engine = _engine(target)
        in_copy = reliability_checks.written_tags(engine, tag)
        engine.dispose()
    finally:
        remove()
    live = backups.summarise(url)
    acknowledged_before = {
        o.value for o in outcomes if o.result == "accepted" and o.ended < backup_started
    }
    after_backup = {
        o.value for o in outcomes if o.result == "accepted" and o.started > backup_ended
    }
    missing = acknowledged_before - in_copy
    rows_lost = sum(
        max(0, c.expected.rows - (c.actual.rows if c.actual else 0))
        for c in checks
        if c.expected
    )
    table = _tally(outcomes)
    written_since = sum(
        live[t].rows - manifest.tables[t].rows for t in manifest.tables if t in live
    )
    print(
        f"\nbackup, {args.db}, {args.clients} clients adding contacts and tasks, "
        f"{args.seconds:g} s, {args.workers} gunicorn workers\n"
    )
    _print_tally(table)
    backup_rows = sum(s.rows for s in manifest.tables.values())
    print(
        f"\ncaseboard backup while writing: {backup_ended - backup_started:.1f} s, "
        f"{file.stat().st_size:,} bytes, {backup_rows:,} rows in "
        f"{len(manifest.tables)} tables (exit {made.returncode})."
    )
    print(
        f"caseboard restore into a fresh database: {restore_s:.1f} s, exit "
        f"{restored.returncode}; "
        f"{sum(c.ok for c in checks)} of {len(checks)} tables match the manifest "
        f"(rows and checksums); rows lost: {rows_lost}."
    )
    for check in checks:
        if not check.ok:
            print(f"  {check.describe()}")
    print(
        f"Writes acknowledged before the backup began: {len(acknowledged_before)}, "
        f"in the restored copy: {len(acknowledged_before & in_copy)}. Acknowledged "
        f"after it ended: {len(after_backup)}, in the copy: "
        f"{len(after_backup & in_copy)} (a backup is one moment). Rows written "
        f"after the backup's moment: {written_since:,}."
    )
    figures = {
        "mode": "backup",
        "database": args.db,
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "actions": table,
        "backup_s": round(backup_ended - backup_started, 2),
        "backup_bytes": file.stat().st_size,
        "backup_rows": backup_rows,
        "tables": len(checks),
        "tables_matching": sum(c.ok for c in checks),
        "rows_lost": rows_lost,
        "restore_s": round(restore_s, 2),
        "restore_exit": restored.returncode,
        "acknowledged_before_backup": len(acknowledged_before),
        "acknowledged_before_missing": len(missing),
        "acknowledged_after_backup_in_copy": len(after_backup & in_copy),
        "rows_written_after_backup": written_since,
    }
    ok = (
        restored.returncode == 0
        and all(c.ok for c in checks)
        and not missing
        and not after_backup & in_copy
    )
    return figures, ok


# fuzz --------------------------------------------------------------------------


def run_fuzz(args: argparse.Namespace) -> tuple[Figures, bool]:
    tests = database.REPO / "tests" / "test_fuzz.py"
    if not tests.exists():
        raise SystemExit("fuzz: tests/test_fuzz.py does not exist yet")
    environment = os.environ | {"CASEBOARD_FUZZ_EXAMPLES": str(args.examples)}
    if args.db == "postgresql":
        environment["CASEBOARD_TEST_DATABASE_URL"] = args.postgres_url
    else:
        environment.pop("CASEBOARD_TEST_DATABASE_URL", None)
    pytest = shutil.which("pytest", path=str(Path(sys.executable).parent)) or "pytest"
    started = time.time()
    done = subprocess.run(
        [pytest, "-q", "-s", "-p", "no:cacheprovider", str(tests)],
        env=environment,
        cwd=database.REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.time() - started
    output = done.stdout + done.stderr
    fuzz = re.search(r"Fuzz: (\d+) forms, (\d+) examples, (\d+) server errors", output)
    summary = [
        line for line in output.splitlines() if re.search(r"\d+ (passed|failed)", line)
    ]
    print(f"\nfuzz, {args.db}, {args.examples} examples per form, {elapsed:.0f} s\n")
    print(fuzz[0] if fuzz else "(no totals printed by tests/test_fuzz.py)")
    print(summary[-1].strip("= ") if summary else output[-2000:])
    figures = {
        "mode": "fuzz",
        "database": args.db,
        "examples_per_form": args.examples,
        "seconds": round(elapsed, 1),
        "forms": int(fuzz[1]) if fuzz else None,
        "examples": int(fuzz[2]) if fuzz else None,
        "server_errors": int(fuzz[3]) if fuzz else None,
        "pytest_exit": done.returncode,
        "pytest_summary": summary[-1] if summary else "",
    }
    return figures, done.returncode == 0


MODES = {
    "writers": run_writers,
    "restart": run_restart,
    "kill": run_kill,
    "backup": run_backup,
    "fuzz": run_fuzz,
    "hosts": run_hosts,
}


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    figures, ok = MODES[args.mode](args)
    figures["passed"] = ok
    print(f"\n{args.mode} on {args.db}: {'PASS' if ok else 'FAIL'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
        print(f"Wrote {args.json}.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
