"""measures, data points, response starts and assessment windows

Revision ID: 8b825a5f769d
Revises: c0a1e5d7f913
Create Date: 2026-12-07 04:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8b825a5f769d"
down_revision = "c0a1e5d7f913"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assessment_windows",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("periods", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "periods > 0", name=op.f("ck_assessment_windows_periods_positive")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_assessment_windows_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_assessment_windows")),
    )
    op.create_table(
        "measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("unit", sa.String(length=100), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("denominator", sa.String(length=200), nullable=False),
        sa.Column("harm_weight", sa.Float(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "harm_weight >= 0", name=op.f("ck_measures_harm_weight_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_measures_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measures")),
        sa.UniqueConstraint("case_id", "name", name="uq_measures_case_name"),
    )
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measures_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "response_starts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_response_starts_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_starts")),
    )
    with op.batch_alter_table("response_starts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_starts_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "measure_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["measures.id"],
            name=op.f("fk_measure_points_measure_id_measures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_points")),
        sa.UniqueConstraint(
            "measure_id", "area", "period_start", name="uq_measure_points_cell"
        ),
    )


def downgrade():
    op.drop_table("measure_points")
    with op.batch_alter_table("response_starts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_starts_case_id"))

    op.drop_table("response_starts")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measures_case_id"))

    op.drop_table("measures")
    op.drop_table("assessment_windows")
