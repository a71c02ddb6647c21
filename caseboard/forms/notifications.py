"""The notification settings form: the digest's frequency and a channel per
kind of notification (one radio group each, made from the kinds' table)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from caseboard.services.notification_settings import (
    CHANNELS,
    FREQUENCIES,
    event_types,
)

PREFIX = "kind_"


def _options(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class SettingsBase(FlaskForm):
    # 0 while the user has saved nothing yet (their row does not exist).
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    digest = RadioField("Digest by email", choices=_options(FREQUENCIES))

    def kind_fields(self) -> list[Any]:
        return [self[PREFIX + kind] for kind in event_types()]

    def choices(self) -> dict[str, str]:
        return {kind: self[PREFIX + kind].data for kind in event_types()}


def settings_form(**data: Any) -> SettingsBase:
    """The form with a radio group per kind; ``data`` fills it on GET."""

    class SettingsForm(SettingsBase):
        pass

    for kind, event in event_types().items():
        field = RadioField(event["label"], choices=_options(CHANNELS))
        setattr(SettingsForm, PREFIX + kind, field)
    return SettingsForm(**data)
