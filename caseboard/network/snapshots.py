"""The network and its metrics, computed once and reused until the data changes.

Three layers, cheapest first:

1. a small in-memory cache per worker process, so a second view costs a dict
   lookup;
2. stored snapshots (``network_snapshots``), written by the background job
   for scopes too big to compute while a page waits (the whole coalition at
   city scale), shared by every worker and kept across restarts;
3. computing live, for scopes of up to ``LIVE_LIMIT`` people (a case, an
   organization, a neighbourhood, a small coalition).

A result is fresh when it was computed at the current data version (see
``freshness``) on the same local day (tie states depend on the date). A stale
snapshot is still shown, with its age, while its replacement is computed.

Every key digests the set of people the viewer may see, so two viewers who see
different people never share a result.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from caseboard.clock import local_date, today
from caseboard.extensions import db
from caseboard.jobs import jobs_of
from caseboard.models import Case, NetworkSnapshot, Person, SnapshotStatus, User
from caseboard.network import freshness
from caseboard.network.graph import Built, Scope, build
from caseboard.network.payload import unpack
from caseboard.network.report import Report, build_report
from caseboard.permissions import visible_cases, visible_people

log = logging.getLogger(__name__)

JOB_NAME = "network_snapshot"
# Up to this many people a scope is computed while the page waits: about a
# second for the graph and its metrics on this project's 2-core benchmark
# machine (bench/network.py). Above it the background job computes it.
LIVE_LIMIT = 1500
# A job that has not finished after this long is presumed dead (its worker
# was killed) and is requested again.
STALLED_AFTER = timedelta(minutes=30)
# A failed job is not asked for again on every page view, only after this.
RETRY_FAILED_AFTER = timedelta(minutes=1)
MEMORY_ENTRIES = 8
# Bumped when the pickled classes change shape or module, so old payloads are
# ignored. 2: the analysis classes moved out of network/analysis.py.
PAYLOAD_FORMAT = 2


@dataclass
class Analysis:
    """What a page shows: the graph and report, or why there are none yet."""

    built: Built | None
    report: Report | None
    status: str  # live, done, queued, running, failed
    fresh: bool
    computed_at: datetime | None = None
    seconds: float | None = None
    requested_at: datetime | None = None
    error: str = ""
    # A neighbourhood's per-person figures are read from the coalition's
    # stored result (``neighbourhood``): when it was computed (None: not yet)
    # and whether it is of the current data.
    figures_at: datetime | None = None
    figures_fresh: bool = True

    @property
    def ready(self) -> bool:
        return self.report is not None

    @classmethod
    def live(
        cls, built: Built, report: Report, started: float, **figures: Any
    ) -> Analysis:
        """Worked out while the page waited, since ``started``
        (``time.perf_counter``); ``figures``: where the per-person figures
        came from, for a neighbourhood."""
        return cls(
            built=built,
            report=report,
            status="live",
            fresh=True,
            computed_at=datetime.now(UTC),
            seconds=time.perf_counter() - started,
            **figures,
        )


# ------------------------------------------------------------------ keys


def visible_people_digest(
    viewer: User, people_version: int | None = None
) -> tuple[str, int]:
    """A digest of what shapes the viewer's network — the ids of everyone
    they may see and of every case they may see (contacts on hidden cases do
    not count) — and how many people that is. ``people_version``: the
    people's data version, when the caller has read it already."""
    people_text, count = _people_ids_text(viewer, people_version)
    cases = "all"
    if not viewer.is_admin:
        ids = db.session.scalars(
            visible_cases(viewer).with_only_columns(Case.id).order_by(Case.id)
        ).all()
        cases = ",".join(map(str, ids))
    text = people_text + "|" + cases
    return hashlib.sha256(text.encode()).hexdigest(), count


