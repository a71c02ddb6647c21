"""network snapshots and the data version

Revision ID: d8e3f5c1b4a6
Revises: c7d2e4b0a3f5
Create Date: 2026-11-22 00:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d8e3f5c1b4a6"
down_revision = "c7d2e4b0a3f5"
branch_labels = None
depends_on = None


def upgrade():
    versions = op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    op.bulk_insert(versions, [{"name": "network", "value": 0}])
    op.create_table(
        "network_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("computed_version", sa.Integer(), nullable=True),
        sa.Column("wanted_version", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("people", sa.Integer(), nullable=True),
        sa.Column("ties", sa.Integer(), nullable=True),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_snapshots")),
        sa.UniqueConstraint("key", name=op.f("uq_network_snapshots_key")),
    )


def downgrade():
    op.drop_table("network_snapshots")
    op.drop_table("data_versions")
