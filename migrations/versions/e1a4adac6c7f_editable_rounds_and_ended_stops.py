"""editable rounds and stops: a version on each, and stops ended, never
deleted; a version on each coalition's ask prompts

Revision ID: e1a4adac6c7f
Revises: 0c37c1790e3c
Create Date: 2026-12-07 15:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e1a4adac6c7f"
down_revision = "0c37c1790e3c"
branch_labels = None
depends_on = None

USER_COLUMNS = ("granted_by_id", "ended_by_id")


def _version(batch_op) -> None:
    batch_op.add_column(
        sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )


def upgrade():
    with op.batch_alter_table("ask_prompts", schema=None) as batch_op:
        _version(batch_op)
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        _version(batch_op)
    with op.batch_alter_table("round_stops", schema=None) as batch_op:
        _version(batch_op)
        batch_op.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
        for column in USER_COLUMNS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                op.f(f"fk_round_stops_{column}_users"),
                "users",
                [column],
                ["id"],
                ondelete="SET NULL",
            )


def downgrade():
    with op.batch_alter_table("round_stops", schema=None) as batch_op:
        for column in USER_COLUMNS:
            batch_op.drop_constraint(
                op.f(f"fk_round_stops_{column}_users"), type_="foreignkey"
            )
            batch_op.drop_column(column)
        batch_op.drop_column("ended_on")
        batch_op.drop_column("version")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("ask_prompts", schema=None) as batch_op:
        batch_op.drop_column("version")