def _people_ids_text(viewer: User, version: int | None) -> tuple[str, int]:
    query = visible_people(viewer).with_only_columns(Person.id).order_by(Person.id)
    # The version first: ids read after it are at least as new, so an entry
    # is never older than its version. The people's own version, not the
    # network's: a contact logged leaves the ids as they were (reading 10,000
    # again after each one was a tenth of a case's network page).
    if version is None:
        version = freshness.current(db.session, freshness.PEOPLE)
    key = (version, str(query.compile(compile_kwargs={"literal_binds": True})))
    if (found := memory.people.get(key)) is not None:
        return found
    people = db.session.scalars(query).all()
    found = ",".join(map(str, people)), len(people)
    with memory.lock:
        memory.people[key] = found
        while len(memory.people) > MEMORY_ENTRIES:
            memory.people.popitem(last=False)
    return found


def _scope_text(scope: Scope) -> str:
    values = asdict(scope)
    values["as_of"] = scope.as_of.isoformat() if scope.as_of else None
    return json.dumps(values, sort_keys=True)


def snapshot_key(scope: Scope, people_digest: str) -> str:
    text = f"{PAYLOAD_FORMAT}|{_scope_text(scope)}|{people_digest}"
    return hashlib.sha256(text.encode()).hexdigest()


# --------------------------------------------------------- in-memory layer


class _Memory:
    """A tiny LRU of (key → version, day, Analysis) for this worker process;
    and of the visible people's ids by (data version, query): the set of
    people changes only with the data version, and a query that differs by
    viewer has its own entries (reading 10,000 ids took 20–50 ms of every
    dashboard and network page)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[int, date, Analysis]] = OrderedDict()
        self.people: OrderedDict[tuple[int, str], tuple[str, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, version: int, day: date) -> Analysis | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != version or entry[1] != day:
                return None
            self.entries.move_to_end(key)
            return entry[2]

    def put(self, key: str, version: int, day: date, analysis: Analysis) -> None:
        with self.lock:
            self.entries[key] = (version, day, analysis)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.people.clear()


memory = _Memory(MEMORY_ENTRIES)


# ------------------------------------------------------------ the entry point


def analyse(
    viewer: User, scope: Scope, case: Case | None = None, with_history: bool = True
) -> Analysis:
    """The graph and report for ``scope`` as ``viewer`` may see it: from
    memory, from a fresh snapshot, computed live, or — for a coalition too
    big to compute now — the last snapshot (possibly none) while a job
    computes the current one. Without ``with_history`` a scope computed live
    may come without the network over time (``built.history`` None); the
    coalition's always has it, as the job stores it."""
    key, version, day, row, found, visible_count = _look_up(viewer, scope)
    if found is not None:
        return found
    if scope.kind != "coalition":
        # Kept apart from the full result, which a page may ask for next.
        key = key if with_history else key + "|without history"
        if not with_history and (hit := memory.get(key, version, day)):
            return hit
        analysis = _compute_live(viewer, scope, case, with_history)
        memory.put(key, version, day, analysis)
        return analysis
    if visible_count <= LIVE_LIMIT:
        analysis = _compute_live(viewer, scope, case)
        memory.put(key, version, day, analysis)
        if scope.as_of is None:
            # Shown live, but stored too for the pages that read per-person rows.
            _request(viewer, scope, key, version)
        return analysis
    return _stale_while_computing(viewer, scope, key, version, row)


def stored(viewer: User, scope: Scope) -> Analysis:
    """``analyse`` without computing while the caller waits, whatever the
    scope's size: the fresh result if one is kept, else the last stored one
    (possibly none) while the job computes the current one."""
    key, version, _, row, found, _ = _look_up(viewer, scope)
    if found is not None:
        return found
    return _stale_while_computing(viewer, scope, key, version, row)


def _look_up(
    viewer: User, scope: Scope
) -> tuple[str, int, date, NetworkSnapshot | None, Analysis | None, int]:
    """The scope's key, the data version, the day, its stored row, a fresh
    result (from memory or the row) if there is one, and how many people the
    viewer sees."""
    version, people_version = freshness.both(db.session)
    day = scope.as_of or today()
    digest, visible_count = visible_people_digest(viewer, people_version)
    key = snapshot_key(scope, digest)
    if (hit := memory.get(key, version, day)) is not None:
        return key, version, day, None, hit, visible_count
    row = db.session.scalar(select(NetworkSnapshot).where(NetworkSnapshot.key == key))
    if (
        row is not None
        and is_fresh(row, version, scope)
        and (unpacked := unpack(row.payload)) is not None
    ):
        analysis = _from_row(row, unpacked, fresh=True)
        memory.put(key, version, day, analysis)
        return key, version, day, row, analysis, visible_count
    return key, version, day, row, None, visible_count


