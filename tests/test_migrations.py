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
