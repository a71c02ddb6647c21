"""The schema comes only from migrations; they must match the models and
downgrade cleanly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from caseboard.models import Base


def test_migrations_match_the_models(app, db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_every_migration_downgrades_and_upgrades_again(app, db):
    db.session.remove()
    downgrade(revision="base")
    with db.engine.connect() as connection:
        remaining = db.inspect(connection).get_table_names()
    assert set(remaining) <= {"alembic_version"}
    upgrade()
    with db.engine.connect() as connection:
        assert "organizations" in db.inspect(connection).get_table_names()


def test_existing_data_moves_into_one_named_coalition_and_back(
    app, db, make_task, make_meeting, monkeypatch
):
    """An installation upgraded from before coalitions keeps every case and
    meeting, in one coalition named by the administrator, with every
    organization an active member; downgrading drops the coalitions only.
    Rebuilding a table must not fire its foreign keys' ON DELETE (SQLite)."""
    import sqlalchemy as sa

    task = make_task()
    case_id, meeting_id = task.case_id, make_meeting(case=task.case).id
    organizations = db.session.scalar(sa.text("SELECT COUNT(*) FROM organizations"))
    db.session.remove()
    downgrade(revision="a7c4e2f9b1d3")
    with db.engine.connect() as connection:
        assert "coalitions" not in db.inspect(connection).get_table_names()
        assert connection.scalar(sa.text("SELECT COUNT(*) FROM cases")) == 1
        assert connection.scalar(sa.text("SELECT COUNT(*) FROM tasks")) == 1
    monkeypatch.setenv("CASEBOARD_DEFAULT_COALITION", "Harbor City partnership")
    upgrade()
    with db.engine.connect() as connection:
        names = connection.execute(sa.text("SELECT id, name FROM coalitions")).all()
        assert [name for _, name in names] == ["Harbor City partnership"]
        ((coalition_id, _),) = names
        assert (
            connection.execute(
                sa.text("SELECT coalition_id FROM cases WHERE id = :i"), {"i": case_id}
            ).scalar()
            == coalition_id
        )
        assert (
            connection.execute(
                sa.text("SELECT coalition_id FROM meetings WHERE id = :i"),
                {"i": meeting_id},
            ).scalar()
            == coalition_id
        )
        members = connection.scalar(
            sa.text(
                "SELECT COUNT(*) FROM coalition_memberships"
                " WHERE status = 'active' AND ended_on IS NULL"
            )
        )
        assert connection.scalar(sa.text("SELECT COUNT(*) FROM tasks")) == 1
        assert connection.scalar(sa.text("SELECT COUNT(*) FROM case_roles")) >= 1
    assert members == organizations
