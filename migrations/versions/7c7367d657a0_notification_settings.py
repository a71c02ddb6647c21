"""per-user notification settings: digest frequency and a channel per kind;
notifications may name a round stop (its "overdue" reminder)

Revision ID: 7c7367d657a0
Revises: a4c6e8f0b2d1
Create Date: 2026-12-07 14:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7c7367d657a0"
down_revision = "a4c6e8f0b2d1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notification_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=10), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_settings")),
        sa.UniqueConstraint("user_id", name=op.f("uq_notification_settings_user_id")),
    )

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stop_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_notifications_stop_id_round_stops"),
            "round_stops",
            ["stop_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_stop_id"), ["stop_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_stop_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_notifications_stop_id_round_stops"), type_="foreignkey"
        )
        batch_op.drop_column("stop_id")
    op.drop_table("notification_settings")
