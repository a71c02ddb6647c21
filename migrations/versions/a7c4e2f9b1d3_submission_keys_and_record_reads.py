"""one-time submission keys of create forms, and reads of personal records

Revision ID: a7c4e2f9b1d3
Revises: a4c8e2f1b9d3
Create Date: 2026-12-07 01:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7c4e2f9b1d3"
down_revision = "a4c8e2f1b9d3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_submissions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("key", name=op.f("uq_submissions_key")),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_submissions_created_at"), ["created_at"], unique=False
        )
    op.create_table(
        "record_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_record_reads_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_reads")),
    )
    with op.batch_alter_table("record_reads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_record_reads_object", ["object_type", "object_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_record_reads_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("record_reads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_reads_user_id"))
        batch_op.drop_index("ix_record_reads_object")
    op.drop_table("record_reads")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_created_at"))
    op.drop_table("submissions")
