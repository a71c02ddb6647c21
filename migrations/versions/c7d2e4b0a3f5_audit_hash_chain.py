"""audit events chained by hash

Revision ID: c7d2e4b0a3f5
Revises: b6e1f3a9c2d4
Create Date: 2026-11-22 00:30:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "c7d2e4b0a3f5"
down_revision = "b6e1f3a9c2d4"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
