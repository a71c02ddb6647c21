"""sign-in lockout, session timeouts and the second factor

Revision ID: b6e1f3a9c2d4
Revises: e955a92bfba9
Create Date: 2026-11-22 00:30:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "b6e1f3a9c2d4"
down_revision = "e955a92bfba9"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
