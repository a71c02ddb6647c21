"""``caseboard demo``, ``generate``, ``import``, ``check`` and the user
commands: thin wrappers over services."""

from __future__ import annotations

import os
import sys
from typing import IO, Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, inspect, select

from caseboard.cli.group import commands, flag
from caseboard.cli.importing import read_preview, refuse_if_errors
from caseboard.extensions import db
from caseboard.generate import MIN_PEOPLE, SCALES
from caseboard.models import Organization, SiteRole, User
from caseboard.services import import_rows, imports
from caseboard.services.errors import ServiceError


def _schema_ready() -> bool:
    # Through the session, so the check joins its transaction instead of
    # queueing behind it for the write lock on SQLite.
    return inspect(db.session.connection()).has_table("users")


def _database_has_data() -> bool:
    return bool(db.session.scalar(select(func.count(Organization.id))))


@commands.command("demo")
@click.option(
    "--password",
    default="caseboard-demo",
    show_default=True,
    help="Password given to every demo sign-in.",
)
@flag("--reset", "Erase everything in the database first.")
@flag("--keep-existing", "On a database that already has data, keep it and succeed.")
@with_appcontext
def demo_command(password: str, reset: bool, keep_existing: bool) -> None:
    """Load the demo coalitions and print their sign-ins."""
    from caseboard.demo import load_demo, print_sign_ins, reset_database

    if not _schema_ready():
        raise click.ClickException(
            "The database has no tables yet: run `caseboard db upgrade` first."
        )
    if _database_has_data() and not reset:
        if keep_existing:
            click.echo("The database already has data; keeping it.")
            print_sign_ins(password=None)
            return
        raise click.ClickException(
            "The database already has data. Use --reset to erase it and load the demo."
        )
    if reset:
        reset_database()
    try:
        load_demo(password=password, progress=True)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    # The progress bars show nothing when the output is not a terminal (a
    # log, a pipe): the counts say what was loaded either way.
    click.echo(_demo_counts())
    print_sign_ins(password=password)


def _demo_counts() -> str:
    from caseboard.models import Case, Interaction, Meeting, Person, Task
    from caseboard.words import plural

    counted: list[tuple[Any, str, str | None]] = [
        (Organization, "organization", None),
        (Person, "person", "people"),
        (Case, "case", None),
        (Task, "task", None),
        (Meeting, "meeting", None),
        (Interaction, "contact", None),
    ]
    parts = [
        plural(
            db.session.scalar(select(func.count()).select_from(model)) or 0, one, many
        )
        for model, one, many in counted
    ]
    return "Loaded " + ", ".join(parts) + "."


@commands.command("generate")
@click.option(
    "--scale",
    type=click.Choice(list(SCALES)),
    default="small",
    show_default=True,
    help="People: " + ", ".join(f"{k} {v:,}" for k, v in SCALES.items()) + ".",
)
@click.option(
    "--people",
    type=click.IntRange(min=MIN_PEOPLE),
    default=None,
    help="Exactly this many people (overrides --scale).",
)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option(
    "--password",
    default="caseboard-demo",
    show_default=True,
    help="Password of every generated sign-in.",
)
@with_appcontext
def generate_command(scale: str, people: int | None, seed: int, password: str) -> None:
    """Fill an empty database with a made-up coalition, for load tests."""
    import time

    from caseboard.generate import ADMIN_EMAIL, generate
    from caseboard.models import Base
    from caseboard.passwords import password_problem

    if not _schema_ready():
        raise click.ClickException(
            "The database has no tables yet: run `caseboard db upgrade` first."
        )
    if problem := password_problem(password):
        raise click.ClickException(f"--password: {problem}")
    started = time.perf_counter()
    try:
        generate(
            people or SCALES[scale],
            seed=seed,
            password=password,
            progress=click.progressbar,
        )
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    elapsed = time.perf_counter() - started
    for table in Base.metadata.sorted_tables:
        rows = db.session.scalar(select(func.count()).select_from(table))
        if rows:
            click.echo(f"  {table.name:<26} {rows:>10,}")
    click.echo(
        f"Generated in {elapsed:.1f} s. Sign in as {ADMIN_EMAIL} (administrator) "
        f"or any user's email; password: {password}"
    )


