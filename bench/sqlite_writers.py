"""Several processes writing to one SQLite file, as gunicorn workers do.

    python -m bench.sqlite_writers [--processes 8] [--transactions 100]

Each transaction reads a person, then adds a position and updates the person
(read-then-write, the pattern that breaks deferred transactions). It runs
twice: with the app's transaction mode (BEGIN IMMEDIATE for writes) and with
plain BEGIN DEFERRED, and prints the failures of each.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
from pathlib import Path


def _writer(db_url: str, instance: str, mode: str, count: int, queue) -> None:  # type: ignore[no-untyped-def]
    os.environ["CASEBOARD_INSTANCE_PATH"] = instance
    os.environ["CASEBOARD_DATABASE_URL"] = db_url
    from caseboard import create_app, database
    from caseboard.extensions import db
    from caseboard.models import Organization, Person
    from caseboard.services.people import add_membership

    if mode == "deferred":
        database._transaction_mode = lambda: "DEFERRED"  # the naive default
    app = create_app()
    failures = locked = 0
    with app.app_context():
        for n in range(count):
            try:
                person = db.session.scalars(db.select(Person).limit(1)).one()
                organization = db.session.scalars(
                    db.select(Organization).limit(1)
                ).one()
                add_membership(None, person, organization, title=f"{os.getpid()}-{n}")
                person.notes = f"{os.getpid()}-{n}"
                db.session.commit()
            except Exception as error:
                db.session.rollback()
                failures += 1
                locked += "database is locked" in str(error)
    queue.put((failures, locked))


def run(mode: str, processes: int, transactions: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        os.environ["CASEBOARD_INSTANCE_PATH"] = folder
        os.environ["CASEBOARD_DATABASE_URL"] = db_url
        from flask_migrate import upgrade

        from caseboard import create_app
        from caseboard.extensions import db
        from caseboard.services.organizations import create_organization
        from caseboard.services.people import create_person

        app = create_app()
        with app.app_context():
            upgrade()
            org = create_organization(None, name="Bench org")
            create_person(None, full_name="Bench person", organization=org)
            db.session.commit()
            db.engine.dispose()
        queue: multiprocessing.Queue = multiprocessing.Queue()
        started = time.perf_counter()
        workers = [
            multiprocessing.Process(
                target=_writer, args=(db_url, folder, mode, transactions, queue)
            )
            for _ in range(processes)
        ]
        for worker in workers:
            worker.start()
        results = [queue.get() for _ in workers]
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - started
    total = processes * transactions
    failures = sum(r[0] for r in results)
    return {
        "transactions": total,
        "failed": failures,
        "locked": sum(r[1] for r in results),
        "failed_pct": 100 * failures / total,
        "tx_per_s": total / elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--transactions", type=int, default=100)
    args = parser.parse_args()
    print(
        f"{args.processes} processes x {args.transactions} read-then-write transactions"
    )
    print(f"{'mode':<22}{'failed':>8}{'locked':>8}{'failed %':>10}{'tx/s':>8}")
    for mode, label in (
        ("app", "app (BEGIN IMMEDIATE)"),
        ("deferred", "BEGIN DEFERRED"),
    ):
        r = run(mode, args.processes, args.transactions)
        print(
            f"{label:<22}{r['failed']:>8}{r['locked']:>8}{r['failed_pct']:>10.1f}{r['tx_per_s']:>8.0f}"
        )


if __name__ == "__main__":
    main()
