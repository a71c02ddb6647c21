"""audit events chained by hash

Revision ID: c7d2e4b0a3f5
Revises: b6e1f3a9c2d4
Create Date: 2026-11-22 00:30:00

Adds ``prev_hash`` and ``hash`` to audit_events, chains the events already
there (in id order, so ``caseboard audit verify`` passes right after the
upgrade), and installs triggers that refuse UPDATE and DELETE of an event.

The hashing below repeats ``caseboard.models.audit.event_hash`` on purpose: a
revision must not import application code that may change later. A test
checks the two agree.
"""

import hashlib
import json
from datetime import UTC

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c7d2e4b0a3f5"
down_revision = "b6e1f3a9c2d4"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "changes",
    "request_id",
    "ip",
)
BATCH = 1000

audit_events = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("occurred_at", sa.DateTime(timezone=True)),
    sa.column("actor_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("object_type", sa.String),
    sa.column("object_id", sa.Integer),
    sa.column("object_label", sa.String),
    sa.column("changes", sa.JSON),
    sa.column("request_id", sa.String),
    sa.column("ip", sa.String),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)

POSTGRESQL_TRIGGER = [
    """
    CREATE FUNCTION audit_events_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP;
    END
    $$
    """,
    """
    CREATE TRIGGER audit_events_append_only
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
    """,
]
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END
    """,
    """
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END
    """,
]


def _hash(row, prev_hash):
    document = {name: row[name] for name in HASHED_FIELDS}
    moment = document["occurred_at"]
    if moment.tzinfo is None:  # SQLite keeps no zone; the app stores UTC
        moment = moment.replace(tzinfo=UTC)
    document["occurred_at"] = moment.astimezone(UTC).isoformat(timespec="microseconds")
    document["prev_hash"] = prev_hash
    canonical = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _chain_existing_events():
    """Hash every event in id order, a batch at a time (keyset paging, so a
    long trail never sits in memory whole)."""
    bind = op.get_bind()
    statement = (
        audit_events.update()
        .where(audit_events.c.id == sa.bindparam("event_id"))
        .values(prev_hash=sa.bindparam("new_prev"), hash=sa.bindparam("new_hash"))
    )
    previous, last_id = GENESIS, 0
    while True:
        rows = (
            bind.execute(
                sa.select(audit_events)
                .where(audit_events.c.id > last_id)
                .order_by(audit_events.c.id)
                .limit(BATCH)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        updates = []
        for row in rows:
            digest = _hash(row, previous)
            updates.append(
                {"event_id": row["id"], "new_prev": previous, "new_hash": digest}
            )
            previous = digest
        bind.execute(statement, updates)
        last_id = rows[-1]["id"]


def upgrade():
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64)))
        batch_op.add_column(sa.Column("hash", sa.String(length=64)))
    _chain_existing_events()
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.alter_column(
            "prev_hash", existing_type=sa.String(length=64), nullable=False
        )
        batch_op.alter_column(
            "hash", existing_type=sa.String(length=64), nullable=False
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_audit_events_prev_hash"), ["prev_hash"]
        )
    # Last: on SQLite the batch above rebuilds the table, dropping its triggers.
    statements = (
        POSTGRESQL_TRIGGER
        if op.get_bind().dialect.name == "postgresql"
        else SQLITE_TRIGGERS
    )
    for sql in statements:
        op.execute(sql)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER audit_events_no_update")
        op.execute("DROP TRIGGER audit_events_no_delete")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_audit_events_prev_hash"), type_="unique"
        )
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
