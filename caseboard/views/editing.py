"""The shapes every form page shares: a create page (save, then show what
was made) and an edit page that never overwrites someone else's save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from caseboard.unit_of_work import attempt


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


CONFLICT_MESSAGE = (
    "Someone saved this record after you opened it. Nothing was overwritten: "
    "compare both versions below, then save again to keep yours."
)


class Edit:
    """An edit form's save, through the unit of work. A lost race is
    answered here, for every edit form alike: the form takes the saved
    version (so saving again is a deliberate choice) and ``conflict`` holds
    what was saved meanwhile next to what the user typed."""

    def __init__(
        self,
        form: FlaskForm,
        reload: Callable[[], Any],
        saved_values: Callable[[Any], dict[str, Any]],
    ) -> None:
        self.form = form
        self.reload = reload
        self.saved_values = saved_values
        self.conflict: Conflict | None = None

    def update(
        self,
        service: Callable[..., Any],
        record: Any,
        fields: Callable[[], dict[str, Any]],
    ) -> Callable[[], Any]:
        """The save of an edit form: ``service`` run by the signed-in user on
        ``record`` as it was when the form was opened (its version), with
        ``fields()``, which is read only once the form is valid."""
        return lambda: service(
            current_user, record, expected_version=self.form.version.data, **fields()
        )

    def saves(self, save: Callable[[], Any]) -> bool:
        """Validate the submitted form and run ``save``: True once committed;
        False for a form not sent, invalid, refused (the error is on the
        form) or in conflict."""
        if not self.form.validate_on_submit():
            return False
        outcome = attempt(save, form=self.form, lost_race=None)
        if outcome.lost_race is not None:
            self._show_conflict()
        return bool(outcome)

    def answer(
        self,
        save: Callable[[], Any],
        *,
        template: str,
        done: str | None = None,
        **context: Any,
    ) -> Any:
        """The edit page: once saved, to ``done`` (by default the record's
        own page, ``.show`` with this page's path values); else the form
        again (with its errors, or both versions side by side)."""
        if self.saves(save):
            return redirect(done or url_for(".show", **(request.view_args or {})))
        return render_template(
            template, form=self.form, conflict=self.conflict, **context
        )

    def _show_conflict(self) -> None:
        current = self.reload()
        self.form.version.data = current.version
        # The hidden field shows what was typed (the stale version) before
        # its data: without this, saving again would conflict again forever.
        self.form.version.raw_data = []
        flash(CONFLICT_MESSAGE, "warning")
        self.conflict = describe_conflict(self.form, self.saved_values(current))


F = TypeVar("F", bound=FlaskForm)


def page_of(key: str, endpoint: str = ".show") -> Callable[[Any], str]:
    """A ``done`` for ``create_page``: the created object's page, its id
    given as ``key`` (``page_of("case_id")``: ``.show`` with ``case_id``)."""
    return lambda created: url_for(endpoint, **{key: created.id})


def create_page(
    form: F,
    create: Callable[[F], Any],
    *,
    done: Callable[[Any], str],
    template: str,
    **context: Any,
) -> Any:
    """A create page: a valid form is created (``create(form)``) through the
    unit of work and the browser goes to ``done(created)``; else the form
    again, with the refusal beside its field."""
    if form.validate_on_submit():
        outcome = attempt(lambda: create(form), form=form)
        if outcome:
            return redirect(done(outcome.value))
    return render_template(template, form=form, **context)
