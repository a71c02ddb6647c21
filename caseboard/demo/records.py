"""Reading the demo's data files (``caseboard/demo/data/*.toml``) into records.

Each kind of record is a dataclass; its fields are the names the data files
use. ``build`` turns a table read from a file into one, checking every field:
a field the dataclass does not have, one it needs that is missing, or a value
of the wrong type raises ``DemoDataError`` naming the file and the record
("cases/01-closing-time.toml, tasks[3] “Draft the standards”: ...").
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from dataclasses import dataclass
from enum import Enum
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

DATA: Traversable = resources.files(__package__) / "data"

T = TypeVar("T")


class DemoDataError(ValueError):
    """A data file of the demo that the loader cannot use, and why."""


@dataclass(frozen=True)
class Post:
    """Whoever holds a title at an organization: its first current staff
    member with that title (see ``directory.Directory.person``)."""

    organization: str
    title: str


# A person in the stories: a key person's full name, or a post.
Who = str | Post | None


def read(name: str, root: Traversable = DATA) -> dict[str, Any]:
    """One data file, parsed."""
    path = root / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DemoDataError(f"{name}: no such data file") from error
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{name}: {error}") from error


def read_folder(folder: str, root: Traversable = DATA) -> list[tuple[str, dict]]:
    """Every ``.toml`` file of a folder, in the order of their names (the
    demo draws its random choices in that order)."""
    names = sorted(
        entry.name
        for entry in (root / folder).iterdir()
        if entry.name.endswith(".toml")
    )
    return [(f"{folder}/{name}", read(f"{folder}/{name}", root)) for name in names]


def build(cls: type[T], raw: Any, where: str) -> T:
    """A ``cls`` record from a table of a data file; ``where`` names it in
    errors."""
    if not isinstance(raw, dict):
        raise DemoDataError(f"{where}: expected a table of named fields")
    known = {field.name: field for field in dataclasses.fields(cls)}  # type: ignore[arg-type]  # cls is a dataclass, which T (unbounded) cannot say
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise DemoDataError(
            f"{where}: unknown field {_names(unknown)} "
            f"(a {cls.__name__} has {_names(list(known))})"
        )
    missing = [
        name
        for name, field in known.items()
        if name not in raw
        and field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise DemoDataError(f"{where}: missing field {_names(missing)}")
    hints = typing.get_type_hints(cls)
    values = {
        name: _value(hints[name], value, f"{where}, {name}")
        for name, value in raw.items()
    }
    return cls(**values)


def _label(where: str, number: int, item: Any) -> str:
    label = f"{where}[{number}]"
    if isinstance(item, dict):
        name = item.get("name") or item.get("title")
        if isinstance(name, str):
            label += f" “{name}”"
    return label


def _names(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


def _value(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _union(args, value, where)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build(hint, value, where)
    if origin is tuple:
        if not isinstance(value, list):
            raise DemoDataError(f"{where}: expected an array")
        return tuple(
            _value(args[0], item, _label(where, number, item))
            for number, item in enumerate(value, start=1)
        )
    if origin is dict:
        if not isinstance(value, dict):
            raise DemoDataError(f"{where}: expected a table")
        return {
            _value(args[0], key, f"{where}.{key}"): _value(args[1], item, here)
            for key, item in value.items()
            for here in [f"{where}.{key}"]
        }
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            allowed = _names([member.value for member in hint])
            raise DemoDataError(f"{where}: {value!r} is not one of {allowed}") from None
    return _scalar(hint, value, where)


def _scalar(hint: Any, value: Any, where: str) -> Any:
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is int and isinstance(value, bool):
        raise DemoDataError(f"{where}: expected a whole number, not {value!r}")
    if not isinstance(value, hint):
        expected = {str: "text", int: "a whole number", float: "a number"}
        raise DemoDataError(
            f"{where}: expected {expected.get(hint, hint.__name__)}, not {value!r}"
        )
    return value


def _union(args: tuple, value: Any, where: str) -> Any:
    """A value of one of several types: text, or a table whose fields say
    which record it is (``{organization, title}`` or ``{staff, titles}``)."""
    if isinstance(value, dict):
        records = [
            arg
            for arg in args
            if isinstance(arg, type) and dataclasses.is_dataclass(arg)
        ]
        for record in records:
            names = {field.name for field in dataclasses.fields(record)}
            if set(value) <= names:
                return build(record, value, where)
        shapes = " or ".join(
            "{" + ", ".join(f.name for f in dataclasses.fields(r)) + "}"
            for r in records
        )
        raise DemoDataError(f"{where}: expected a name or {shapes}, not {value!r}")
    for arg in args:
        if arg is not type(None) and not dataclasses.is_dataclass(arg):
            return _value(arg, value, where)
    raise DemoDataError(f"{where}: expected a table, not {value!r}")
