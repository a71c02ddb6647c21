"""The background job queue (huey).

Storage is a SQLite file in the instance folder by default, Redis when
``CASEBOARD_REDIS_URL`` is set, and memory in tests (which run jobs with
``run_pending``). Jobs run in a dedicated ``caseboard worker`` process — the
production set-up — or, when ``CASEBOARD_JOBS_IN_PROCESS`` is on (the default,
so the one-command start needs nothing else), in a background thread of the
web process that asked for them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab

log = logging.getLogger(__name__)

EXTENSION = "caseboard.jobs"


class Jobs:
    """The app's queue and the jobs registered on it."""

    def __init__(self, app: Flask, huey: Huey) -> None:
        self.app = app
        self.huey = huey
        self.in_process = app.config.get("JOBS_IN_PROCESS", True)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.tasks: dict[str, Any] = {}

    def register(self, name: str, function: Any, **options: Any) -> None:
        """Make ``function(**kwargs)`` a job, run inside an app context;
        ``options`` are huey's (``retries``, ``retry_delay``)."""
        app = self.app

        def run_in_app(**kwargs: Any) -> None:
            with app.app_context():
                function(**kwargs)

        self.tasks[name] = self.huey.task(name=name, **options)(run_in_app)

    def every(self, minutes: int, name: str, function: Any) -> None:
        """Run ``function()`` every ``minutes`` on the worker (``caseboard
        worker``; the in-process thread runs no schedule)."""
        app = self.app

        def run_in_app() -> None:
            with app.app_context():
                function()

        schedule = crontab(minute=f"*/{minutes}")
        self.tasks[name] = self.huey.periodic_task(schedule, name=name)(run_in_app)

    def enqueue(self, name: str, **kwargs: Any) -> None:
        self.tasks[name](**kwargs)
        if self.in_process:
            self._ensure_thread()

    def run_pending(self) -> int:
        """Run every queued job here and now (tests, and the worker loop),
        with the retries whose delay has passed."""
        for task in self.huey.read_schedule():
            self.huey.enqueue(task)
        count = 0
        while (task := self.huey.dequeue()) is not None:
            self.huey.execute(task)
            count += 1
        return count

    def _ensure_thread(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="caseboard-jobs", daemon=True
                )
                self._thread.start()

    def _loop(self) -> None:
        while True:
            try:
                if not self.run_pending():
                    time.sleep(0.5)
            except Exception:  # a broken job must not stop the next ones
                log.exception("background job failed")
                time.sleep(1)


def _make_huey(app: Flask) -> Huey:
    """Redis when configured; else a SQLite file every process of the host
    shares (``JOBS_FILE``, by default in the instance folder); memory for
    tests that name neither."""
    name = app.config.get("JOBS_QUEUE_NAME", "caseboard")
    if url := app.config.get("REDIS_URL"):
        return RedisHuey(name, url=url, results=False)
    configured = app.config.get("JOBS_FILE")
    if app.config.get("TESTING") and not configured:
        return MemoryHuey(name, results=False)
    path = Path(configured or Path(app.instance_path) / "jobs.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(path), results=False)


def init_app(
    app: Flask,
    tasks: Mapping[str, Callable[..., None]],
    options: Mapping[str, Mapping[str, Any]] | None = None,
    periodic: Mapping[str, tuple[int, Callable[[], Any]]] | None = None,
) -> None:
    """Give the app its queue with ``tasks`` (job name → function) on it, and
    each job's huey ``options`` (retries), and the ``periodic`` work (name →
    every how many minutes, function) of the worker. The factory names the jobs, so the
    queue depends on no feature that uses it."""
    jobs = Jobs(app, _make_huey(app))
    for name, function in tasks.items():
        jobs.register(name, function, **(options or {}).get(name, {}))
    for name, (minutes, function) in (periodic or {}).items():
        jobs.every(minutes, name, function)
    app.extensions[EXTENSION] = jobs
    app.cli.add_command(worker)


@click.command("worker")
@click.option("--threads", default=1, show_default=True, help="Jobs run at once.")
@with_appcontext
def worker(threads: int) -> None:
    """Run background jobs (huey's consumer) until stopped with Ctrl-C or
    SIGTERM. Start web processes with CASEBOARD_JOBS_IN_PROCESS=0 when a
    worker runs, so jobs stay out of the web workers."""
    huey = jobs_of().huey
    click.echo(
        f"Running jobs from {type(huey.storage).__name__} with {threads} thread(s)."
    )
    huey.create_consumer(workers=threads, worker_type="thread").run()


def jobs_of(app: Flask | None = None) -> Jobs:
    return (app or current_app).extensions[EXTENSION]
