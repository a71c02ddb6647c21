"""The per-person rows stored beside a network result (``PersonMetric``):
written by the background job with the payload, so pages that show a few
people read those rows instead of unpickling the whole result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert

from caseboard.extensions import db
from caseboard.models import PersonMetric

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
