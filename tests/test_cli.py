import re

from caseboard.extensions import db
from caseboard.models import Membership, Organization, Person, User
from caseboard.passwords import verify_password


def run(app, *args, env=None):
    return app.test_cli_runner().invoke(args=list(args), env=env or {})


def count(model):
    return db.session.scalar(db.select(db.func.count(model.id)))


def test_demo_loads_the_three_coalitions_and_prints_sign_ins(app, db):
    result = run(app, "demo", "--password", "demo-password-1")
    assert result.exit_code == 0, result.output
    assert "admin@example.org" in result.output
    assert "demo-password-1" in result.output
    # Not a terminal here (no progress bars): the counts are printed.
    loaded = re.search(
        r"Loaded (\d+) organizations, (\d+) people, \d+ cases", result.output
    )
    assert loaded and int(loaded.group(1)) == count(Organization)
    assert int(loaded.group(2)) == count(Person)
    assert count(Organization) >= 40
    assert count(Person) >= 150
    for name in [
        "The Anchor Tavern",
        "Street Reach Outreach",
        "Eastgate Homes Resident Council",
    ]:
        assert db.session.scalar(
            db.select(Organization).where(Organization.name == name)
        )
    admin = db.session.scalar(db.select(User).where(User.email == "admin@example.org"))
    assert admin.is_admin and verify_password(admin.password_hash, "demo-password-1")
    # People changed jobs: some memberships have ended and are kept.
    ended = db.session.scalar(
        db.select(db.func.count(Membership.id)).where(Membership.ended_on.is_not(None))
    )
    assert ended >= 5


def test_demo_refuses_a_database_with_data_unless_reset(app, db, make_organization):
    make_organization(name="Someone's real data")
    refused = run(app, "demo")
    assert refused.exit_code != 0
    assert "already has data" in refused.output
    assert count(Organization) == 1

    kept = run(app, "demo", "--keep-existing")
    assert kept.exit_code == 0 and count(Organization) == 1

    reset = run(app, "demo", "--reset")
    assert reset.exit_code == 0, reset.output
    assert not db.session.scalar(
        db.select(Organization).where(Organization.name == "Someone's real data")
    )
    assert count(Organization) >= 40


def test_create_user_creates_the_organization_and_takes_the_password_from_env(app, db):
    result = run(
        app,
        "create-user",
        "Sgt.Ruiz@Example.org",
        "--name",
        "Elena Ruiz",
        "--org",
        "Harbor City Police",
        "--admin",
        env={"CASEBOARD_PASSWORD": "a good long passphrase"},
    )
    assert result.exit_code == 0, result.output
    assert "Created organization Harbor City Police." in result.output
    user = db.session.scalar(
        db.select(User).where(User.email == "sgt.ruiz@example.org")
    )
    assert user.is_admin
    assert user.person.current_memberships[0].organization.name == "Harbor City Police"

    again = run(
        app,
        "create-user",
        "other@example.org",
        "--name",
        "Other",
        "--org",
        "harbor city police",
        env={"CASEBOARD_PASSWORD": "another long passphrase"},
    )
    assert again.exit_code == 0
    assert count(Organization) == 1  # matched case-insensitively


def test_create_user_prompts_for_the_password_and_refuses_a_weak_one(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-user", "x@example.org", "--name", "X", "--org", "Y"],
        input="short\nshort\n",
    )
    assert result.exit_code != 0
    assert "Use at least 12 characters." in result.output
    assert count(User) == 0


def test_check_lists_what_is_not_ready_for_production(app, db):
    result = run(app, "check")
    assert result.exit_code == 1
    assert "CASEBOARD_SECRET_KEY is not set" in result.output
    assert "CASEBOARD_AUDIT_KEY is not set" in result.output
    assert "SQLite" in result.output or "PostgreSQL" not in result.output
    assert "No active administrator" in result.output
