"""Charts drawn on the server as SVG, for the case report (page and PDF show
the same numbers) and as the page's picture before Chart.js takes over.

A measure's series by area: one polyline an area, the baseline window shaded
grey, the response window shaded green, the response start a dashed line;
weekly measures add their control band.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from caseboard.assessment.bands import BandPoint
from caseboard.assessment.windows import Windows

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 40
COLOURS = {
    "target": "#b03a2e",
    "buffer": "#d68910",
    "control": "#2874a6",
    "control_buffer": "#7d8b96",
}
LABELS = {
    "target": "Target",
    "buffer": "Buffer",
    "control": "Control",
    "control_buffer": "Control buffer",
}


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def series_chart(
    title: str,
    series: Sequence[tuple[date, dict[str, float]]],
    windows: Windows | None,
    band: Sequence[BandPoint] = (),
) -> str:
    if not series:
        return ""
    starts = [start for start, _ in series]
    highest = max(
        [v for _, row in series for v in row.values()]
        + [p.upper for p in band if p.upper is not None]
        + [1.0]
    )
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(starts) - 1, 1)

    def x(index: float) -> float:
        return LEFT + index * step

    def y(value: float) -> float:
        return TOP + plot_h - value / highest * plot_h

    index_of = {start: i for i, start in enumerate(starts)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="chart-svg">',
        f"<title>{escape(title)}</title>",
    ]
    parts += _windows(windows, index_of, x, plot_h)
    parts += _band(band, x, y)
    for area, colour in COLOURS.items():
        points = [
            f"{_fmt(x(i))},{_fmt(y(row[area]))}"
            for i, (_, row) in enumerate(series)
            if area in row
        ]
        if points:
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                f'points="{" ".join(points)}"/>'
            )
    parts += _axes(starts, highest, x, y, plot_h)
    parts += _legend(series)
    parts.append("</svg>")
    return "".join(parts)


def _windows(windows, index_of, x, plot_h) -> list[str]:
    if windows is None:
        return []
    parts = []
    spans = (("#e5e7e9", windows.baseline), ("#d5f5e3", windows.response))
    for colour, starts in spans:
        shown = [index_of[s] for s in starts if s in index_of]
        if shown:
            left, right = x(min(shown) - 0.5), x(max(shown) + 0.5)
            parts.append(
                f'<rect x="{_fmt(max(left, LEFT))}" y="{TOP}" '
                f'width="{_fmt(min(right, WIDTH - RIGHT) - max(left, LEFT))}" '
                f'height="{plot_h}" fill="{colour}"/>'
            )
    if windows.first_response in index_of:
        at = _fmt(x(index_of[windows.first_response] - 0.5))
        parts.append(
            f'<line x1="{at}" x2="{at}" y1="{TOP}" y2="{TOP + plot_h}" '
            'stroke="#1b2631" stroke-dasharray="4 3"/>'
        )
    return parts


def _band(band, x, y) -> list[str]:
    upper = [
        f"{_fmt(x(p.index))},{_fmt(y(p.upper))}" for p in band if p.upper is not None
    ]
    lower = [
        f"{_fmt(x(p.index))},{_fmt(y(p.lower))}" for p in band if p.lower is not None
    ]
    if not upper:
        return []
    return [
        f'<polygon fill="#fcf3cf" stroke="#b7950b" stroke-dasharray="2 2" '
        f'points="{" ".join(upper + lower[::-1])}"/>'
    ]


def _axes(starts, highest, x, y, plot_h) -> list[str]:
    parts = [
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" '
        f'y2="{TOP + plot_h}" stroke="#566573"/>',
        f'<text x="{LEFT - 6}" y="{_fmt(y(highest) + 4)}" text-anchor="end" '
        f'font-size="10">{_fmt(highest).removesuffix(".0")}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" '
        'font-size="10">0</text>',
    ]
    every = max(len(starts) // 6, 1)
    for i in range(0, len(starts), every):
        parts.append(
            f'<text x="{_fmt(x(i))}" y="{TOP + plot_h + 14}" text-anchor="middle" '
            f'font-size="10">{starts[i].strftime("%Y-%m")}</text>'
        )
    return parts


def _legend(series) -> list[str]:
    areas = [a for a in COLOURS if any(a in row for _, row in series)]
    parts = []
    for n, area in enumerate(areas):
        left = LEFT + n * 120
        parts.append(
            f'<rect x="{left}" y="{HEIGHT - 14}" width="10" height="10" '
            f'fill="{COLOURS[area]}"/><text x="{left + 14}" y="{HEIGHT - 5}" '
            f'font-size="10">{LABELS[area]}</text>'
        )
    return parts