@commands.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option(
    "--org",
    "organization_name",
    required=True,
    help="Their organization (created when it does not exist).",
)
@click.option("--title", default="", help="Their title in that organization.")
@flag("--admin", "Make them an administrator.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in SiteRole]),
    default=None,
    help="Site role (default member; --admin means admin).",
)
@with_appcontext
def create_user_command(
    email: str,
    name: str,
    organization_name: str,
    title: str,
    admin: bool,
    role: str | None,
) -> None:
    """Create a user; the password comes from CASEBOARD_PASSWORD or a prompt."""
    from caseboard.services.organizations import create_organization, find_by_name
    from caseboard.services.users import create_user

    password = os.environ.get("CASEBOARD_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    organization = find_by_name(organization_name)
    if organization is None:
        organization = create_organization(None, name=organization_name)
        click.echo(f"Created organization {organization.name}.")
    site_role = SiteRole.ADMIN if admin else SiteRole(role or SiteRole.MEMBER)
    try:
        user = create_user(
            None,
            email=email,
            password=password,
            full_name=name,
            organization=organization,
            title=title,
            site_role=site_role,
        )
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(
        f"Created {user.role.label.lower()} {user.email} ({name}, {organization.name})."
    )


@commands.command("import")
@click.argument("kind", type=click.Choice((*import_rows.KINDS, "measures")))
@click.argument("file", type=click.File("rb"))
@flag("--dry-run", "Show what would happen; write nothing.")
@flag(
    "--replace",
    "measures: take the file's value where it differs from the recorded one.",
)
@with_appcontext
def import_command(kind: str, file: IO[bytes], dry_run: bool, replace: bool) -> None:
    """Import a CSV FILE of KIND: every row or none, and nothing twice."""
    if kind == "measures":
        from caseboard.cli.assessment import import_measures

        import_measures(file, dry_run=dry_run, replace=replace)
        return
    data, preview = read_preview(file, lambda data: imports.preview(kind, data, None))
    if preview.ignored_columns:
        click.echo(f"Columns not used: {', '.join(preview.ignored_columns)}.")
    refuse_if_errors(preview)
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    with click.progressbar(length=len(preview.rows), label="Importing") as bar:
        try:
            result = imports.apply(kind, data, None, on_row=lambda: bar.update(1))
        except import_rows.ImportRefused as refused:
            db.session.rollback()
            refuse_if_errors(refused.preview)
            raise
    db.session.commit()
    click.echo(
        f"Imported {kind}: {len(result.to_create)} created, "
        f"{len(result.skipped)} already there."
    )


@commands.command("check")
@with_appcontext
def check_command() -> None:
    """Say what is misconfigured for production; exit 1 if anything is."""
    problems = production_problems()
    for problem in problems:
        click.echo(f"- {problem}")
    if problems:
        click.echo(f"{len(problems)} problem(s) for a production deployment.")
        sys.exit(1)
    click.echo("Ready for production: no problems found.")


def production_problems() -> list[str]:
    config = current_app.config
    problems = []
    if not config.get("SECRET_KEY_FROM_ENV"):
        problems.append(
            "CASEBOARD_SECRET_KEY is not set: the key is generated and kept in the "
            "instance folder, so every host needs the same file."
        )
    elif len(config["SECRET_KEY"]) < 32:
        problems.append("CASEBOARD_SECRET_KEY is shorter than 32 characters.")
    if not config.get("AUDIT_KEY"):
        problems.append(
            "CASEBOARD_AUDIT_KEY is not set: the audit chain is keyed from the "
            "secret key, so changing that key makes the whole trail fail to verify."
        )
    if config.get("DEBUG"):
        problems.append("CASEBOARD_DEBUG is on: tracebacks would be shown to users.")
    dialect = db.engine.dialect.name
    if dialect == "sqlite" and config.get("WORKERS", 1) > 1:
        problems.append(
            f"SQLite with {config['WORKERS']} workers (CASEBOARD_WORKERS): it works on "
            "one host, but use PostgreSQL (CASEBOARD_DATABASE_URL) for production."
        )
    elif dialect == "sqlite":
        problems.append("The database is SQLite: use PostgreSQL for production.")
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append(
            "CASEBOARD_SECURE_COOKIES is off: serve over HTTPS and turn it on."
        )
    if _schema_ready():
        admins = db.session.scalar(
            select(func.count(User.id)).where(
                User.site_role == SiteRole.ADMIN, User.active.is_(True)
            )
        )
        if not admins:
            problems.append(
                "No active administrator: run `caseboard create-user --admin`."
            )
    else:
        problems.append("The database has no tables: run `caseboard db upgrade`.")
    return problems
