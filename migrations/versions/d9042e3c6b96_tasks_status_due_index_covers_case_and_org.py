"""the tasks' (status, due) index also covers case and organization; cases
indexed by (updated, id)

The dashboard counts overdue tasks per organization over the visible
cases; with case and organization in the index that is an index-only scan.
The case list's default order (latest update first) reads a page off the
cases' (updated, id) index.

Revision ID: d9042e3c6b96
Revises: e1a4adac6c7f
Create Date: 2026-12-07 15:25:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "d9042e3c6b96"
down_revision = "e1a4adac6c7f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_status_due")
        batch_op.create_index(
            "ix_tasks_status_due",
            ["status", "due_on", "case_id", "organization_id"],
            unique=False,
        )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_updated", ["updated_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_updated")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_status_due")
        batch_op.create_index("ix_tasks_status_due", ["status", "due_on"], unique=False)
