"""Small vocabularies shared by several models, with their labels."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A vocabulary stored as its values. A member's label is its value in
    words ("on_hold": "On hold") unless the member names one:
    ``EXPERT = "expert", "Subject-matter expert"``."""

    _value_: str
    _label: str

    def __new__(cls, value: str, label: str | None = None) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label or value.replace("_", " ").capitalize()
        return member

    @property
    def label(self) -> str:
        return self._label

    @property
    def position(self) -> int:
        """Its place in the vocabulary's order, the first 0."""
        return list(type(self)).index(self)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Priority(LabelledEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"
