"""case areas on the map: each assessment area as a GeoJSON geometry

Revision ID: a4c2e9f7d1b3
Revises: e2b7c4d9a1f6
Create Date: 2026-12-07 07:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a4c2e9f7d1b3"
down_revision = "e2b7c4d9a1f6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("radius_m", sa.Float(), nullable=True),
        sa.Column("geometry", sa.JSON(), nullable=False),
        sa.Column("square_metres", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_areas_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["case_places.id"],
            name=op.f("fk_case_areas_place_id_case_places"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_areas")),
        sa.UniqueConstraint("case_id", "area", name="uq_case_areas_case_area"),
    )
    with op.batch_alter_table("case_areas", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_areas_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_case_areas_place_id"), ["place_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("case_areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_areas_place_id"))
        batch_op.drop_index(batch_op.f("ix_case_areas_case_id"))
    op.drop_table("case_areas")
