"""The demo's measures and data points (``data/measures.toml``): believable
series, drawn from a seeded generator around the means the file gives."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib.resources import files
from typing import Any

import numpy as np
from sqlalchemy import select

from caseboard.assessment.windows import MONTH, add_periods
from caseboard.extensions import db
from caseboard.models import Case, MeasurePoint
from caseboard.services.measures import add_response_start, create_measure

AREAS = ("target", "buffer", "control", "control_buffer")
MEASURE_FIELDS = ("name", "kind", "unit", "direction", "harm_weight", "source", "notes")


def measure_specs() -> list[dict[str, Any]]:
    text = files("caseboard.demo").joinpath("data/measures.toml").read_text("utf-8")
    return list(tomllib.loads(text)["case"])


def _mean(spec: dict[str, Any], k: int, ramp_months: int) -> float:
    """The mean of response month ``k`` (0-based; negative: baseline)."""
    if k < 0:
        return float(spec["baseline"])
    if not ramp_months:
        return float(spec["response"])
    share = min((k + 1) / ramp_months, 1.0)
    return spec["baseline"] + share * (spec["response"] - spec["baseline"])


def series(
    measure: dict[str, Any], baseline: int, response: int
) -> dict[str, list[float | None]]:
    """Values by area for months −baseline … response−1 (None: not surveyed)."""
    rng = np.random.default_rng(measure["seed"])
    every = measure.get("every_months", 1)
    values: dict[str, list[float | None]] = {}
    for area in AREAS:
        if area not in measure:
            continue
        row: list[float | None] = []
        for k in range(-baseline, response):
            mean = _mean(measure[area], k, measure.get("ramp_months", 0))
            if (k + baseline) % every:
                row.append(None)
            elif measure["kind"] == "survey":
                row.append(round(float(rng.normal(mean, 0.12)), 2))
            else:
                row.append(float(rng.poisson(mean)))
        values[area] = row
    return values


def load_measures(today: date) -> None:
    """Measures for the demo cases named in the file; the caller commits."""
    this_month = today.replace(day=1)
    for spec in measure_specs():
        case = db.session.scalar(select(Case).where(Case.title == spec["title"]))
        if case is None:
            continue
        start = add_periods(this_month, -spec["start_months_ago"], MONTH)
        add_response_start(None, case, start, spec["start_label"])
        first = add_periods(start, -spec["baseline_months"], MONTH)
        for measure in spec["measure"]:
            created = create_measure(
                None, case, **{k: measure[k] for k in MEASURE_FIELDS if k in measure}
            )
            by_area = series(measure, spec["baseline_months"], spec["response_months"])
            for area, row in by_area.items():
                for i, value in enumerate(row):
                    if value is None:
                        continue
                    db.session.add(
                        MeasurePoint(
                            measure_id=created.id,
                            area=area,
                            period_start=add_periods(first, i, MONTH),
                            value=value,
                        )
                    )
    db.session.flush()
