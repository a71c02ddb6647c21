"""A small form posted from a page (move a stage, add a stop, comment):
validate it, attempt the service, and say what became of it. The view then
sends the browser back to the page the form was on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash
from flask_wtf import FlaskForm

from caseboard.unit_of_work import Outcome, attempt


def flash_form_errors(form: FlaskForm, what: str) -> None:
    """Flash the form's first error after ``what`` ("The ask was not moved")."""
    for field_errors in form.errors.values():
        flash(f"{what}: {field_errors[0]}", "error")
        return


def post_form(
    form: FlaskForm,
    work: Callable[[], Any],
    *,
    invalid: str,
    done: Callable[[], str] | str = "",
    **attempt_options: Any,
) -> Outcome | None:
    """Validate ``form``, then ``attempt(work, **attempt_options)``.

    An invalid form flashes its first error after ``invalid`` and gives None;
    a committed attempt flashes ``done`` (called after the commit when it is a
    function, so it can tell the new state). The attempt's outcome is
    returned, true when committed.
    """
    if not form.validate_on_submit():
        flash_form_errors(form, invalid)
        return None
    outcome = attempt(work, **attempt_options)
    if outcome and done:
        flash(done() if callable(done) else done, "info")
    return outcome
