"""The ``caseboard`` command: Flask's CLI for this app plus the project's own
commands, one module a concern (data, network, assessment, audit, backups,
secrets)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from caseboard import create_app
from caseboard.cli.group import commands


@click.group(cls=FlaskGroup, create_app=lambda: create_app())
def main() -> None:
    """Caseboard: shared cases for problem-solving coalitions."""


def register_commands(app: Flask) -> None:
    # These modules add their commands to ``commands`` when imported.
    from caseboard.cli import (  # noqa: F401
        accreditation,
        assessment,
        audit,
        backups,
        data,
        network,
        notifications,
        secrets,
        tokens,
    )

    for command in commands.commands.values():
        app.cli.add_command(command)
