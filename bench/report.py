"""Latency figures per page, compared with the floor, as a table and JSON."""

from __future__ import annotations

import os
import platform
from collections import defaultdict
from typing import Any

from bench.load import FLOOR, Sample

# A page meets the target when its p95 is within this many times the floor's
# p95 and under this many milliseconds.
RATIO_TARGET = 3.0
MS_TARGET = 250.0


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


Figures = dict[str, Any]


def summarise(samples: list[Sample], seconds: float) -> dict[str, Figures]:
    by_page: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_page[sample.page].append(sample)
    pages: dict[str, Figures] = {}
    for page, group in sorted(by_page.items()):
        # Latency of every answer that came back, conflicts included.
        times = [s.ms for s in group if s.ms > 0]
        pages[page] = {
            "requests": len(group),
            "errors": sum(s.outcome == "error" for s in group),
            "conflicts": sum(s.outcome == "conflict" for s in group),
            "p50_ms": round(percentile(times, 0.50), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "p99_ms": round(percentile(times, 0.99), 1),
            "rps": round(len(group) / seconds, 1),
        }
    floor_p95 = pages[FLOOR]["p95_ms"] if FLOOR in pages else 0.0
    for figures in pages.values():
        p95 = figures["p95_ms"]
        ratio = round(p95 / floor_p95, 1) if floor_p95 else None
        figures["p95_ratio"] = ratio
        figures["meets_target"] = (
            ratio is not None and ratio <= RATIO_TARGET and p95 < MS_TARGET
        )
    if FLOOR in pages:
        pages[FLOOR]["meets_target"] = None  # the yardstick itself
    return pages


def add_solo(pages: dict[str, Figures], samples: list[Sample]) -> None:
    """Each page's median time with one user alone (``solo_p50_ms``)."""
    times: dict[str, list[float]] = defaultdict(list)
    for sample in samples:
        if sample.ms > 0:
            times[sample.page].append(sample.ms)
    for page, figures in pages.items():
        alone = times.get(page)
        figures["solo_p50_ms"] = round(percentile(alone, 0.5), 1) if alone else None


def table(pages: dict[str, Figures]) -> str:
    header = (
        f"{'page':<30} {'requests':>8} {'errors':>6} {'conflicts':>9} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7} "
        f"{'p95/floor':>9} {'alone ms':>8}  target"
    )
    lines = [header, "-" * len(header)]
    order = [FLOOR] + [p for p in pages if p != FLOOR]
    for page in order:
        if page not in pages:
            continue
        f = pages[page]
        ratio = "—" if f["p95_ratio"] is None else f"{f['p95_ratio']}×"
        alone = "—" if f.get("solo_p50_ms") is None else f["solo_p50_ms"]
        verdict = "floor" if page == FLOOR else ("ok" if f["meets_target"] else "MISS")
        lines.append(
            f"{page:<30} {f['requests']:>8} {f['errors']:>6} {f['conflicts']:>9} "
            f"{f['p50_ms']:>8} {f['p95_ms']:>8} {f['p99_ms']:>8} {f['rps']:>7} "
            f"{ratio:>9} {alone:>8}  {verdict}"
        )
    return "\n".join(lines)


def machine() -> dict[str, object]:
    memory_kb = 0
    try:
        with open("/proc/meminfo") as info:
            memory_kb = int(info.readline().split()[1])
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "processor": platform.processor() or platform.machine(),
    }
