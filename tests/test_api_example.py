"""examples/push_data_points.py, run as an analyst would against a live app:
it pushes a month of data points from a CSV and prints the case's verdict."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

from sqlalchemy import func, select
from werkzeug.serving import make_server

from caseboard.extensions import db
from caseboard.models import MeasurePoint
from tests.api_client import token_for

EXAMPLE = Path(__file__).parent.parent / "examples" / "push_data_points.py"
CSV = """measure,area,period,value,note
Assaults,target,2026-03,11,
Assaults,control,2026-03,7,
Calls for service,target,2026-03,40,from the records system
"""


def test_the_example_pushes_a_month_and_reads_the_verdict(
    app, make_case, make_user, tmp_path, monkeypatch, capsys
):
    spec = importlib.util.spec_from_file_location("push_data_points", EXAMPLE)
    assert spec and spec.loader
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    case = make_case()
    secret = token_for(make_user(role="admin"))
    (tmp_path / "march.csv").write_text(CSV)
    case_id = case.id
    db.session.commit()  # no read transaction held while the server writes
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("CASEBOARD_URL", f"http://127.0.0.1:{server.server_port}")
        monkeypatch.setenv("CASEBOARD_TOKEN", secret)
        argv = ["push_data_points.py", str(case_id), str(tmp_path / "march.csv")]
        assert example.main(argv) == 0
        first = capsys.readouterr().out
        assert example.main(argv) == 0
        again = capsys.readouterr().out
    finally:
        server.shutdown()
        server.server_close()
    assert "3 new points" in first and "Verdict: " in first
    assert "0 new points" in again and "3 already there" in again
    assert db.session.scalar(select(func.count(MeasurePoint.id))) == 3
