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


@commands.command("digest")
@click.option("--now", is_flag=True, help="Build and send today's digests at once.")
@click.option("--user", "email", default=None, help="Only this user's (an email).")
@with_appcontext
def digest_command(now: bool, email: str | None) -> None:
    """Send today's daily digests not sent yet (once per user and day, however
    often it runs and however many workers run it)."""
    from sqlalchemy import func, select

    from caseboard.extensions import db
    from caseboard.models import User
    from caseboard.services.digests import send_digests

    if not now:
        raise click.UsageError("Say --now to send the digests at once.")
    query = select(User).where(User.active).order_by(User.id)
    if email:
        query = query.where(func.lower(User.email) == email.strip().lower())
    users = list(db.session.scalars(query))
    if email and not users:
        raise click.ClickException(f"No active user has the email {email}.")
    with click.progressbar(length=len(users), label="Digests") as bar:
        run = send_digests(users=users, progress=bar)
    click.echo(
        f"{run.sent} sent, {run.skipped} empty (skipped), {run.taken} sent "
        f"already, {run.failed} failed."
    )
