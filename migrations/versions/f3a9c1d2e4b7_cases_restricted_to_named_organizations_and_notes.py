"""cases restricted to named organizations, and notes that may be restricted

Revision ID: f3a9c1d2e4b7
Revises: d8e3f5c1b4a6
Create Date: 2026-11-22 01:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f3a9c1d2e4b7"
down_revision = "d8e3f5c1b4a6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_access",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_access_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_case_access_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "case_id", "organization_id", name=op.f("pk_case_access")
        ),
    )
    op.create_index(
        op.f("ix_case_access_organization_id"),
        "case_access",
        ["organization_id"],
        unique=False,
    )
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    op.create_index(
        "ix_notes_subject", "notes", ["subject_type", "subject_id"], unique=False
    )
    op.create_table(
        "note_organizations",
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["notes.id"],
            name=op.f("fk_note_organizations_note_id_notes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_note_organizations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "note_id", "organization_id", name=op.f("pk_note_organizations")
        ),
    )
    op.create_index(
        op.f("ix_note_organizations_organization_id"),
        "note_organizations",
        ["organization_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(
        op.f("ix_note_organizations_organization_id"), table_name="note_organizations"
    )
    op.drop_table("note_organizations")
    op.drop_index("ix_notes_subject", table_name="notes")
    op.drop_table("notes")
    op.drop_index(op.f("ix_case_access_organization_id"), table_name="case_access")
    op.drop_table("case_access")
    # Cases restricted to named organizations fall back to their participants.
    op.execute(
        "UPDATE cases SET visibility = 'participants' WHERE visibility = 'restricted'"
    )
