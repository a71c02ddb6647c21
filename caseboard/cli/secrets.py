"""``caseboard secrets rotate``: after the secret key changed, re-encrypt
what is kept encrypted under a key derived from it."""

from __future__ import annotations

import os
import sys

import click
from flask.cli import with_appcontext

from caseboard.cli.group import commands
from caseboard.extensions import db


@commands.group("secrets")
def secrets_group() -> None:
    """Secrets kept encrypted in the database."""


@secrets_group.command("rotate")
@with_appcontext
def secrets_rotate_command() -> None:
    """Re-encrypt second-factor secrets under the current secret key, given
    the old one (CASEBOARD_OLD_SECRET_KEY or a prompt)."""
    from caseboard.services.secrets_at_rest import rotate_second_factor_secrets

    old = os.environ.get("CASEBOARD_OLD_SECRET_KEY") or click.prompt(
        "Old secret key", hide_input=True
    )
    result = rotate_second_factor_secrets(old)
    db.session.commit()
    click.echo(
        f"Re-encrypted {result.rotated} second-factor secret(s); "
        f"{result.current} already under the current key."
    )
    if result.unknown:
        click.echo(
            "Under neither key, left as they are (reset their second factor): "
            + ", ".join(result.unknown),
            err=True,
        )
        sys.exit(1)
