"""Load benchmark: a generated coalition served by gunicorn, driven by
signed-in virtual users through a realistic mix of pages, each page's latency
compared with a floor (``/ping``: a signed-in page with one indexed query)
measured in the same run.

    python -m bench run --db sqlite|postgresql --scale small|medium|large \\
        --users 16 --seconds 20 [--workers 2] [--json FILE]

A page meets the target when its p95 is within 3× the floor's p95 and under
250 ms. Errors are answers ≥ 500, refused connections and any other answer a
page should not give (a 4xx, a redirect to sign-in); a status change that
lost a race to another user is a conflict, counted apart.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

from bench import database, load, report, scenario
from bench.server import Server
from caseboard.generate import SCALES


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the load benchmark")
    run.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    run.add_argument("--scale", choices=list(SCALES), default="small")
    run.add_argument("--users", type=int, default=16, help="signed-in virtual users")
    run.add_argument("--seconds", type=float, default=20, help="measured time")
    run.add_argument("--warmup", type=float, default=3, help="unmeasured time first")
    run.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    run.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per worker (gthread above 1): a slow network view then "
        "holds up one thread, not every request queued on its worker",
    )
    run.add_argument(
        "--solo",
        type=int,
        default=5,
        help="first, one user alone opens each page this many times (0: skip)",
    )
    run.add_argument("--clients", type=int, default=2, help="client processes")
    run.add_argument(
        "--think",
        type=float,
        default=0,
        help="mean pause of each user between actions, ms (default: none)",
    )
    run.add_argument("--json", type=Path, help="write the results here")
    run.add_argument("--fresh", action="store_true", help="regenerate the database")
    run.add_argument(
        "--cache-dir",
        type=Path,
        default=Path("/tmp/caseboard-bench"),
        help="where generated databases and the server log are kept",
    )
    run.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "CASEBOARD_BENCH_POSTGRES_URL", database.DEFAULT_POSTGRES
        ),
        help="a PostgreSQL server (its database caseboard_bench_<scale> is used)",
    )
    return parser.parse_args(argv)


def _drive(
    server: Server,
    plans: list[scenario.UserPlan],
    sessions: list[load.Session],
    seconds: float,
    clients: int,
    seed: str,
    think_ms: float = 0.0,
) -> tuple[list[load.Sample], float]:
    """Every user for ``seconds``; the samples and the time it really took."""
    clients = max(1, min(clients, len(plans)))
    until = time.time() + seconds
    pairs = list(zip(plans, sessions, strict=True))
    jobs = [
        load.Job(
            "127.0.0.1", server.port, until, f"{seed}-{n}", pairs[n::clients], think_ms
        )
        for n in range(clients)
    ]
    started = time.perf_counter()
    with multiprocessing.Pool(clients) as pool:
        results = pool.map(load.drive, jobs)
    elapsed = time.perf_counter() - started
    return [s for samples in results for s in samples], elapsed


def run(args: argparse.Namespace) -> int:
    prepared = database.prepare(
        args.db, args.scale, args.cache_dir, args.postgres_url, fresh=args.fresh
    )
    plans = scenario.pick(prepared.url, args.users)
    threads = (
        ["--worker-class", "gthread", "--threads", str(args.threads)]
        if args.threads > 1
        else []
    )
    server = Server(prepared.url, args.workers, args.cache_dir, extra_args=threads)
    try:
        sessions = load.sign_in_all("127.0.0.1", server.port, plans)
        alone = []
        if args.solo > 0:
            job = load.Job(
                "127.0.0.1", server.port, 0, "solo", [(plans[0], sessions[0])]
            )
            load.solo(job, 1)  # warm each page up once first
            alone = load.solo(job, args.solo)
        if args.warmup > 0:
            _drive(
                server, plans, sessions, args.warmup, args.clients, "warmup", args.think
            )
        samples, elapsed = _drive(
            server, plans, sessions, args.seconds, args.clients, "run", args.think
        )
        peaks = server.worker_peak_rss_kb()
    finally:
        server.stop()
    pages = report.summarise(samples, elapsed)
    report.add_solo(pages, alone)
    floor = pages.pop(load.FLOOR, None)
    title = (
        f"{args.db}, {args.scale} ({SCALES[args.scale]:,} people), {args.users} users, "
        f"{elapsed:.1f} s, {args.workers} gunicorn workers"
    )
    print(f"\n{title}\n")
    print(report.table({load.FLOOR: floor, **pages} if floor else pages))
    total = sum(int(p["requests"]) for p in pages.values()) + (
        int(floor["requests"]) if floor else 0
    )
    print(f"\n{total} requests, {total / elapsed:.0f} per second in all.")
    print(
        "Worker peak memory (VmHWM): "
        + ", ".join(
            f"pid {pid} {kb / 1024:.0f} MB" for pid, kb in sorted(peaks.items())
        )
    )
    errors = [s.detail for s in samples if s.outcome == "error"]
    if errors:
        print(f"\n{len(errors)} errors; the first few:")
        for detail in sorted(set(errors))[:10]:
            print(f"  {detail}")
    missing = [name for name, f in pages.items() if not f["meets_target"]]
    if missing:
        print(
            f"\nMiss the target (p95 ≤ {report.RATIO_TARGET:g}× floor and "
            f"< {report.MS_TARGET:g} ms): {', '.join(missing)}"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "floor": floor,
                    "pages": pages,
                    "machine": report.machine(),
                    "command": " ".join(["python -m bench", *sys.argv[1:]]),
                    "database": args.db,
                    "scale": args.scale,
                    "people": SCALES[args.scale],
                    "users": args.users,
                    "seconds": round(elapsed, 2),
                    "workers": args.workers,
                    "think_ms": args.think,
                    "load_average_after": [round(x, 2) for x in os.getloadavg()],
                    "worker_peak_rss_kb": {str(k): v for k, v in peaks.items()},
                    "generated": prepared.marker,
                    "errors": sorted(set(errors))[:50],
                },
                indent=2,
            )
        )
        print(f"\nWrote {args.json}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
