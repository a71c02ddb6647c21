"""Stored results of long calculations, and the counter that says when they
went stale.

``DataVersion`` rows get a new random value in the same transaction as any
change to the data a calculation reads (see ``caseboard.network.freshness``),
so a stored result is fresh exactly when it was computed at the current value.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from caseboard.models.base import Base, EnumString, utcnow
from caseboard.models.columns import belongs_to, intpk


class DataVersion(Base):
    """A named data version: ``network`` changes with people, memberships,
    relationships, contacts, attendance and case roles; ``people`` only when
    a person is added or removed."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class SnapshotStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class NetworkSnapshot(Base):
    """The network and its metrics for one scope, as one viewer class sees it.

    ``key`` digests the scope, its filters and the set of people the viewer
    may see, so viewers who see different people never share a result.
    ``payload`` is the signed, compressed result (``caseboard.network.cache``);
    it stays while a recomputation runs, so the page can show the previous
    figures with their age.
    """

    __tablename__ = "network_snapshots"

    id: Mapped[intpk]
    key: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[SnapshotStatus] = mapped_column(
        EnumString(SnapshotStatus, 20), default=SnapshotStatus.QUEUED
    )
    # The data version the stored payload was computed at, and the one the
    # queued or running job is computing.
    computed_version: Mapped[int | None]
    wanted_version: Mapped[int] = mapped_column(default=0)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    computed_at: Mapped[datetime | None]
    seconds: Mapped[float | None] = mapped_column(Float)
    people: Mapped[int | None]
    ties: Mapped[int | None]
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Beside the payload, so the API answers without unpickling it: the
    # result's cut people (ids) and bridges (pairs of ids), as
    # ``{"people": [...], "ties": [[a, b], ...]}``; None before it was kept.
    points_of_failure: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text, default="")


class PersonMetric(Base):
    """One person's figures in one stored network result (a ``NetworkSnapshot``),
    written with it by the background job, so a page that shows a few people
    (a person's page, the side panel, the dashboard's top brokers) reads those
    rows by person or by an indexed column instead of the whole payload.

    Rows are replaced whenever their snapshot is; ``computed_at`` is the
    snapshot's. Values are rounded as the network page shows them
    (``network.report``).
    """

    __tablename__ = "network_person_metrics"
    __table_args__ = (
        UniqueConstraint(
            "snapshot_id", "person_id", name="uq_network_person_metrics_person"
        ),
        Index("ix_network_person_metrics_betweenness", "snapshot_id", "betweenness"),
        Index("ix_network_person_metrics_degree", "snapshot_id", "degree"),
    )

    id: Mapped[intpk]
    snapshot_id: Mapped[int] = belongs_to("network_snapshots")
    person_id: Mapped[int] = belongs_to("people", index=True)
    degree: Mapped[float] = mapped_column(Float)
    betweenness: Mapped[float] = mapped_column(Float)
    closeness: Mapped[float] = mapped_column(Float)
    eigenvector: Mapped[float | None] = mapped_column(Float)
    community: Mapped[int | None]
    constraint: Mapped[float | None] = mapped_column(Float)
    effective_size: Mapped[float | None] = mapped_column(Float)
    computed_at: Mapped[datetime]
