"""``caseboard import measures`` and ``caseboard assess`` on a case with
generated data: the import's idempotence and replacement, and the JSON shape
the issue asks for."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from caseboard.extensions import db
from caseboard.models import Measure, MeasurePoint
from caseboard.services import cases, measures


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def _months(first_year: int, count: int) -> list[str]:
    return [f"{first_year + (m // 12)}-{m % 12 + 1:02d}" for m in range(count)]


@pytest.fixture
def water_street(db, make_case, make_user, tmp_path):
    admin = make_user(role="admin")
    case = make_case(title="Water Street assaults")
    for status in ("done", "done", "in_progress"):
        cases.add_response(
            admin,
            case,
            description=f"Response {status}",
            partner_organization=None,
            status=status,
        )
    measures.add_response_start(None, case, date(2025, 1, 1))
    db.session.commit()
    rng = np.random.default_rng(14)
    lines = ["case,measure,area,period,value"]
    for i, month in enumerate(_months(2023, 36)):
        after = i >= 24
        means = {
            "target": 30 * (0.5 if after else 1),
            "buffer": 20 * (0.85 if after else 1),
            "control": 40,
        }
        for area, mean in means.items():
            lines.append(
                f"{case.id},Assaults within 500 ft,{area},{month},{rng.poisson(mean)}"
            )
    path = tmp_path / "assaults.csv"
    path.write_text("\n".join(lines) + "\n")
    return case, path


def test_import_measures_creates_points_once_and_reports_differences(app, water_street):
    case, path = water_street
    first = run(app, "import", "measures", str(path))
    assert first.exit_code == 0, first.output
    assert "108 new points" in first.output
    measure = db.session.scalar(db.select(Measure).where(Measure.case_id == case.id))
    assert measure.kind == "count" and measure.period == "month"
    assert len(measure.points) == 108

    again = run(app, "import", "measures", str(path))
    assert again.exit_code == 0, again.output
    assert "0 new points, 0 replaced, 108 already there" in again.output

    lines = path.read_text().splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ",999"
    path.write_text("\n".join(lines) + "\n")
    kept = run(app, "import", "measures", str(path))
    assert "Row 2: recorded" in kept.output and "the file has 999; kept" in kept.output
    db.session.expire_all()
    assert 999 not in [p.value for p in measure.points]

    replaced = run(app, "import", "measures", str(path), "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert "1 replaced" in replaced.output
    db.session.expire_all()
    assert 999 in [p.value for p in measure.points]


def test_import_measures_refuses_a_file_with_bad_rows_and_writes_nothing(
    app, water_street, tmp_path
):
    case, _ = water_street
    path = tmp_path / "bad.csv"
    path.write_text(
        "case,measure,area,period,value\n"
        f"{case.id},Calls,target,2025-01,4\n"
        f"{case.id},Calls,downtown,2025-13,four\n"
        "No such case,Calls,target,2025-02,3\n"
    )
    result = run(app, "import", "measures", str(path))
    assert result.exit_code == 1
    assert "downtown" in result.output and "2025-13" in result.output
    assert "four" in result.output and "No such case" in result.output
    assert db.session.scalar(db.select(db.func.count(MeasurePoint.id))) == 0


def test_assess_json_has_the_shape_the_issue_names(app, water_street):
    case, path = water_street
    assert run(app, "import", "measures", str(path)).exit_code == 0
    result = run(app, "assess", str(case.id), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"measures", "process", "relationships", "verdict"} <= set(data)
    (measure,) = data["measures"]
    assert {
        "name",
        "baseline",
        "response",
        "gross_effect",
        "net_effect",
        "percent_change",
        "wdq",
        "tne",
        "wdd",
        "its",
        "reading",
    } <= set(measure)
    assert set(measure["wdd"]) == {"estimate", "se", "z", "ci90"}
    assert set(measure["its"]) == {"level_rate_ratio", "ci95", "slope_change"}
    # 12 periods either side: the response window is as long as the data after.
    b, r = measure["baseline"], measure["response"]
    assert set(b) == {"target", "buffer", "control"}
    expected = (
        (r["target"] - b["target"])
        - (r["control"] - b["control"])
        + (r["buffer"] - b["buffer"])
    )
    assert measure["wdd"]["estimate"] == pytest.approx(expected)
    low, high = measure["its"]["ci95"]
    assert low < 0.5 < high
    assert data["process"]["responses_delivered"] == 3
    assert data["verdict"]["verdict"] == "evidence the response worked"
    assert "Assaults within 500 ft improved beyond chance" in data["verdict"]["reason"]


def test_assess_text_with_a_chosen_start_and_window(app, water_street):
    case, path = water_street
    run(app, "import", "measures", str(path))
    result = run(
        app, "assess", case.title, "--response-start", "2025-01-01", "--periods", "6"
    )
    assert result.exit_code == 0, result.output
    assert "6 periods each side" in result.output
    assert "Response start: 2025-01-01 (given)" in result.output
    assert "Verdict:" in result.output
    assert "WDD" in result.output
