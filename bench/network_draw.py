"""How long Chromium takes to draw the network page at 2,000 and 10,000 people.

    python -m bench.network_draw [--sizes 2000,10000] [--json FILE]

For each size: a generated coalition in a fresh SQLite database, the app on
127.0.0.1 (a werkzeug server in this process, background jobs in a thread as
in the one-command start), Debian's Chromium through Playwright. It signs in
as the administrator, opens the whole coalition, waits for the background job
(first visit), then reloads and times from navigation to the drawn graph
("… ties drawn" in the status line: fetch, layout and render). At 10,000
people the page draws the 2,000 best-connected and says so.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

PASSWORD = "bench-password-123"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def serve(people: int, folder: Path):  # type: ignore[no-untyped-def]
    os.environ["CASEBOARD_INSTANCE_PATH"] = str(folder)
    os.environ["CASEBOARD_DATABASE_URL"] = f"sqlite:///{folder / 'draw.db'}"
    os.environ["CASEBOARD_REQUIRE_MFA_FOR_ADMINS"] = "0"
    os.environ["CASEBOARD_JOBS_IN_PROCESS"] = "1"
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from caseboard import create_app
    from caseboard.config import Config
    from caseboard.extensions import db
    from caseboard.generate import generate

    app = create_app(Config())
    with app.app_context():
        upgrade()
        generate(people, password=PASSWORD)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(people: int, folder: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from caseboard.generate import ADMIN_EMAIL

    server = serve(people, folder)
    base = f"http://127.0.0.1:{server.server_port}"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    figures: dict[str, Any] = {"people": people}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{base}/login")
            page.fill("input[name=email]", ADMIN_EMAIL)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            started = time.perf_counter()
            page.goto(f"{base}/network")
            # First visit: the background job computes; the page reloads itself.
            page.wait_for_selector("#cy", timeout=600_000)
            # A locator, not wait_for_function: the CSP forbids eval.
            drawn = page.locator("#graph-status", has_text="ties drawn")
            figures["job_s"] = round(time.perf_counter() - started, 2)
            drawn.wait_for(timeout=600_000)
            started = time.perf_counter()
            page.reload()
            drawn.wait_for(timeout=600_000)
            figures["draw_s"] = round(time.perf_counter() - started, 2)
            figures["status"] = page.inner_text("#graph-status")
            browser.close()
    finally:
        server.shutdown()
    print(f"{people} people: {figures}", flush=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="caseboard-draw-") as tmp:
            results.append(measure(size, Path(tmp)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
