"""``caseboard token create EMAIL --name NAME --scope read|write``: a
personal API token for scripts and tests; the secret is printed once."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from caseboard.cli.group import commands
from caseboard.extensions import db
from caseboard.unit_of_work import UnitOfWork


@commands.group("token")
def token_group() -> None:
    """Personal API tokens."""


@token_group.command("create")
@click.argument("email")
@click.option("--name", required=True, help="What will use it.")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read")
@click.option("--expires-days", type=int, default=None, help="Unset: never.")
@with_appcontext
def token_create_command(
    email: str, name: str, scope: str, expires_days: int | None
) -> None:
    """Print a new token acting as the user EMAIL (only its digest is kept)."""
    from caseboard.services.api_tokens import create_token
    from caseboard.services.errors import ServiceError
    from caseboard.services.users import find_user_by_email

    user = find_user_by_email(email)
    if user is None or not user.active:
        click.echo(f"No active user {email}.", err=True)
        sys.exit(1)
    try:
        made = create_token(user, user, name, scope, expires_days)
    except ServiceError as error:
        click.echo(error.message, err=True)
        sys.exit(1)
    UnitOfWork(db.session).commit()
    click.echo(made.secret)
