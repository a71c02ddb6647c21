"""How the relationship network holds up as the coalition grows.

    python -m bench.network [--sizes 1000,2000,5000,10000] [--db sqlite|postgresql]
                            [--json FILE]

For each size it generates a coalition (P people, 8·P relationships, 30·P
contacts: ``caseboard generate``) into a fresh database and times, as an
administrator sees it:

- rebuild ties: the tie table recomputed from every contact
  (``caseboard network rebuild-ties``);
- build: the whole coalition's graph from the database (ties read from the
  tie table);
- metrics: everything the network page shows (centralities, communities,
  structural holes, single points of failure, the organization matrix);
- job: the background job end to end (build, metrics, sign and store);
- cached (store): a page's view served from the stored snapshot by a worker
  that has not seen it yet; cached (memory): the same worker's next view;
- ego r1 / ego r2: one well-connected person's neighbourhood, computed live;
- case: one case's role holders, computed live;
- what-if: a top broker leaves (on the cached coalition graph).

Times are wall-clock seconds of one run on this machine; the README quotes
them with the machine they came from.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

DEFAULT_SIZES = (1000, 2000, 5000, 10000)
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'network-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"caseboard_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(PG_SERVER).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def timed(figures: dict[str, float], name: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = work()
    figures[name] = round(time.perf_counter() - started, 3)
    print(f"  {name:<16} {figures[name]:>8.3f} s", flush=True)
    return result


def measure(url: str, people: int, folder: Path) -> dict[str, Any]:
    os.environ["CASEBOARD_INSTANCE_PATH"] = str(folder)
    os.environ["CASEBOARD_DATABASE_URL"] = url
    os.environ["CASEBOARD_JOBS_IN_PROCESS"] = "0"
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from caseboard import create_app
    from caseboard.config import Config
    from caseboard.extensions import db
    from caseboard.generate import ADMIN_EMAIL, generate
    from caseboard.models import Case, CaseRole, NetworkSnapshot, User
    from caseboard.network import snapshot_job, snapshots, tie_table
    from caseboard.network.graph import Scope, build
    from caseboard.network.report import build_report
    from caseboard.network.what_if import what_if_leaves

    app = create_app(Config())
    figures: dict[str, Any] = {"people": people}
    with app.app_context():
        upgrade()
        timed(figures, "generate", lambda: generate(people))
        db.session.commit()
        timed(
            figures,
            "rebuild ties",
            lambda: tie_table.rebuild(db.session.connection()),
        )
        db.session.commit()
        admin = db.session.scalar(select(User).where(User.email == ADMIN_EMAIL))
        built = timed(figures, "build", lambda: build(admin, Scope()))
        graph = built.graph
        figures["ties"] = graph.number_of_edges()
        report = timed(figures, "metrics", lambda: build_report(graph))
        figures["betweenness"] = report.centrality.betweenness_method

        key = snapshots.snapshot_key(Scope(), snapshots.visible_people_digest(admin)[0])
        timed(
            figures,
            "job",
            lambda: snapshot_job.compute_snapshot(
                admin.id, snapshots._scope_text(Scope()), key, 0
            ),
        )
        stored = db.session.scalar(select(NetworkSnapshot.payload))
        figures["snapshot_mb"] = round(len(stored or b"") / 2**20, 2)
        snapshots.memory.clear()
        limit, snapshots.LIVE_LIMIT = snapshots.LIVE_LIMIT, 0  # force the store
        timed(figures, "cached (store)", lambda: snapshots.analyse(admin, Scope()))
        timed(figures, "cached (memory)", lambda: snapshots.analyse(admin, Scope()))
        snapshots.LIVE_LIMIT = limit

        hub = max(graph.degree, key=lambda item: item[1])[0]
        typical = sorted(graph.degree, key=lambda item: item[1])[len(graph) // 2][0]
        for name, person, radius in (("ego r1", hub, 1), ("ego r2", typical, 2)):
            scope = Scope(kind="person", object_id=person, radius=radius)
            ego = timed(figures, f"{name} build", lambda s=scope: build(admin, s))
            timed(figures, f"{name} metrics", lambda e=ego: build_report(e.graph))
            figures[f"{name} people"] = ego.graph.number_of_nodes()
        case = db.session.scalar(
            select(Case)
            .join(CaseRole)
            .group_by(Case.id)
            .order_by(func.count(CaseRole.id).desc())
            .limit(1)
        )
        case_scope = Scope(kind="case", object_id=case.id)
        timed(figures, "case", lambda: snapshots._compute_live(admin, case_scope, case))
        broker = max(report.metrics, key=lambda v: report.metrics[v]["betweenness"])
        timed(figures, "what-if", lambda: what_if_leaves(graph.copy(), broker))
        db.session.remove()
        db.engine.dispose()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="caseboard-network-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"{size} people ({args.db})", flush=True)
            folder = Path(tmp) / str(size)
            folder.mkdir()
            with database(args.db, folder) as url:
                results.append(measure(url, size, folder))
    columns = [k for k in results[0] if k not in ("people", "betweenness")]
    print("\npeople  " + "  ".join(f"{c:>14}" for c in columns))
    for row in results:
        print(f"{row['people']:<7} " + "  ".join(f"{row[c]!s:>14}" for c in columns))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": f"{platform.node()} {os.cpu_count()} cores, "
                    f"Python {platform.python_version()}",
                    "command": " ".join(
                        ["python -m bench.network", *(argv or sys.argv[1:])]
                    ),
                    "results": results,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
