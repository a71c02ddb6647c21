"""Virtual users: each signs in through the form, then opens pages and makes
small changes in a realistic mix, back to back, until the time is up.

Standard library only: ``http.client`` per request (gunicorn's sync workers
close the connection after each answer anyway), cookies kept by hand, the
CSRF token read from the page as a browser would. The users of one process
are threads; several processes keep the client from being the bottleneck.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode, urlsplit

from bench.database import PASSWORD
from bench.scenario import UserPlan

FLOOR = "ping (floor)"
# How often each action comes up; the floor is part of the same mix, so it
# sees the same queueing as every other page.
ACTIONS = {
    "floor": 12,
    "dashboard": 10,
    "case list": 12,
    "case page": 12,
    "task board": 9,
    "my tasks": 8,
    "status change": 6,
    "log contact": 5,
    "meeting run": 5,
    "network ego json": 5,
    "network ego page": 3,
    "network case json": 4,
}
STAGES = ["scanning", "analysis", "response", "assessment"]
SORTS = ["updated", "title", "opened", "priority"]
STATUSES = ["open", "in_progress", "blocked", "done"]
CONFLICT_TEXT = "was changed by someone else meanwhile"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
STATUS_FORM = re.compile(
    r'action="/tasks/(\d+)/status".*?name="version" value="(\d+)"'
    r'.*?name="next" value="([^"]*)".*?<option value="(\w+)" selected',
    re.S,
)


Form = list[tuple[str, object]]


class SignInFailed(RuntimeError):
    pass


@dataclass
class Session:
    cookies: dict[str, str]
    csrf: str


@dataclass
class Job:
    """One client process's share: its users and when to stop."""

    host: str
    port: int
    until: float
    seed: str
    users: list[tuple[UserPlan, Session]]
    think_ms: float = 0.0  # mean pause between actions; 0: back to back


@dataclass
class Answer:
    status: int
    location: str
    body: str
    ms: float


@dataclass
class Sample:
    page: str
    ms: float
    outcome: str  # ok, error, conflict
    detail: str = ""


