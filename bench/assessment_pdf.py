"""How long the SARA case report takes, as HTML and as a PDF, for each demo
case with measures (the largest is Eastgate: 72 months in three areas).

    python -m bench.assessment_pdf [--repeat 3] [--json FILE]

Loads the demo into a fresh SQLite database, signs in as the administrator
through the test client (no server: this times the app's own work) and
reports the best of ``--repeat`` runs per page, with the PDF's size.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from caseboard import create_app
from caseboard.config import TestConfig
from caseboard.extensions import db


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        results = _run(Path(tmp), args.repeat)
    for row in results:
        print(
            f"{row['case'][:55]:<55} {row['measures']} measures, "
            f"{row['points']:>4} points: HTML {row['html_ms']:>6.0f} ms, "
            f"PDF {row['pdf_ms']:>6.0f} ms ({row['pdf_kb']:.0f} KB)"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def _run(folder: Path, repeat: int) -> list[dict]:
    from flask_migrate import upgrade

    from caseboard.demo import load_demo
    from caseboard.models import Case, Measure, MeasurePoint, User

    config = TestConfig(f"sqlite:///{folder / 'bench.db'}")
    app = create_app(config)
    app.instance_path = str(folder)
    results = []
    with app.app_context():
        upgrade()
        load_demo(password="bench-password-123")
        db.session.commit()
        admin = db.session.scalar(db.select(User).where(User.site_role == "admin"))
        cases = db.session.scalars(
            db.select(Case).where(Case.id.in_(db.select(Measure.case_id)))
        ).all()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = admin.get_id()
            session["_fresh"] = True
        for case in cases:
            points = db.session.scalar(
                db.select(db.func.count(MeasurePoint.id))
                .join(Measure)
                .where(Measure.case_id == case.id)
            )
            html_ms, _ = _best(client, f"/cases/{case.id}/report", repeat)
            pdf_ms, size = _best(client, f"/cases/{case.id}/report.pdf", repeat)
            results.append(
                {
                    "case": case.title,
                    "measures": len(case_measures(case)),
                    "points": points,
                    "html_ms": html_ms,
                    "pdf_ms": pdf_ms,
                    "pdf_kb": size / 1024,
                }
            )
    return results


def case_measures(case):
    from caseboard.queries.assessment import case_measures as measures

    return measures(case)


def _best(client, url: str, repeat: int) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            sys.exit(f"{url}: {response.status_code}")
        best, size = min(best, elapsed), len(response.data)
    return best, size


if __name__ == "__main__":
    main()
