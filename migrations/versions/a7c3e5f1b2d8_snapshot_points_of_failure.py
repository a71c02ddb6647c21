"""a network snapshot keeps its points of failure beside the payload

Revision ID: a7c3e5f1b2d8
Revises: 5d1f0b7e9a24
Create Date: 2026-12-07 18:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7c3e5f1b2d8"
down_revision = "5d1f0b7e9a24"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("network_snapshots") as batch:
        batch.add_column(sa.Column("points_of_failure", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("network_snapshots") as batch:
        batch.drop_column("points_of_failure")
