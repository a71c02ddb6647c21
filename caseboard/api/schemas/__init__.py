"""Marshmallow schemas of the API's resources, one module a resource stem.

A JSON body is read as strictly as its schema says: a boolean is true or
false (not 0, 1 or "yes"), a number is a JSON number (not a string)."""

from __future__ import annotations

from typing import Any

from marshmallow import fields


class StrictBoolean(fields.Boolean):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class StrictFloat(fields.Float):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


def Int(**options: Any) -> fields.Integer:
    return fields.Integer(strict=True, **options)
