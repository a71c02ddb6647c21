"""organization administrators, and who granted and ended positions and roles

Revision ID: a4c8e2f6b1d3
Revises: f3a9c1d2e4b7
Create Date: 2026-12-07 01:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a4c8e2f6b1d3"
down_revision = "f3a9c1d2e4b7"
branch_labels = None
depends_on = None


def _user_reference(batch_op, table: str, column: str) -> None:
    batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
    batch_op.create_foreign_key(
        op.f(f"fk_{table}_{column}_users"),
        "users",
        [column],
        ["id"],
        ondelete="SET NULL",
    )


def upgrade():
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "is_administrator",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )
        _user_reference(batch_op, "memberships", "granted_by_id")
        _user_reference(batch_op, "memberships", "ended_by_id")
    with op.batch_alter_table("case_roles", schema=None) as batch_op:
        _user_reference(batch_op, "case_roles", "ended_by_id")


def downgrade():
    with op.batch_alter_table("case_roles", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("fk_case_roles_ended_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("ended_by_id")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        for column in ("ended_by_id", "granted_by_id"):
            batch_op.drop_constraint(
                op.f(f"fk_memberships_{column}_users"), type_="foreignkey"
            )
            batch_op.drop_column(column)
        batch_op.drop_column("is_administrator")
