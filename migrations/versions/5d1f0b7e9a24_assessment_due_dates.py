"""a "next assessment due" date on a case

Revision ID: 5d1f0b7e9a24
Revises: c463b9e26b87
Create Date: 2026-12-07 15:25:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5d1f0b7e9a24"
down_revision = "c463b9e26b87"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("assessment_due_on", sa.Date(), nullable=True))
        batch.create_index("ix_cases_assessment_due_on", ["assessment_due_on"])


def downgrade():
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_assessment_due_on")
        batch.drop_column("assessment_due_on")
