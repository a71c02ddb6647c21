"""Browser tests: Debian's Chromium, driven by Playwright, against a live server.

The server runs the app in a daemon thread of the test process, on 127.0.0.1 and
a free port, with its own database (the browser's requests are answered in other
threads, so the session-wide ``app`` fixture cannot be shared). It is loaded
once with the demo city; tests that change data choose values of their own.

When no Chromium is found the tests here are skipped, so a laptop without one
still passes; with ``CASEBOARD_REQUIRE_BROWSER=1`` (CI) that is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import ConsoleMessage, Error, Page
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from caseboard.database import force_read_only
from caseboard.extensions import db
from tests.browser.helpers import DEMO_PASSWORD
from tests.conftest import build_app, fresh_database

HERE = Path(__file__).resolve().parent

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


def find_chromium() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


CHROMIUM = find_chromium()
REQUIRE_BROWSER = os.environ.get("CASEBOARD_REQUIRE_BROWSER") == "1"
NO_CHROMIUM = (
    "Chromium not found (no `chromium` on PATH, no /usr/bin/chromium); "
    "install it with `apt-get install chromium`"
)


def _in_this_folder(item: pytest.Item) -> bool:
    return HERE in Path(item.path).resolve().parents


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    # A conftest's hook sees the whole session's items: touch only ours.
    for item in items:
        if not _in_this_folder(item):
            continue
        item.add_marker(pytest.mark.browser)
        if CHROMIUM is None and not REQUIRE_BROWSER:
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.fixture(scope="session", autouse=True)
def _chromium_is_required() -> None:
    """Reached without Chromium only under CASEBOARD_REQUIRE_BROWSER=1 (the
    others were skipped at collection). Session-scoped and autouse, so it runs
    before pytest-playwright tries to launch the browser."""
    if CHROMIUM is None:
        pytest.fail(f"CASEBOARD_REQUIRE_BROWSER=1 but {NO_CHROMIUM}", pytrace=False)


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], browser_name: str | None
) -> dict[str, Any]:
    if browser_name not in (None, "chromium"):
        return browser_type_launch_args  # --browser firefox: Playwright's own
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr for every page and stylesheet."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@pytest.fixture(scope="session")
def browser_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app behind the live server, on its own database, loaded with the
    demo city. Real forms: CSRF is on, as in production."""
    from caseboard.demo import load_demo

    folder = tmp_path_factory.mktemp("browser")
    with fresh_database(folder) as url:
        app = build_app(url, folder)
        app.config["WTF_CSRF_ENABLED"] = True
        with app.app_context():
            load_demo(password=DEMO_PASSWORD)
            db.session.commit()
        yield app
        with app.app_context():
            db.engine.dispose()


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 and a free port from a daemon thread; its
    address. For the live server, and for tests with a database of their own."""
    server: BaseWSGIServer = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler
    )
    thread = threading.Thread(
        target=server.serve_forever, name="caseboard-live-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(browser_app: Flask) -> Iterator[str]:
    with serve(browser_app) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """pytest-playwright's ``base_url``: ``page.goto("/people")`` works."""
    return live_server


@pytest.fixture
def in_app(browser_app: Flask) -> Callable[[], Any]:
    """``with in_app(): ...`` reads or prepares data in the live server's
    database from the test thread. Keep the block short: it holds a
    connection, and reads are DEFERRED so they never block the server."""

    @contextmanager
    def context() -> Iterator[None]:
        token = force_read_only.set(True)
        try:
            with browser_app.app_context():
                yield
        finally:
            force_read_only.reset(token)

    return context


BROWSER_ERRORS = pytest.StashKey[list[str]]()


@pytest.fixture(autouse=True)
def _fail_on_browser_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Any uncaught script error, or console error (a failed request included),
    fails the test that caused it: collected here, reported by
    ``pytest_runtest_call`` below, and at teardown for any that come later."""
    if "page" not in request.fixturenames:
        yield
        return
    page: Page = request.getfixturevalue("page")
    problems: list[str] = []
    request.node.stash[BROWSER_ERRORS] = problems

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            problems.append(f"console error: {message.text} ({where})")

    def on_page_error(error: Error) -> None:
        problems.append(f"page error: {error.message}\n{error.stack or ''}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield
    if problems:
        pytest.fail(_describe(problems), pytrace=False)


def _describe(problems: list[str]) -> str:
    return "The browser reported errors:\n" + "\n".join(problems)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Report browser errors as the test's failure, not as a teardown error; when
    the test failed anyway, add them to its report (they may be the cause)."""
    problems = item.stash.get(BROWSER_ERRORS, [])
    try:
        result = yield
    except Exception as error:
        if problems:
            error.add_note(_describe(problems))
            problems.clear()
        raise
    if problems:
        message = _describe(problems)
        problems.clear()
        pytest.fail(message, pytrace=False)
    return result
