"""per-person network metrics beside each stored network result

Revision ID: 0c37c1790e3c
Revises: 7c7367d657a0
Create Date: 2026-12-07 14:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0c37c1790e3c"
down_revision = "7c7367d657a0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "network_person_metrics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("degree", sa.Float(), nullable=False),
        sa.Column("betweenness", sa.Float(), nullable=False),
        sa.Column("closeness", sa.Float(), nullable=False),
        sa.Column("eigenvector", sa.Float(), nullable=True),
        sa.Column("community", sa.Integer(), nullable=True),
        sa.Column("constraint", sa.Float(), nullable=True),
        sa.Column("effective_size", sa.Float(), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["network_snapshots.id"],
            name=op.f("fk_network_person_metrics_snapshot_id_network_snapshots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_network_person_metrics_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_person_metrics")),
        sa.UniqueConstraint(
            "snapshot_id", "person_id", name="uq_network_person_metrics_person"
        ),
    )
    with op.batch_alter_table("network_person_metrics", schema=None) as batch_op:
        batch_op.create_index(
            "ix_network_person_metrics_betweenness",
            ["snapshot_id", "betweenness"],
            unique=False,
        )
        batch_op.create_index(
            "ix_network_person_metrics_degree", ["snapshot_id", "degree"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_network_person_metrics_person_id"),
            ["person_id"],
            unique=False,
        )


def downgrade():
    op.drop_table("network_person_metrics")
