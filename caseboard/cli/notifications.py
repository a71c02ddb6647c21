"""``caseboard notifications``: the periodic reminders, run now."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from caseboard.cli.group import commands


@commands.group("notifications")
def notifications_group() -> None:
    """In-app notifications."""


@notifications_group.command("remind")
@with_appcontext
def remind_command() -> None:
    """Give today's reminders (tasks due tomorrow and overdue) not given yet;
    safe to run again: nobody is told twice a day."""
    from caseboard.services.notification_reminders import send_reminders

    added = send_reminders()
    click.echo(f"{added} reminder(s) given.")
