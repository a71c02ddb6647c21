"""The background job that computes a network result and stores it, with
its per-person rows, for the pages that read them (registered with the
queue by the app factory under ``snapshots.JOB_NAME``)."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, date, datetime

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.jobs import jobs_of
from caseboard.models import NetworkSnapshot, SnapshotStatus, User
from caseboard.network import freshness
from caseboard.network.graph import Scope, build
from caseboard.network.payload import is_signed, pack
from caseboard.network.person_rows import points_of_failure, replace_rows
from caseboard.network.report import build_report
from caseboard.network.snapshots import is_fresh, pending_token

log = logging.getLogger(__name__)


def compute_snapshot(viewer_id: int, scope: str, key: str, version: int) -> None:
    """The background job: compute the scope for the viewer and store it,
    at the data version current when it starts. Skips the work when a fresh
    result is already stored (the job was asked for twice)."""
    try:
        _compute(viewer_id, _scope_from_text(scope), key)
    finally:
        jobs_of().huey.delete(pending_token(key))


def _scope_from_text(text: str) -> Scope:
    values = json.loads(text)
    values["as_of"] = date.fromisoformat(values["as_of"]) if values["as_of"] else None
    values["types"] = tuple(values["types"])
    return Scope(**values)


def _compute(viewer_id: int, scope: Scope, key: str) -> None:
    viewer = db.session.get(User, viewer_id)
    if viewer is None or not viewer.is_active:
        return
    version = freshness.current(db.session)
    row = db.session.scalar(select(NetworkSnapshot).where(NetworkSnapshot.key == key))
    if row is None:
        row = NetworkSnapshot(key=key, scope=scope.describe()[:200])
        db.session.add(row)
    elif (
        is_fresh(row, version, scope)
        and is_signed(row.payload)
        and row.points_of_failure is not None
    ):
        return
    row.status, row.wanted_version = SnapshotStatus.RUNNING, version
    row.started_at = datetime.now(UTC)
    db.session.commit()
    started = time.perf_counter()
    try:
        built = build(viewer, scope)
        report = build_report(built.graph)
        payload = pack(built, report)
    except Exception as error:
        db.session.rollback()
        log.exception("network snapshot %s failed", key)
        row.status, row.error = SnapshotStatus.FAILED, str(error)[:2000]
        db.session.commit()
        raise
    row.status = SnapshotStatus.DONE
    row.payload = payload
    row.computed_version = version
    row.computed_at = datetime.now(UTC)
    replace_rows(row.id, report.metrics, row.computed_at)
    row.points_of_failure = points_of_failure(report)
    row.seconds = round(time.perf_counter() - started, 3)
    row.people = built.graph.number_of_nodes()
    row.ties = built.graph.number_of_edges()
    row.error = ""
    db.session.commit()
