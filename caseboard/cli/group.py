"""The group the project's own commands join; ``create_app`` adds them to
Flask's CLI (see ``caseboard.cli.register_commands``)."""

from __future__ import annotations

import click


@click.group("commands", hidden=True)
def commands() -> None:
    """Holder of the project's own commands, added to ``app.cli``."""
