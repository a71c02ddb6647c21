"""Saving an edit form without ever overwriting someone else's save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash
from flask_wtf import FlaskForm

from caseboard.extensions import db
from caseboard.forms.common import add_service_error
from caseboard.services.errors import CONFLICTS, ServiceError


@dataclass
class Difference:
    label: str
    saved: Any
    yours: Any


@dataclass
class Conflict:
    """Shown above the form: what was saved meanwhile next to what the user typed."""

    differences: list[Difference]


def _shown(value: Any) -> Any:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else value


def _labelled(field: Any, value: Any) -> Any:
    """A select's value as the label the user picked it by (a name, not an id)."""
    choices = getattr(field, "choices", None)
    if not choices:
        return _shown(value)
    labels = {str(choice.value): choice.label for choice in choices}
    return labels.get(str(value), _shown(value))


def describe_conflict(form: FlaskForm, saved: dict[str, Any]) -> Conflict:
    differences = [
        Difference(
            form[name].label.text,
            _labelled(form[name], value),
            _labelled(form[name], form[name].data),
        )
        for name, value in saved.items()
        if name in form and _shown(value) != _shown(form[name].data)
    ]
    return Conflict(differences)


def save_edit(
    form: FlaskForm,
    save: Callable[[], Any],
    reload: Callable[[], Any],
    saved_values: Callable[[Any], dict[str, Any]],
) -> Conflict | bool:
    """Run ``save`` and commit.

    Returns True when saved, False when a rule refused it (the error is on the
    form), or a Conflict when the record changed since the form was loaded; the
    form then carries the new version, so saving again is a deliberate choice.
    """
    try:
        save()
        db.session.commit()
        return True
    except ServiceError as error:
        db.session.rollback()
        add_service_error(form, error)
        return False
    except CONFLICTS:
        db.session.rollback()
    current = reload()
    form.version.data = current.version
    flash(
        "Someone saved this record after you opened it. Nothing was overwritten: "
        "compare both versions below, then save again to keep yours.",
        "warning",
    )
    return describe_conflict(form, saved_values(current))