class Browser:
    """One signed-in person's cookies and CSRF token."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(self, method: str, path: str, form: Form | None = None) -> Answer:
        headers = {"User-Agent": "caseboard-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        ms = (time.perf_counter() - started) * 1000
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        location = urlsplit(response.headers.get("Location", ""))
        target = location.path + (f"?{location.query}" if location.query else "")
        return Answer(response.status, target, text, ms)

    def sign_in(self, email: str) -> None:
        page = self.request("GET", "/login")
        token = CSRF.search(page.body)
        if token is None:
            raise SignInFailed(f"no CSRF token on /login ({page.status})")
        form = [
            ("csrf_token", token.group(1)),
            ("email", email),
            ("password", PASSWORD),
        ]
        answer = self.request("POST", "/login", form)
        if answer.status != 302 or answer.location.startswith("/login"):
            raise SignInFailed(f"{email}: sign-in answered {answer.status}")
        ping = self.request("GET", "/ping")
        if ping.status != 200:
            raise SignInFailed(f"{email}: /ping after sign-in answered {ping.status}")
        home = self.request("GET", "/")
        token = CSRF.search(home.body)
        if token is None:
            raise SignInFailed(f"{email}: no CSRF token on the dashboard")
        self.csrf = token.group(1)


@dataclass
class VirtualUser:
    browser: Browser
    plan: UserPlan
    rng: random.Random
    samples: list[Sample] = field(default_factory=list)

    def get(self, page: str, path: str) -> Answer | None:
        try:
            answer = self.browser.request("GET", path)
        except OSError as error:
            self.samples.append(Sample(page, 0.0, "error", f"{path}: {error!r}"))
            return None
        ok = answer.status == 200
        detail = "" if ok else f"GET {path}: {answer.status} {answer.location}"
        self.samples.append(Sample(page, answer.ms, "ok" if ok else "error", detail))
        return answer if ok else None

    def post(self, page: str, path: str, form: Form) -> Answer | None:
        try:
            answer = self.browser.request("POST", path, form)
        except OSError as error:
            self.samples.append(Sample(page, 0.0, "error", f"{path}: {error!r}"))
            return None
        if answer.status == 409:
            self.samples.append(Sample(page, answer.ms, "conflict"))
            return None
        ok = answer.status == 302 and not answer.location.startswith("/login")
        detail = "" if ok else f"POST {path}: {answer.status} {answer.location}"
        self.samples.append(Sample(page, answer.ms, "ok" if ok else "error", detail))
        return answer if ok else None

    def one(self, action: str) -> None:
        plan, rng = self.plan, self.rng
        choose = rng.choice
        if action == "floor":
            self.get(FLOOR, "/ping")
        elif action == "dashboard":
            self.get("dashboard", "/")
        elif action == "case list":
            self.get("case list", "/cases?" + urlencode(self._case_filters()))
        elif action == "case page" and plan.cases:
            self.get("case page", f"/cases/{choose(plan.cases)}")
        elif action == "task board" and plan.boards:
            self.get("task board", f"/cases/{choose(plan.boards)}/board")
        elif action == "my tasks":
            self.get("my tasks", "/tasks/mine")
        elif action == "status change" and plan.boards:
            self._change_a_status()
        elif action == "log contact":
            self._log_a_contact()
        elif action == "meeting run" and plan.meetings:
            self.get("meeting run", f"/meetings/{choose(plan.meetings)}/run")
        elif action == "network ego json":
            self.get(
                "network ego (json)",
                f"/network/data.json?person={choose(plan.people)}&radius=1",
            )
        elif action == "network ego page":
            self.get("network ego (page)", f"/network?person={choose(plan.people)}")
        elif action == "network case json" and plan.cases:
            self.get(
                "network case metrics (json)",
                f"/network/data.json?case={choose(plan.cases)}",
            )
        else:  # this user has nothing of that sort: look at the dashboard
            self.get("dashboard", "/")

    def _case_filters(self) -> list[tuple[str, object]]:
        rng, plan = self.rng, self.plan
        filters: list[tuple[str, object]] = []
        if rng.random() < 0.4:
            filters.append(("stage", rng.choice(STAGES)))
        if rng.random() < 0.3 and plan.organizations:
            filters.append(("organization", rng.choice(plan.organizations)))
        if rng.random() < 0.2 and plan.problem_types:
            filters.append(("type", rng.choice(plan.problem_types)))
        if rng.random() < 0.15:
            filters.append(("overdue", "1"))
        if rng.random() < 0.2:
            filters.append(("status", rng.choice(["all", "open", "closed"])))
        if rng.random() < 0.1:
            filters.append(("q", rng.choice(["encampment", "noise", "drug", "park"])))
        filters.append(("sort", rng.choice(SORTS)))
        return filters

    def _change_a_status(self) -> None:
        """As on the board: read a task's form, pick another status, post it,
        follow the redirect back to the board (htmx does the same)."""
        board = self.get(
            "task board", f"/cases/{self.rng.choice(self.plan.boards)}/board"
        )
        if board is None:
            return
        forms = STATUS_FORM.findall(board.body)
        if not forms:
            return
        task_id, version, back, current = self.rng.choice(forms)
        status = self.rng.choice([s for s in STATUSES if s != current])
        answer = self.post(
            "task status (POST)",
            f"/tasks/{task_id}/status",
            [
                ("csrf_token", self.browser.csrf),
                ("status", status),
                ("version", version),
                ("next", back),
            ],
        )
        if answer is None:
            return
        page = self.get("task board", answer.location)
        if page is not None and CONFLICT_TEXT in page.body:
            self.samples[-2].outcome = "conflict"  # the POST's answer, not an error

    def _log_a_contact(self) -> None:
        other = self.rng.choice(
            [p for p in self.plan.people if p != self.plan.person_id]
        )
        if self.get("contact form", f"/contacts/new?person={other}") is None:
            return
        self.post(
            "contact (POST)",
            f"/contacts/new?person={other}",
            [
                ("csrf_token", self.browser.csrf),
                ("occurred_on", date.today().isoformat()),
                ("kind", "call"),
                ("people", self.plan.person_id),
                ("people", other),
                ("case_id", "0"),
                ("notes", "Logged by the load benchmark."),
            ],
        )


def sign_in_all(host: str, port: int, plans: list[UserPlan]) -> list[Session]:
    """Sign every plan's user in (one session each)."""
    sessions = []
    for plan in plans:
        browser = Browser(host, port)
        browser.sign_in(plan.email)
        sessions.append(Session(browser.cookies, browser.csrf))
    return sessions


def solo(job: Job, repeat: int) -> list[Sample]:
    """One user alone, each action ``repeat`` times in turn: the time each
    page takes with no queue in front of it."""
    plan, session = job.users[0]
    browser = Browser(job.host, job.port)
    browser.cookies, browser.csrf = dict(session.cookies), session.csrf
    user = VirtualUser(browser, plan, random.Random(job.seed))
    for _ in range(repeat):
        for action in ACTIONS:
            user.one(action)
    return user.samples


def drive(job: Job) -> list[Sample]:
    """One client process: its users as threads until ``job.until``."""
    users = []
    for n, (plan, session) in enumerate(job.users):
        browser = Browser(job.host, job.port)
        browser.cookies, browser.csrf = dict(session.cookies), session.csrf
        users.append(VirtualUser(browser, plan, random.Random(f"{job.seed}-{n}")))
    names, weights = list(ACTIONS), list(ACTIONS.values())

    def loop(user: VirtualUser) -> None:
        while time.time() < job.until:
            user.one(user.rng.choices(names, weights=weights)[0])
            if job.think_ms:
                time.sleep(user.rng.uniform(0, 2 * job.think_ms) / 1000)

    threads = [threading.Thread(target=loop, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [s for u in users for s in u.samples]
