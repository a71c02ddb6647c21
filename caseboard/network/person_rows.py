"""The per-person rows stored beside a network result (``PersonMetric``),
and its points of failure: written by the background job with the payload,
so pages that show a few people, and the API, read those instead of
unpickling the whole result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert

from caseboard.extensions import db
from caseboard.models import PersonMetric
from caseboard.network.report import Report

FIGURES = (
    "degree",
    "betweenness",
    "closeness",
    "eigenvector",
    "community",
    "constraint",
    "effective_size",
)


def replace_rows(
    snapshot_id: int, metrics: dict[Any, dict[str, Any]], computed_at: datetime
) -> int:
    """Replace the snapshot's rows with one per person in ``metrics`` (the
    report's person id → figures); returns how many were written. One
    statement each for the delete and the insert, whatever the size."""
    db.session.execute(
        delete(PersonMetric).where(PersonMetric.snapshot_id == snapshot_id)
    )
    rows = [
        {
            "snapshot_id": snapshot_id,
            "person_id": person_id,
            "computed_at": computed_at,
            **{name: figures.get(name) for name in FIGURES},
        }
        for person_id, figures in metrics.items()
        if isinstance(person_id, int)
    ]
    if rows:
        db.session.execute(insert(PersonMetric), rows)
    return len(rows)


def points_of_failure(report: Report) -> dict[str, Any]:
    """The report's articulation points (person ids, ascending) and bridges
    (pairs of person ids, as the report orders them), as stored on the
    snapshot row (``NetworkSnapshot.points_of_failure``)."""
    failure = report.points_of_failure
    return {
        "people": sorted(cut.person for cut in failure.people),
        "ties": [[cut.a, cut.b] for cut in failure.ties],
    }