def is_fresh(row: NetworkSnapshot, version: int, scope: Scope) -> bool:
    """Computed at this data version and, for today's network (whose tie
    states age daily), today."""
    if row.computed_version != version or row.computed_at is None:
        return False
    return scope.as_of is not None or local_date(row.computed_at) == today()


def _from_row(
    row: NetworkSnapshot, unpacked: tuple[Built, Report], fresh: bool
) -> Analysis:
    built, report = unpacked
    return Analysis(
        built=built,
        report=report,
        status=row.status if not fresh else SnapshotStatus.DONE,
        fresh=fresh,
        computed_at=row.computed_at,
        seconds=row.seconds,
        requested_at=row.requested_at,
        error=row.error,
    )


def _compute_live(
    viewer: User, scope: Scope, case: Case | None, with_history: bool = True
) -> Analysis:
    started = time.perf_counter()
    built = build(viewer, scope, case, with_history)
    return Analysis.live(built, build_report(built.graph), started)


def _stale_while_computing(
    viewer: User, scope: Scope, key: str, version: int, row: NetworkSnapshot | None
) -> Analysis:
    """The last stored result (or none), and the job asked for if it is not
    already."""
    status, requested_at = ask_for(viewer, scope, key, version, row)
    unpacked = unpack(row.payload) if row is not None else None
    if row is None or unpacked is None:
        return Analysis(
            built=None,
            report=None,
            status=status,
            fresh=False,
            requested_at=requested_at,
            error=row.error if row is not None else "",
        )
    analysis = _from_row(row, unpacked, fresh=False)
    analysis.status, analysis.requested_at = status, requested_at
    return analysis


def ask_for(
    viewer: User, scope: Scope, key: str, version: int, row: NetworkSnapshot | None
) -> tuple[str, datetime | None]:
    """The job's status, and since when it is asked for (None: it failed a
    moment ago, so not asked again yet). A page never writes to the
    database for this, so a GET stays read-only and a POST's transaction is
    not held up by the queue."""
    now = datetime.now(UTC)
    recently_failed = (
        row is not None
        and row.status == SnapshotStatus.FAILED
        and row.wanted_version == version
        and row.started_at is not None
        and now - row.started_at < RETRY_FAILED_AFTER
    )
    requested_at = None if recently_failed else _request(viewer, scope, key, version)
    status = SnapshotStatus.QUEUED
    if row is not None and row.wanted_version == version:
        status = row.status
    return status, requested_at


def pending_token(key: str) -> str:
    # Per scope, not per data version: a burst of contacts while a job waits
    # queues nothing more, since the job reads the data as it is when it
    # starts. Contacts logged while it runs queue one more on the next view.
    return f"network-snapshot:{key}"


def _request(viewer: User, scope: Scope, key: str, version: int) -> datetime:
    """Queue the job unless it already is (for this scope), and say
    since when it has been asked for. The marker lives in the queue's own
    storage and is removed by the job; a marker older than
    ``STALLED_AFTER`` belongs to a job whose worker died, and is replaced."""
    jobs = jobs_of()
    token = pending_token(key)
    now = datetime.now(UTC)
    if not jobs.huey.put_if_empty(token, now.isoformat()):
        asked = jobs.huey.get(token, peek=True)
        since = datetime.fromisoformat(asked) if asked else now
        if now - since < STALLED_AFTER:
            return since
        jobs.huey.put(token, now.isoformat())
    jobs.enqueue(
        JOB_NAME,
        viewer_id=viewer.id,
        scope=_scope_text(scope),
        key=key,
        version=version,
    )
    return now
