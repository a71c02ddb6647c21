"""What the reliability benchmark checks in the database afterwards: no lost
update among the writers, no partial row after a killed worker, every
acknowledged write where it belongs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from bench.reliability_clients import Outcome, WriteTarget
from caseboard.models import (
    AuditEvent,
    Case,
    CaseEvent,
    Interaction,
    InteractionParticipant,
    Task,
)
from caseboard.models.timeline import EventKind

# The field each writer changes, per table.
WRITTEN = {"tasks": ("description", "status"), "cases": ("goals",)}


def _model(table: str) -> Any:
    return {"tasks": Task, "cases": Case}[table]


def row_state(connection: sa.Connection, row: str) -> dict[str, Any]:
    table, row_id = row.split("/")
    model = _model(table)
    columns = [model.version, *(getattr(model, f) for f in WRITTEN[table])]
    values = connection.execute(
        sa.select(*columns).where(model.id == int(row_id))
    ).one()
    return dict(zip(["version", *WRITTEN[table]], values, strict=True))


def snapshot(engine: sa.Engine, target: WriteTarget) -> dict[str, Any]:
    """The contested rows and the newest audit event, before the run."""
    with engine.connect() as connection:
        return {
            "rows": {row: row_state(connection, row) for row in rows_of(target)},
            "audit_id": connection.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0,
        }


def rows_of(target: WriteTarget) -> list[str]:
    return [f"tasks/{t}" for t in target.task_ids] + [f"cases/{target.case_id}"]


@dataclass
class RowCheck:
    row: str
    version_before: int
    version_after: int
    accepted: int
    conflicts: int
    unknown_landed: int
    duplicate_versions: int  # two accepted writes based on one version
    final_values_ok: bool  # each field holds its last accepted value
    audit_events: int
    audit_missing: int  # accepted values the trail never recorded
    chain_breaks: int  # an event whose "before" is not the previous "after"
    problems: list[str] = field(default_factory=list)

    @property
    def lost_updates(self) -> int:
        return (
            self.duplicate_versions
            + self.audit_missing
            + self.chain_breaks
            + (0 if self.final_values_ok else 1)
            + abs(
                self.version_after
                - self.version_before
                - self.accepted
                - self.unknown_landed
            )
        )


def check_writes(
    engine: sa.Engine,
    target: WriteTarget,
    before: dict[str, Any],
    outcomes: list[Outcome],
) -> list[RowCheck]:
    """No lost update, row by row: the accepted writes were each based on a
    different version, the version moved once per accepted write, every
    field holds its last accepted value, and the audit trail shows each
    accepted value and each write starting from the one before."""
    checks = []
    with engine.connect() as connection:
        for row in rows_of(target):
            table, row_id = row.split("/")
            mine = [o for o in outcomes if o.row == row]
            accepted = sorted(
                (o for o in mine if o.result == "accepted"), key=lambda o: o.version
            )
            after = row_state(connection, row)
            events = connection.scalars(
                sa.select(AuditEvent.changes)
                .where(
                    AuditEvent.object_type == table,
                    AuditEvent.object_id == int(row_id),
                    AuditEvent.action == "update",
                    AuditEvent.id > before["audit_id"],
                )
                .order_by(AuditEvent.id)
            ).all()
            checks.append(
                _check_row(row, before["rows"][row], after, mine, accepted, events)
            )
    return checks


def _check_row(
    row: str,
    before: dict[str, Any],
    after: dict[str, Any],
    mine: list[Outcome],
    accepted: list[Outcome],
    events: list[dict[str, Any]],
) -> RowCheck:
    table = row.split("/")[0]
    problems = []
    versions = Counter(o.version for o in accepted)
    duplicates = sum(n - 1 for n in versions.values())
    recorded = {(f, str(ch[f][1])) for ch in events for f in ch if f in WRITTEN[table]}
    missing = [o for o in accepted if (o.field, o.value) not in recorded]
    landed = [
        o
        for o in mine
        if o.result == "unknown"
        and (o.field, o.value) in recorded
        and o.field != "status"
    ]
    final_ok = True
    for name in WRITTEN[table]:
        last = [o for o in accepted if o.field == name]
        if last and str(after[name]) != last[-1].value:
            final_ok = False
            problems.append(
                f"{name} is {after[name]!r}, last accepted {last[-1].value!r}"
            )
    breaks = 0
    for name in WRITTEN[table]:
        previous = before[name]
        for changes in events:
            if name not in changes:
                continue
            old, new = changes[name]
            if str(old) != str(previous):
                breaks += 1
                problems.append(f"{name}: {old!r} overwritten, expected {previous!r}")
            previous = new
    if duplicates:
        problems.append(f"{duplicates} accepted writes shared a version")
    if missing:
        problems.append(f"{len(missing)} accepted values never reached the trail")
    return RowCheck(
        row=row,
        version_before=before["version"],
        version_after=after["version"],
        accepted=len(accepted),
        conflicts=sum(o.result == "conflict" for o in mine),
        unknown_landed=len(landed),
        duplicate_versions=duplicates,
        final_values_ok=final_ok,
        audit_events=len(events),
        audit_missing=len(missing),
        chain_breaks=breaks,
        problems=problems,
    )


# Integrity after inserts -----------------------------------------------------


def integrity(engine: sa.Engine, tag: str) -> dict[str, int]:
    """Counts that must all be 0: rows half-written or orphaned."""
    like = f"{tag} %"
    participants = (
        sa.select(sa.func.count())
        .select_from(InteractionParticipant)
        .where(InteractionParticipant.interaction_id == Interaction.id)
        .scalar_subquery()
    )

    def audited(model: Any, table: str) -> Any:
        return (
            sa.select(AuditEvent.id)
            .where(AuditEvent.object_type == table, AuditEvent.object_id == model.id)
            .exists()
        )

    queries = {
        "contacts with fewer than 2 people": sa.select(sa.func.count())
        .select_from(Interaction)
        .where(participants < 2),
        "participants of no contact": sa.select(sa.func.count())
        .select_from(InteractionParticipant)
        .outerjoin(Interaction, Interaction.id == InteractionParticipant.interaction_id)
        .where(Interaction.id.is_(None)),
        "tasks of no case": sa.select(sa.func.count())
        .select_from(Task)
        .outerjoin(Case, Case.id == Task.case_id)
        .where(Case.id.is_(None)),
        "timeline events of no task": sa.select(sa.func.count())
        .select_from(CaseEvent)
        .outerjoin(Task, Task.id == CaseEvent.task_id)
        .where(CaseEvent.task_id.is_not(None), Task.id.is_(None)),
        "new contacts without their audit event": sa.select(sa.func.count())
        .select_from(Interaction)
        .where(Interaction.notes.like(like), ~audited(Interaction, "interactions")),
        "new tasks without their audit event": sa.select(sa.func.count())
        .select_from(Task)
        .where(Task.title.like(like), ~audited(Task, "tasks")),
        "new tasks without their timeline event": sa.select(sa.func.count())
        .select_from(Task)
        .where(
            Task.title.like(like),
            ~sa.select(CaseEvent.id)
            .where(
                CaseEvent.task_id == Task.id,
                CaseEvent.kind == EventKind.TASK_CREATED.value,
            )
            .exists(),
        ),
    }
    with engine.connect() as connection:
        found = {name: int(connection.scalar(q) or 0) for name, q in queries.items()}
        if engine.dialect.name == "sqlite":
            check = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            found["SQLite integrity_check problems"] = 0 if check == "ok" else 1
            found["SQLite foreign key violations"] = len(
                connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            )
    return found


def written_tags(engine: sa.Engine, tag: str) -> set[str]:
    """The tags of this run's contacts and tasks found in a database."""
    like = f"{tag} %"
    with engine.connect() as connection:
        return set(
            connection.scalars(
                sa.select(Interaction.notes).where(Interaction.notes.like(like))
            )
        ) | set(connection.scalars(sa.select(Task.title).where(Task.title.like(like))))
