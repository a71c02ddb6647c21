"""The clients of the reliability benchmark: signed-in people writing over
real HTTP, each write logged with what it was based on and how it ended.

A write ends ``accepted`` (saved), ``conflict`` (refused because the record
changed since the form was read), ``refused`` (a rule or validation said
no), ``error`` (a 5xx: nothing was saved) or ``unknown`` (no answer: the
connection broke, so it may or may not have been saved). Reads end ``ok``
or ``error``.

How the app says "conflict" (read from ``caseboard/views``): the task and
case edit forms answer 200 and show the form again with "Someone saved this
record after you opened it" and both versions; the inline status change
answers 302 back to the page, which then shows "… was changed by someone
else meanwhile". Neither answers 409.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import date

from bench import htmlforms, load

CONFLICT_EDIT = "Someone saved this record after you opened it"
CONFLICT_STATUS = load.CONFLICT_TEXT  # "was changed by someone else meanwhile"
NOT_CHANGED = "was not changed"
STATUSES = ["open", "in_progress", "blocked", "done"]
BROKEN = (OSError, http.client.HTTPException)
UNANSWERED_PAUSE_S = 0.5


@dataclass
class Outcome:
    client: int
    action: str
    started: float  # time.time()
    ended: float
    status: int  # of the POST (or the GET, for reads); 0: no answer
    result: str  # accepted, conflict, refused, error, unknown; ok for reads
    ms: float = 0.0
    row: str = ""  # "tasks/12"
    field: str = ""
    value: str = ""
    version: int = 0  # the version the write was based on
    detail: str = ""


@dataclass
class ClientSpec:
    number: int
    email: str
    cookies: dict[str, str]
    csrf: str
    person_id: int
    people: list[int] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)  # may add tasks to these


@dataclass
class WriteTarget:
    """The few rows every writer fights over."""

    case_id: int
    task_ids: list[int]
    editors: list[str]  # emails of users who may edit the case


@dataclass
class Job:
    mode: str  # writers, inserts, reads
    port: int
    until: float
    tag: str  # marks this run's rows and values
    clients: list[ClientSpec]
    target: WriteTarget | None = None
    pages: list[str] = field(default_factory=list)
    seed: int = 1


class Client:
    def __init__(self, spec: ClientSpec, job: Job) -> None:
        self.spec, self.job = spec, job
        self.browser = load.Browser("127.0.0.1", job.port)
        self.browser.cookies = dict(spec.cookies)
        self.browser.csrf = spec.csrf
        self.rng = random.Random(f"{job.seed}-{spec.number}")
        self.sequence = 0
        self.outcomes: list[Outcome] = []

    def next_value(self) -> str:
        self.sequence += 1
        return f"{self.job.tag} c{self.spec.number:02d} #{self.sequence:05d}"

    def call(
        self, method: str, path: str, form: load.Form | None = None
    ) -> tuple[load.Answer | None, str]:
        try:
            return self.browser.request(method, path, form), ""
        except BROKEN as error:
            return None, f"{method} {path}: {error!r}"

    def log(self, action: str, started: float, **values: object) -> Outcome:
        outcome = Outcome(
            self.spec.number,
            action,
            started,
            time.time(),
            **values,  # type: ignore[arg-type]
        )
        self.outcomes.append(outcome)
        return outcome

    # Reads -------------------------------------------------------------------

    def read(self, page: str) -> None:
        started = time.time()
        answer, broken = self.call("GET", page)
        if answer is None:
            self.log("read", started, status=0, result="error", detail=broken)
            return
        ok = answer.status == 200
        self.log(
            "read",
            started,
            status=answer.status,
            result="ok" if ok else "error",
            ms=answer.ms,
            detail="" if ok else f"GET {page}: {answer.status}",
        )

    # Edits of the same few rows ---------------------------------------------

    def edit(self, action: str, path: str, row: str, name: str) -> None:
        """Read the edit form, change one field to a value of our own, post
        the rest as read (with the version the form carried)."""
        started = time.time()
        page, broken = self.call("GET", path)
        if page is None or page.status != 200:
            status = page.status if page else 0
            self.log(action, started, status=status, result="error", detail=broken)
            return
        form = htmlforms.find_form(page.body, field="version")
        if form is None:
            self.log(action, started, status=200, result="error", detail="no form")
            return
        value = self.next_value()
        version = int(form.value("version") or 0)
        answer, broken = self.call("POST", path, form.with_values(**{name: value}))
        where = {"row": row, "field": name, "value": value, "version": version}
        if answer is None:
            self.log(
                action, started, status=0, result="unknown", detail=broken, **where
            )
            return
        result, detail = _edit_result(answer, path)
        self.log(
            action,
            started,
            status=answer.status,
            result=result,
            ms=answer.ms,
            detail=detail,
            **where,
        )

    def change_status(self, task_id: int) -> None:
        """As on a task's page: read the status form, pick another status,
        post it, then read the page it sends back to for the flash."""
        started = time.time()
        path = f"/tasks/{task_id}"
        page, broken = self.call("GET", path)
        if page is None or page.status != 200:
            status = page.status if page else 0
            self.log("status change", started, status=status, result="error")
            return
        form = htmlforms.find_form(page.body, action=f"{path}/status")
        if form is None:
            self.log("status change", started, status=200, result="error")
            return
        current = form.value("status")
        status = self.rng.choice([s for s in STATUSES if s != current])
        version = int(form.value("version") or 0)
        where = {"row": f"tasks/{task_id}", "field": "status", "version": version}
        answer, broken = self.call(
            "POST", f"{path}/status", form.with_values(status=status)
        )
        if answer is None:
            self.log(
                "status change",
                started,
                status=0,
                result="unknown",
                value=status,
                detail=broken,
                **where,
            )
            return
        result, detail = "error", f"POST {path}/status: {answer.status}"
        if answer.status == 302 and not answer.location.startswith("/login"):
            back, broken = self.call("GET", answer.location)
            if back is None or back.status != 200:
                result, detail = "unknown", broken or "the page after the change failed"
            elif CONFLICT_STATUS in back.body:
                result, detail = "conflict", ""
            elif NOT_CHANGED in back.body:
                result, detail = "refused", "not changed (form error)"
            else:
                result, detail = "accepted", ""
        self.log(
            "status change",
            started,
            status=answer.status,
            result=result,
            ms=answer.ms,
            value=status,
            detail=detail,
            **where,
        )

    # New rows ------------------------------------------------------------------

    def add_contact(self) -> None:
        other = self.rng.choice(
            [p for p in self.spec.people if p != self.spec.person_id]
        )
        tag = self.next_value()
        self._insert(
            "contact",
            f"/contacts/new?person={other}",
            [
                ("csrf_token", self.browser.csrf),
                ("occurred_on", date.today().isoformat()),
                ("kind", "call"),
                ("people", self.spec.person_id),
                ("people", other),
                ("case_id", "0"),
                ("notes", tag),
            ],
            tag,
        )

    def add_task(self) -> None:
        case_id = self.rng.choice(self.spec.cases)
        tag = self.next_value()
        self._insert(
            "task",
            f"/cases/{case_id}/tasks/new",
            [
                ("csrf_token", self.browser.csrf),
                ("title", tag),
                ("description", "Written by the reliability benchmark."),
                ("assignee_id", "0"),
                ("organization_id", "0"),
                ("due_on", ""),
                ("priority", "normal"),
                ("response_id", "0"),
            ],
            tag,
        )

    def _insert(self, action: str, path: str, form: load.Form, tag: str) -> None:
        started = time.time()
        answer, broken = self.call("POST", path, form)
        if answer is None:
            self.log(
                action, started, status=0, result="unknown", value=tag, detail=broken
            )
            return
        if answer.status == 302 and not answer.location.startswith("/login"):
            result, detail = "accepted", ""
        elif answer.status >= 500:
            result, detail = "error", f"POST {path}: {answer.status}"
        else:
            result, detail = "refused", f"POST {path}: {answer.status}"
        self.log(
            action,
            started,
            status=answer.status,
            result=result,
            ms=answer.ms,
            value=tag,
            detail=detail,
        )


def _edit_result(answer: load.Answer, path: str) -> tuple[str, str]:
    if answer.status == 302 and not answer.location.startswith("/login"):
        return "accepted", ""
    if answer.status == 200 and CONFLICT_EDIT in answer.body:
        return "conflict", ""
    if answer.status == 200:
        return "refused", f"POST {path}: the form came back with errors"
    return "error", f"POST {path}: {answer.status} {answer.location}"


def _writers(client: Client) -> None:
    target = client.job.target
    assert target is not None
    action = client.rng.choices(["task", "case", "status"], weights=[2, 1, 2])[0]
    task_id = client.rng.choice(target.task_ids)
    if action == "task":
        path = f"/tasks/{task_id}/edit"
        client.edit("task edit", path, f"tasks/{task_id}", "description")
    elif action == "case":
        path = f"/cases/{target.case_id}/edit"
        client.edit("case edit", path, f"cases/{target.case_id}", "goals")
    else:
        client.change_status(task_id)


def _inserts(client: Client) -> None:
    if client.spec.cases and client.rng.random() < 0.5:
        client.add_task()
    else:
        client.add_contact()


def _reads(client: Client) -> None:
    client.read(client.rng.choice(client.job.pages))


ACTIONS = {"writers": _writers, "inserts": _inserts, "reads": _reads}


def drive(job: Job) -> list[Outcome]:
    """One client process: its clients as threads until ``job.until``."""
    clients = [Client(spec, job) for spec in job.clients]
    act = ACTIONS[job.mode]

    def loop(client: Client) -> None:
        while time.time() < job.until:
            act(client)
            if client.outcomes and client.outcomes[-1].result == "unknown":
                # No answer (a dead host): wait a little, as a person would,
                # instead of spinning on refused connections.
                time.sleep(UNANSWERED_PAUSE_S)

    threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [o for c in clients for o in c.outcomes]
