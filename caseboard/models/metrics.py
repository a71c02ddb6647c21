"""Stored results of long calculations, and the counter that says when they
went stale.

``DataVersion`` rows get a new random value in the same transaction as any
change to the data a calculation reads (see ``caseboard.network.freshness``),
so a stored result is fresh exactly when it was computed at the current value.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Float, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseboard.models.base import Base, EnumString, utcnow
from caseboard.models.columns import intpk


class DataVersion(Base):
    """A named data version: ``network`` changes with people, memberships,
    relationships, contacts, attendance and case roles."""

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
    error: Mapped[str] = mapped_column(Text, default="")
