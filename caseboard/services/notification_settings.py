"""How each user wants to hear about things, and keeping to it.

A kind of notification goes by one of four channels: ``email`` (a mail at
once, and the bell), ``digest`` (the bell, and a line in the next digest),
``bell`` (the bell only) or ``off`` (nothing at all). The digest itself comes
daily, weekly (on Mondays) or not at all. A user without a saved row has the
defaults of ``caseboard/data/notification_events.toml``; saving keeps only
known kinds and channels, and a save from a stale page is a conflict.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import NotificationSettings, User
from caseboard.services.audit import record
from caseboard.services.errors import ServiceError, check_version

CHANNELS = {
    "email": "Immediately by email",
    "digest": "In the digest",
    "bell": "Only in the bell",
    "off": "Off",
}
FREQUENCIES = {"daily": "Daily", "weekly": "Weekly, on Monday", "off": "Off"}
DIGEST = "digest"  # what an unsubscribe link names for the digest itself


@cache
def event_types() -> dict[str, dict[str, Any]]:
    """Every kind of notification, in the order the settings list them."""
    text = files("caseboard").joinpath("data/notification_events.toml").read_text()
    return tomllib.loads(text)


def defaults() -> dict[str, str]:
    return {kind: event["default"] for kind, event in event_types().items()}


def settings_row(user: User) -> NotificationSettings | None:
    return db.session.scalar(
        select(NotificationSettings).where(NotificationSettings.user_id == user.id)
    )


def channels_of(user_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Each user's channel per kind (the defaults where they chose nothing),
    in one query."""
    wanted = set(user_ids)
    rows = db.session.scalars(
        select(NotificationSettings).where(NotificationSettings.user_id.in_(wanted))
    )
    saved = {row.user_id: row.choices for row in rows}
    return {user_id: defaults() | _known(saved.get(user_id, {})) for user_id in wanted}


def channel(user_id: int, kind: str) -> str:
    return channels_of([user_id])[user_id][kind]


def digest_frequency(user: User) -> str:
    row = settings_row(user)
    return row.digest if row is not None else "daily"


def form_data(user: User, row: NotificationSettings | None) -> dict[str, object]:
    """What the settings form shows: the saved choices over the defaults."""
    chosen = channels_of([user.id])[user.id]
    data: dict[str, object] = {f"kind_{k}": v for k, v in chosen.items()}
    data["digest"] = row.digest if row is not None else "daily"
    data["version"] = row.version if row is not None else 0
    return data


def _known(choices: Mapping[str, str]) -> dict[str, str]:
    kinds = event_types()
    return {k: v for k, v in choices.items() if k in kinds and v in CHANNELS}


def _row_for(user: User) -> NotificationSettings:
    row = settings_row(user)
    if row is None:
        row = NotificationSettings(user_id=user.id, digest="daily", choices={})
        db.session.add(row)
        db.session.flush()
    return row


def save_settings(
    actor: User, version: int | None, digest: str, choices: Mapping[str, str]
) -> NotificationSettings:
    """Save ``actor``'s own settings; ``version`` is the one their page showed
    (0 when they had none saved). Refuses an unknown frequency or channel."""
    if digest not in FREQUENCIES:
        raise ServiceError("Choose daily, weekly or off for the digest.", "digest")
    unknown = [k for k, v in choices.items() if _known({k: v}) == {}]
    if unknown:
        raise ServiceError(f"Unknown setting: {unknown[0]}.")
    row = settings_row(actor)
    if row is None:
        # A second tab saving first makes this insert lose the unique race.
        row = NotificationSettings(user_id=actor.id, digest="daily", choices={})
        db.session.add(row)
    else:
        check_version(row, version)
    before = (row.digest, dict(row.choices))
    row.digest = digest
    row.choices = dict(choices)
    record(
        actor,
        "update_notification_settings",
        row,
        {"digest": [before[0], digest], "choices": [before[1], dict(choices)]},
        label=actor.name,
    )
    db.session.flush()
    return row


def turn_off(user: User, what: str) -> str:
    """What an unsubscribe link does: ``what`` (a kind, or ``DIGEST``) is
    turned off and nothing else changes. The label of what was turned off."""
    row = _row_for(user)
    if what == DIGEST:
        before, row.digest = row.digest, "off"
        label = "the digest"
    else:
        before = row.choices.get(what, defaults()[what])
        row.choices = row.choices | {what: "off"}
        label = event_types()[what]["label"]
    record(
        user,
        "unsubscribe",
        row,
        {what: [before, "off"]},
        label=user.name,
    )
    db.session.flush()
    return label
