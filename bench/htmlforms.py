"""Read a page's forms as a browser would submit them: every field with its
current value (selected options, checked boxes, a textarea's text), so a
benchmark client can change one field and post the rest untouched."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "image", "file", "reset"}


@dataclass
class Form:
    action: str | None  # None: posts to the page's own address
    fields: list[tuple[str, str]] = field(default_factory=list)

    def names(self) -> set[str]:
        return {name for name, _ in self.fields}

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)

    def with_values(self, **values: str) -> list[tuple[str, str]]:
        """The fields to post, with ``values`` in place of the page's."""
        missing = set(values) - self.names()
        if missing:
            raise KeyError(f"the form has no field {sorted(missing)}")
        return [(n, values.get(n, v)) for n, v in self.fields]


@dataclass
class _Select:
    name: str
    multiple: bool
    options: list[tuple[str, bool]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: _Select | None = None
        self._option: list[str] | None = None  # [value or None, text]
        self._option_selected = False
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action") or None)
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
                return
            self._form.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = _Select(name, "multiple" in a)
        elif tag == "option" and self._select is not None:
            self._close_option()
            self._option = [a.get("value"), ""]  # type: ignore[list-item]
            self._option_selected = "selected" in a
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        elif self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None and self._form is not None:
            self._close_option()
            self._form.fields.extend(
                (self._select.name, value) for value in _chosen(self._select)
            )
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form:
            name, parts = self._textarea
            text = "".join(parts)
            # As browsers do: the newline right after <textarea> is not content.
            text = text[1:] if text.startswith("\n") else text
            self._form.fields.append((name, text))
            self._textarea = None
        elif tag == "form":
            self._form = None

    def _close_option(self) -> None:
        if self._option is not None and self._select is not None:
            value, text = self._option
            self._select.options.append(
                (value if value is not None else text.strip(), self._option_selected)
            )
        self._option = None


def _chosen(select: _Select) -> list[str]:
    picked = [value for value, selected in select.options if selected]
    if select.multiple:
        return picked
    if picked:
        return picked[-1:]
    return [select.options[0][0]] if select.options else []


def forms(page: str) -> list[Form]:
    parser = _Parser()
    parser.feed(page)
    parser.close()
    return parser.forms


def find_form(page: str, *, field: str = "", action: str = "") -> Form | None:
    """The first form with that field, or with that action."""
    for form in forms(page):
        if field and field not in form.names():
            continue
        if action and form.action != action:
            continue
        return form
    return None
