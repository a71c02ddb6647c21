"""visit rounds (rounds, stops, visits) and asks on cases

Revision ID: e2b7c4d9a1f6
Revises: a3c5e7f9b2d4
Create Date: 2026-12-07 07:26:25.593312

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e2b7c4d9a1f6"
down_revision = "a3c5e7f9b2d4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("beat", sa.String(length=100), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "officer_id IS NOT NULL OR team_id IS NOT NULL",
            name=op.f("ck_rounds_has_keeper"),
        ),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_rounds_coalition_id_coalitions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["users.id"],
            name=op.f("fk_rounds_officer_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["organizations.id"],
            name=op.f("fk_rounds_team_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
    )
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rounds_coalition_id"), ["coalition_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_rounds_officer_id"), ["officer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_rounds_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "round_stops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("ideal_days", sa.Integer(), nullable=False),
        sa.Column("max_days", sa.Integer(), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "ideal_days > 0 AND max_days >= ideal_days",
            name=op.f("ck_round_stops_intervals"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_round_stops_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_round_stops_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_round_stops_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_stops")),
    )
    with op.batch_alter_table("round_stops", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_round_stops_organization_id"),
            ["organization_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_round_stops_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_round_stops_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "round_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stop_id", sa.Integer(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("visited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_round_visits_interaction_id_interactions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["stop_id"],
            ["round_stops.id"],
            name=op.f("fk_round_visits_stop_id_round_stops"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["visited_by_id"],
            ["users.id"],
            name=op.f("fk_round_visits_visited_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_visits")),
    )
    with op.batch_alter_table("round_visits", schema=None) as batch_op:
        batch_op.create_index(
            "ix_round_visits_stop_day", ["stop_id", "visited_on"], unique=False
        )
    op.create_table(
        "ask_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coalition_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("prompts", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coalition_id"],
            ["coalitions.id"],
            name=op.f("fk_ask_prompts_coalition_id_coalitions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ask_prompts")),
        sa.UniqueConstraint(
            "coalition_id", "stage", name=op.f("uq_ask_prompts_coalition_id")
        ),
    )
    op.create_table(
        "asks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("stage_since", sa.Date(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "person_id IS NOT NULL OR organization_id IS NOT NULL",
            name=op.f("ck_asks_has_stakeholder"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_asks_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_asks_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_asks_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_asks_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["case_responses.id"],
            name=op.f("fk_asks_response_id_case_responses"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asks")),
    )
    with op.batch_alter_table("asks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asks_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_asks_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_asks_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "ask_stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ask_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", sa.String(length=20), nullable=True),
        sa.Column("to_stage", sa.String(length=20), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("moved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["ask_id"],
            ["asks.id"],
            name=op.f("fk_ask_stage_changes_ask_id_asks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["moved_by_id"],
            ["users.id"],
            name=op.f("fk_ask_stage_changes_moved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ask_stage_changes")),
    )
    with op.batch_alter_table("ask_stage_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ask_stage_changes_ask_id"), ["ask_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("ask_stage_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ask_stage_changes_ask_id"))

    op.drop_table("ask_stage_changes")
    with op.batch_alter_table("asks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asks_person_id"))
        batch_op.drop_index(batch_op.f("ix_asks_organization_id"))
        batch_op.drop_index(batch_op.f("ix_asks_case_id"))

    op.drop_table("asks")
    op.drop_table("ask_prompts")
    with op.batch_alter_table("round_visits", schema=None) as batch_op:
        batch_op.drop_index("ix_round_visits_stop_day")

    op.drop_table("round_visits")
    with op.batch_alter_table("round_stops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_round_stops_round_id"))
        batch_op.drop_index(batch_op.f("ix_round_stops_person_id"))
        batch_op.drop_index(batch_op.f("ix_round_stops_organization_id"))

    op.drop_table("round_stops")
    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rounds_team_id"))
        batch_op.drop_index(batch_op.f("ix_rounds_officer_id"))
        batch_op.drop_index(batch_op.f("ix_rounds_coalition_id"))

    op.drop_table("rounds")
