"""network snapshots and the data version

Revision ID: d8e3f5c1b4a6
Revises: c7d2e4b0a3f5
Create Date: 2026-11-22 00:30:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "d8e3f5c1b4a6"
down_revision = "c7d2e4b0a3f5"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
