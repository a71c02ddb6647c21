"""Text colours of the small tags reach WCAG AA (4.5:1) on their backgrounds:
read from the stylesheet, so a new colour is checked without a browser."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).parent.parent / "static" / "css" / "caseboard.css").read_text()


def colour(value: str) -> str:
    """A colour written directly or through a ``var(--name)`` of :root."""
    found = re.fullmatch(r"var\((--[\w-]+)\)", value.strip())
    if found:
        value = re.search(rf"{found.group(1)}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)
    value = value.strip()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):  # #334 is #333344
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "rule", [".state-active", ".state-cooling", ".tag", ".status-done"]
)
def test_tag_text_reaches_4_5_to_1(rule):
    body = re.search(rf"^{re.escape(rule)} \{{([^}}]*)\}}", CSS, re.M).group(1)
    background = colour(re.search(r"background:\s*([^;]+);", body).group(1))
    text = colour(re.search(r"(?<![-\w])color:\s*([^;]+);", body).group(1))
    assert contrast(text, background) >= 4.5, (rule, text, background)
