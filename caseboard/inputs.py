"""Input at the edge, read in one place: query parameters and stored text.

Every route that reads ``request.args`` goes through the parsers here, so a
hand-edited URL can only ever mean "this filter is not set" — never a server
error and never a quiet reinterpretation:

- ids and numbers are ASCII digits only. ``int()`` and ``str.isdigit`` accept
  any Unicode digit (``int("٣") == 3``), so an Arabic-Indic or full-width
  digit would silently name another record;
- dates are ``YYYY-MM-DD`` within years 1..9998, so that a filter may add a
  day (the whole of "to" day) or a zone offset without overflowing;
- numbers are finite and clamped to the range the caller gives.

``clean_text`` is the same idea for text that is stored: control characters
other than newline and tab (and carriage return, which a browser sends in
``\\r\\n``) cannot be typed, break XML exports for everyone (GraphML/GEXF
refuse them) and PostgreSQL refuses NUL outright.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from typing import Any

# Ids are 32-bit integer columns on PostgreSQL; a larger number in a URL is
# simply not found instead of an "integer out of range" error.
MAX_ID = 2**31 - 1
MAX_PAGE = 10_000
# date.max minus a margin: callers add a day or shift by a time zone.
MIN_YEAR, MAX_YEAR = 1900, 9998

_DIGITS = re.compile(r"[0-9]{1,12}")
_SIGNED = re.compile(r"[+-]?[0-9]{1,12}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,12}(?:\.[0-9]{0,12})?|\.[0-9]{1,12})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# Allowed in multi-line text; everything else of category Cc is refused.
MULTILINE_CONTROLS = frozenset("\n\r\t")


def ascii_digits(value: Any) -> bool:
    """True for a non-empty run of 0-9 only (no sign, no space, no '٣')."""
    return isinstance(value, str) and _DIGITS.fullmatch(value) is not None


def parse_id(value: Any) -> int | None:
    """A positive id a 32-bit column can hold, or None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= MAX_ID else None
    if not ascii_digits(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def parse_int(value: Any, default: int, low: int, high: int) -> int:
    """A whole number clamped into [low, high]; ``default`` when unreadable."""
    if not isinstance(value, str) or not _SIGNED.fullmatch(value.strip()):
        return default
    return min(max(int(value.strip()), low), high)


def parse_float(value: Any, default: float, low: float, high: float) -> float:
    """A finite decimal clamped into [low, high]; ``default`` when unreadable
    (``float()`` takes "nan", "inf", "1e999" and Unicode digits)."""
    if not isinstance(value, str) or not _DECIMAL.fullmatch(value.strip()):
        return default
    number = float(value.strip())
    return min(max(number, low), high) if math.isfinite(number) else default


def parse_date(value: Any) -> date | None:
    """A ``YYYY-MM-DD`` date of the calendar's middle range, else None."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 2026-02-30, month 13, day 00
        return None


def parse_page(args: Any) -> int:
    """The page number of a list (1 when missing or unreadable)."""
    return parse_int(args.get("page"), 1, 1, MAX_PAGE)


def parse_choice(value: Any, allowed: Any, default: str = "") -> str:
    """``value`` when it is one of ``allowed``, else ``default``."""
    return value if isinstance(value, str) and value in allowed else default


def control_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The control characters in ``text`` that may not be stored."""
    allowed = MULTILINE_CONTROLS if multiline else frozenset()
    return sorted(
        {ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in allowed}
    )


def clean_text(value: Any, *, multiline: bool = False) -> Any:
    """``value`` without the control characters it may not hold (see the
    module docstring); anything not text is returned as it is."""
    if not isinstance(value, str):
        return value
    bad = control_characters(value, multiline=multiline)
    if not bad:
        return value
    return "".join(ch for ch in value if ch not in bad)
