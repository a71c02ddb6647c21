"""the tie table: per-case shares of each tie, kept current with contacts

Revision ID: b8d1f4e6a2c9
Revises: 8b825a5f769d
Create Date: 2026-12-07 04:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b8d1f4e6a2c9"
down_revision = "8b825a5f769d"
branch_labels = None
depends_on = None


def _pair_columns(table: str) -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_a_id", sa.Integer(), nullable=False),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_a_id"],
            ["people.id"],
            name=op.f(f"fk_{table}_person_a_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_b_id"],
            ["people.id"],
            name=op.f(f"fk_{table}_person_b_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f(f"fk_{table}_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade():
    op.create_table(
        "tie_shares",
        *_pair_columns("tie_shares"),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("level", sa.Float(), nullable=False),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("first_on", sa.Date(), nullable=False),
        sa.Column("last_on", sa.Date(), nullable=False),
    )
    with op.batch_alter_table("tie_shares", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tie_shares_pair", ["person_a_id", "person_b_id"], unique=False
        )
        batch_op.create_index("ix_tie_shares_b", ["person_b_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tie_shares_case_id"), ["case_id"], unique=False
        )
    op.create_table(
        "tie_months",
        *_pair_columns("tie_months"),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
    )
    with op.batch_alter_table("tie_months", schema=None) as batch_op:
        batch_op.create_index(
            "ix_tie_months_pair",
            ["person_a_id", "person_b_id", "month"],
            unique=False,
        )
        batch_op.create_index("ix_tie_months_b", ["person_b_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tie_months_case_id"), ["case_id"], unique=False
        )
    # Fill it from the contacts already there; the app's writes keep it
    # current from then on. The computation reads named columns only, so
    # later revisions of those tables do not break it.
    from caseboard.network.tie_table import rebuild

    rebuild(op.get_bind())


def downgrade():
    with op.batch_alter_table("tie_months", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tie_months_case_id"))
        batch_op.drop_index("ix_tie_months_b")
        batch_op.drop_index("ix_tie_months_pair")
    op.drop_table("tie_months")
    with op.batch_alter_table("tie_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tie_shares_case_id"))
        batch_op.drop_index("ix_tie_shares_b")
        batch_op.drop_index("ix_tie_shares_pair")
    op.drop_table("tie_shares")
