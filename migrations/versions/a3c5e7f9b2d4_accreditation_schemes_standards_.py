"""accreditation schemes, standards, establishments and their steps

Revision ID: a3c5e7f9b2d4
Revises: b8d1f4e6a2c9
Create Date: 2026-12-07 07:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a3c5e7f9b2d4"
down_revision = "b8d1f4e6a2c9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "accreditation_schemes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("renewal_window_days", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "renewal_window_days >= 0",
            name=op.f("ck_accreditation_schemes_window_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_accreditation_schemes_case_id_cases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_accreditation_schemes_coalition_id_coalitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accreditation_schemes")),
        sa.UniqueConstraint(
            "coalition_id", name=op.f("uq_accreditation_schemes_coalition_id")
        ),
    )
    op.create_table(
        "accreditation_establishments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["people.id"],
            name=op.f("fk_accreditation_establishments_manager_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_accreditation_establishments_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["accreditation_schemes.id"],
            name=op.f(
                "fk_accreditation_establishments_scheme_id_accreditation_schemes"
            ),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accreditation_establishments")),
        sa.UniqueConstraint(
            "scheme_id", "organization_id", name="uq_accreditation_establishments_org"
        ),
    )
    with op.batch_alter_table("accreditation_establishments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accreditation_establishments_organization_id"),
            ["organization_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_accreditation_establishments_scheme_id"),
            ["scheme_id"],
            unique=False,
        )

    op.create_table(
        "accreditation_standards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "validity_days > 0",
            name=op.f("ck_accreditation_standards_validity_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["organizations.id"],
            name=op.f("fk_accreditation_standards_agency_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["accreditation_schemes.id"],
            name=op.f("fk_accreditation_standards_scheme_id_accreditation_schemes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accreditation_standards")),
        sa.UniqueConstraint(
            "scheme_id", "title", name="uq_accreditation_standards_title"
        ),
    )
    with op.batch_alter_table("accreditation_standards", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_accreditation_standards_agency_id"),
            ["agency_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_accreditation_standards_scheme_id"),
            ["scheme_id"],
            unique=False,
        )

    op.create_table(
        "accreditation_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("standard_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["organizations.id"],
            name=op.f("fk_accreditation_steps_agency_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["by_id"],
            ["users.id"],
            name=op.f("fk_accreditation_steps_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["accreditation_establishments.id"],
            name=op.f(
                "fk_accreditation_steps_establishment_id_accreditation_establishments"
            ),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["standard_id"],
            ["accreditation_standards.id"],
            name=op.f("fk_accreditation_steps_standard_id_accreditation_standards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accreditation_steps")),
    )
    with op.batch_alter_table("accreditation_steps", schema=None) as batch_op:
        batch_op.create_index(
            "ix_accreditation_steps_pair",
            ["establishment_id", "standard_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_accreditation_steps_standard_id"),
            ["standard_id"],
            unique=False,
        )

    op.create_table(
        "accreditation_renewal_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=20), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["accreditation_steps.id"],
            name=op.f("fk_accreditation_renewal_tasks_step_id_accreditation_steps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_accreditation_renewal_tasks_task_id_tasks"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accreditation_renewal_tasks")),
        sa.UniqueConstraint("step_id", "recipient", name="uq_accreditation_renewal"),
    )


def downgrade():
    op.drop_table("accreditation_renewal_tasks")
    with op.batch_alter_table("accreditation_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accreditation_steps_standard_id"))
        batch_op.drop_index("ix_accreditation_steps_pair")

    op.drop_table("accreditation_steps")
    with op.batch_alter_table("accreditation_standards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accreditation_standards_scheme_id"))
        batch_op.drop_index(batch_op.f("ix_accreditation_standards_agency_id"))

    op.drop_table("accreditation_standards")
    with op.batch_alter_table("accreditation_establishments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accreditation_establishments_scheme_id"))
        batch_op.drop_index(
            batch_op.f("ix_accreditation_establishments_organization_id")
        )

    op.drop_table("accreditation_establishments")
    op.drop_table("accreditation_schemes")
