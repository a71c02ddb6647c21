"""A generated database per database kind and scale, made once and reused.

SQLite files and the marker of each database live in the cache folder
(``/tmp/caseboard-bench`` by default); PostgreSQL databases are named
``caseboard_bench_<scale>`` on the server given (never the test database).
A marker is written only after ``caseboard generate`` succeeded, so a broken
run is regenerated next time. Runs write a little (status changes, contacts),
so a reused database drifts slightly; ``--fresh`` starts over. A reused
database is migrated to the code's schema first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

PASSWORD = "caseboard-bench-password"  # every generated user's
SEED = 7
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Prepared:
    url: str
    marker: dict[str, object]
    reused: bool


def caseboard_command() -> list[str]:
    script = Path(sys.executable).with_name("caseboard")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from caseboard.cli import main; main()"]


def _environment(url: str, cache: Path) -> dict[str, str]:
    return os.environ | {
        "CASEBOARD_DATABASE_URL": url,
        "CASEBOARD_INSTANCE_PATH": str(cache),
    }


def _sqlite(cache: Path, scale: str, fresh: bool) -> tuple[str, bool]:
    path = cache / f"sqlite-{scale}.db"
    marker = cache / f"sqlite-{scale}.json"
    exists = path.exists() and marker.exists()
    if fresh or not exists:
        for stale in cache.glob(f"sqlite-{scale}.*"):
            stale.unlink()
        exists = False
    return f"sqlite:///{path}", exists


def _postgres(
    server: str, cache: Path, scale: str, fresh: bool, prefix: str = "caseboard_bench"
) -> tuple[str, bool]:
    name = f"{prefix}_{scale}"
    server_url = sa.make_url(server)
    marker = cache / f"postgresql-{scale}.json"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        found = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if found and (fresh or not marker.exists()):
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
            found = None
        if not found:
            marker.unlink(missing_ok=True)
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    url = server_url.set(database=name).render_as_string(hide_password=False)
    return url, bool(found)


def prepare(
    kind: str,
    scale: str,
    cache: Path,
    postgres_server: str,
    fresh: bool = False,
    postgres_prefix: str = "caseboard_bench",
) -> Prepared:
    """The URL of a generated database of ``scale``, generating it if needed.
    Another benchmark keeps its own databases apart with its own ``cache``
    folder and ``postgres_prefix``."""
    cache.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        url, exists = _sqlite(cache, scale, fresh)
    else:
        url, exists = _postgres(postgres_server, cache, scale, fresh, postgres_prefix)
    marker_path = cache / f"{kind}-{scale}.json"
    env = _environment(url, cache)
    command = caseboard_command()
    # Also on reuse: the code may have gained migrations since it was made.
    subprocess.run(
        [*command, "db", "upgrade"],
        env=env,
        check=True,
        cwd=REPO,
        stderr=subprocess.DEVNULL,
    )
    if exists:
        return Prepared(url, json.loads(marker_path.read_text()), reused=True)
    print(f"Generating the {scale} coalition on {kind} (once; reused later)…")
    started = time.perf_counter()
    subprocess.run(
        [
            *command,
            "generate",
            "--scale",
            scale,
            "--seed",
            str(SEED),
            "--password",
            PASSWORD,
        ],
        env=env,
        check=True,
        cwd=REPO,
    )
    marker = {
        "database": kind,
        "scale": scale,
        "seed": SEED,
        "generated_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "generate_seconds": round(time.perf_counter() - started, 1),
    }
    marker_path.write_text(json.dumps(marker, indent=2))
    return Prepared(url, marker, reused=False)
