"""round stops on the map: an optional latitude and longitude per stop

Revision ID: c5f1d8a3e7b2
Revises: a4c2e9f7d1b3
Create Date: 2026-12-07 08:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c5f1d8a3e7b2"
down_revision = "a4c2e9f7d1b3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("round_stops", schema=None) as batch_op:
        batch_op.add_column(sa.Column("latitude", sa.Double(), nullable=True))
        batch_op.add_column(sa.Column("longitude", sa.Double(), nullable=True))


def downgrade():
    with op.batch_alter_table("round_stops", schema=None) as batch_op:
        batch_op.drop_column("longitude")
        batch_op.drop_column("latitude")
