"""Small words the pages and messages share: plurals and articles."""

from __future__ import annotations


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 row", "2 rows", "1 person", "3 people"."""
    return f"{count:,} {singular if count == 1 else (plural or singular + 's')}"


def with_article(word: str) -> str:
    """ "an organizations file", "a people file": by the sound of the first
    letter, which for the app's own words is its spelling."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
