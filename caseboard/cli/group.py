"""The group the project's own commands join; ``create_app`` adds them to
Flask's CLI (see ``caseboard.cli.register_commands``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


@click.group("commands", hidden=True)
def commands() -> None:
    """Holder of the project's own commands, added to ``app.cli``."""


def flag(name: str, help: str) -> Callable[[F], F]:
    """An on/off option of a command: ``--name`` present or not."""
    return click.option(name, is_flag=True, help=help)
