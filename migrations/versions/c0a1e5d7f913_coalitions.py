"""coalitions: member organizations, named people, case shares; every case
and meeting belongs to one coalition

Existing data goes into one coalition, named by ``CASEBOARD_DEFAULT_COALITION``
(or "Coalition"), with every organization an active member: before this
revision the installation was that one coalition.

Revision ID: c0a1e5d7f913
Revises: a7c4e2f9b1d3
Create Date: 2026-12-07 04:30:00

"""

import os

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c0a1e5d7f913"
down_revision = "a7c4e2f9b1d3"
branch_labels = None
depends_on = None


def _lifetime_columns():
    return [
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
    ]


def _lifetime_keys(table):
    return [
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["users.id"],
            name=op.f(f"fk_{table}_granted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ended_by_id"],
            ["users.id"],
            name=op.f(f"fk_{table}_ended_by_id_users"),
            ondelete="SET NULL",
        ),
    ]


def upgrade():
    op.create_table(
        "coalitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("area", sa.String(length=300), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("locale", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coalitions")),
        sa.UniqueConstraint("name", name=op.f("uq_coalitions_name")),
    )
    op.create_table(
        "coalition_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *_lifetime_columns(),
        sa.CheckConstraint(
            "ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_coalition_memberships_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_coalition_memberships_coalition_id_coalitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_coalition_memberships_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        *_lifetime_keys("coalition_memberships"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coalition_memberships")),
    )
    with op.batch_alter_table("coalition_memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coalition_memberships_coalition_id"), ["coalition_id"]
        )
        batch_op.create_index(
            batch_op.f("ix_coalition_memberships_organization_id"),
            ["organization_id"],
        )
    op.create_table(
        "coalition_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("is_coordinator", sa.Boolean(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *_lifetime_columns(),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_coalition_people_coalition_id_coalitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_coalition_people_person_id_people"),
            ondelete="CASCADE",
        ),
        *_lifetime_keys("coalition_people"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coalition_people")),
    )
    with op.batch_alter_table("coalition_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_coalition_people_coalition_id"), ["coalition_id"]
        )
        batch_op.create_index(
            batch_op.f("ix_coalition_people_person_id"), ["person_id"]
        )
    op.create_table(
        "case_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *_lifetime_columns(),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_shares_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_case_shares_coalition_id_coalitions"),
            ondelete="CASCADE",
        ),
        *_lifetime_keys("case_shares"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_shares")),
    )
    with op.batch_alter_table("case_shares", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_shares_case_id"), ["case_id"])
        batch_op.create_index(
            batch_op.f("ix_case_shares_coalition_id"), ["coalition_id"]
        )

    coalition_id = _default_coalition()
    for table in ("cases", "meetings"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("coalition_id", sa.Integer(), nullable=True))
        if coalition_id is not None:
            op.execute(
                sa.text(f"UPDATE {table} SET coalition_id = :c").bindparams(
                    c=coalition_id
                )
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("coalition_id", nullable=False)
            batch_op.create_index(
                batch_op.f(f"ix_{table}_coalition_id"), ["coalition_id"]
            )
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_coalition_id_coalitions"),
                "coalitions",
                ["coalition_id"],
                ["id"],
                ondelete="RESTRICT",
            )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("chosen_coalition_id", sa.Integer(), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_users_chosen_coalition_id_coalitions"),
            "coalitions",
            ["chosen_coalition_id"],
            ["id"],
            ondelete="SET NULL",
        )


def _default_coalition() -> int | None:
    """Create the one coalition the existing data belongs to, with every
    organization an active member, and answer its id (None for an empty
    database: the application makes the first coalition when needed)."""
    connection = op.get_bind()
    if not any(
        connection.scalar(sa.text(f"SELECT COUNT(*) FROM {table}"))
        for table in ("organizations", "cases", "meetings")
    ):
        return None
    name = os.environ.get("CASEBOARD_DEFAULT_COALITION", "").strip() or "Coalition"
    now = sa.func.current_timestamp()
    coalitions = sa.table(
        "coalitions",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("purpose", sa.Text),
        sa.column("area", sa.String),
        sa.column("created_at", sa.DateTime),
        sa.column("version", sa.Integer),
    )
    connection.execute(
        coalitions.insert().values(
            name=name[:200], purpose="", area="", created_at=now, version=1
        )
    )
    coalition_id = connection.scalar(sa.select(sa.func.max(coalitions.c.id)))
    connection.execute(
        sa.text(
            "INSERT INTO coalition_memberships"
            " (coalition_id, organization_id, status, created_at)"
            " SELECT :coalition, id, 'active', CURRENT_TIMESTAMP FROM organizations"
        ),
        {"coalition": coalition_id},
    )
    return int(coalition_id)


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_users_chosen_coalition_id_coalitions"), type_="foreignkey"
        )
        batch_op.drop_column("chosen_coalition_id")
    for table in ("meetings", "cases"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                batch_op.f(f"fk_{table}_coalition_id_coalitions"), type_="foreignkey"
            )
            batch_op.drop_index(batch_op.f(f"ix_{table}_coalition_id"))
            batch_op.drop_column("coalition_id")
    op.drop_table("case_shares")
    op.drop_table("coalition_people")
    op.drop_table("coalition_memberships")
    op.drop_table("coalitions")
