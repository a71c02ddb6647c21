"""a review date on a meeting's decisions

Revision ID: c463b9e26b87
Revises: d9042e3c6b96
Create Date: 2026-12-07 15:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c463b9e26b87"
down_revision = "d9042e3c6b96"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("review_on", sa.Date(), nullable=True))
        batch.create_index("ix_decisions_review_on", ["review_on"])


def downgrade():
    with op.batch_alter_table("decisions") as batch:
        batch.drop_index("ix_decisions_review_on")
        batch.drop_column("review_on")
