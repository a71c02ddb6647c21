from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from wtforms import Field, HiddenField, IntegerField, SelectChoice
from wtforms.validators import DataRequired, Length, StopValidation

from caseboard.inputs import MAX_ID

_WHOLE = re.compile(r"[+-]?[0-9]{1,12}")


def ascii_int(value: Any) -> int:
    """A select's or number field's value as an int, from ASCII digits only:
    ``int()`` reads "٣" (Arabic-Indic three) and "３" as 3, which would pick
    another record than the one on the page."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    raise ValueError("not a whole number")


def choices_of(enum: Iterable[Any]) -> list[SelectChoice]:
    """A select's choices: each member of a vocabulary, by its label."""
    return [SelectChoice(member.value, member.label) for member in enum]


def trimmed(
    field: type[Field],
    label: str,
    max_length: int,
    description: str = "",
    *,
    required: bool | str = False,
) -> Any:
    """A text field, trimmed, of at most ``max_length`` characters;
    ``required`` may be what to say when it is left blank."""
    validators: list[Any] = [Length(max=max_length)]
    if required:
        message = required if isinstance(required, str) else None
        validators.insert(0, DataRequired(message=message))
    return field(label, filters=[strip], validators=validators, description=description)


def strip(value: Any) -> Any:
    """Trim text; a field missing from the request becomes "" (never None)."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def none_if_blank(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class SmallIntegerField(IntegerField):
    """A whole number a 32-bit column can hold. WTForms' IntegerField takes
    any length, and NumberRange then fails on one too large for a float
    (OverflowError: a 500, found by tests/test_fuzz.py)."""

    data: int | None

    def process_formdata(self, valuelist: list[Any]) -> None:
        _refuse_other_digits(self, valuelist)
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > MAX_ID:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))


class VersionField(IntegerField):
    """The record version the user is editing, checked by the service on save."""

    widget = HiddenField.widget

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validators=[DataRequired()], **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        _refuse_other_digits(self, valuelist)
        super().process_formdata(valuelist)


def _refuse_other_digits(field: IntegerField, valuelist: list[Any]) -> None:
    if valuelist and valuelist[0] not in (None, ""):
        try:
            ascii_int(valuelist[0])
        except ValueError:
            field.data = None
            raise ValueError(field.gettext("Not a valid integer value.")) from None


def values(form: Any, names: Iterable[str]) -> dict[str, Any]:
    """The data of the named fields that the form has (a field can be
    removed from a form for a viewer who may not change it)."""
    return {name: form[name].data for name in names if name in form}


def first_error(form: Any) -> str | None:
    """The first message of a refused form, for a flash after a redirect."""
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return None


def add_service_error(form: Any, error: Any) -> None:
    """Show a service's refusal beside the field it names (or at the top)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


class DateRequired(DataRequired):
    """Required; but a date that does not exist (2026-02-30) keeps WTForms'
    "Not a valid date value." instead of becoming "This field is required."
    (DataRequired clears the parse error). A field left out of the form keeps
    its default, as with DataRequired."""

    def __call__(self, form: Any, field: Any) -> None:
        typed = field.raw_data and str(field.raw_data[0]).strip()
        if typed and field.process_errors:
            raise StopValidation()  # the parse error stays the field's error
        super().__call__(form, field)
