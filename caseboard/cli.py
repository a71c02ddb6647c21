"""The ``caseboard`` command: Flask's CLI for this app plus the project's own
commands, each a thin wrapper over services."""

from __future__ import annotations

import os
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, inspect, select

from caseboard import create_app
from caseboard.extensions import db
from caseboard.models import Organization, SiteRole, User
from caseboard.services.errors import ServiceError


@click.group(cls=FlaskGroup, create_app=lambda: create_app())
def main() -> None:
    """Caseboard: shared cases for problem-solving coalitions."""


@click.group("commands", hidden=True)
def commands() -> None:
    """Holder of the project's own commands, added to ``app.cli``."""


def register_commands(app) -> None:  # type: ignore[no-untyped-def]
    for command in commands.commands.values():
        app.cli.add_command(command)


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
@click.option("--reset", is_flag=True, help="Erase everything in the database first.")
@click.option(
    "--keep-existing",
    is_flag=True,
    help="On a database that already has data, keep it and succeed.",
)
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
    print_sign_ins(password=password)


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
@click.option("--admin", is_flag=True, help="Make them an administrator.")
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
