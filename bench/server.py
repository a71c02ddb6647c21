"""Gunicorn serving the app on a free local port, its workers' peak memory,
and a clean stop by the master's PID."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from bench.database import REPO

SECRET_KEY = "caseboard-bench-" + "0" * 48  # fixed: every worker signs alike


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(
        self,
        url: str,
        workers: int,
        cache: Path,
        extra_args: Sequence[str] = (),
        environment: Mapping[str, str] | None = None,
    ) -> None:
        """``extra_args``: more gunicorn options (e.g. an access log);
        ``environment``: settings over the benchmark's own (e.g. Redis)."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = cache / "gunicorn.log"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        env = (
            os.environ
            | {
                "CASEBOARD_DATABASE_URL": url,
                "CASEBOARD_SECRET_KEY": SECRET_KEY,
                "CASEBOARD_INSTANCE_PATH": str(cache),
                "CASEBOARD_WORKERS": str(workers),
                # Every virtual user signs in from 127.0.0.1 within seconds.
                "CASEBOARD_RATELIMIT_SIGN_IN": "10000 per minute",
            }
            | dict(environment or {})
        )
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    str(gunicorn),
                    "--workers",
                    str(workers),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--timeout",
                    "120",
                    *extra_args,
                    "wsgi:app",
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as r:
                    if r.status == 200 and len(self.worker_pids()) > 0:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; {self.log}")

    def worker_pids(self) -> list[int]:
        """Children of the gunicorn master, from /proc."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces; the fields after ')' do not.
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid:
                pids.append(int(entry.name))
        return sorted(pids)

    def worker_peak_rss_kb(self) -> dict[int, int]:
        """VmHWM (peak resident memory) of each worker, in kB."""
        peaks = {}
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[pid] = int(line.split()[1])
            except OSError:
                continue
        return peaks

    def stop(self) -> None:
        """SIGTERM to the master (a graceful shutdown), SIGKILL if it hangs."""
        if self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
