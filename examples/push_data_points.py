"""Push a month of data points from a CSV to a Caseboard case, then print the
case's verdict. A starting point for an analyst's nightly script: standard
library only.

    CASEBOARD_URL=https://caseboard.example.org CASEBOARD_TOKEN=cbt_... \\
        python push_data_points.py 42 march.csv

The CSV has a header row and the columns ``measure,area,period,value`` (and
optionally ``note``): ``area`` is target, buffer, control or control_buffer;
``period`` is ``YYYY-MM``. Pushing the same file again writes nothing new.
The token needs the write scope (make one at Security in Caseboard).
"""

from __future__ import annotations

import csv
import json
import os
import sys
import urllib.error
import urllib.request
from typing import Any


def call(base: str, token: str, method: str, path: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        base.rstrip("/") + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as error:
        # Errors are RFC 9457 problem details: title, status, detail, ...
        problem = json.load(error)
        raise SystemExit(
            f"{method} {path}: {error.code} {problem.get('detail', problem)}"
            + (
                f"\n{json.dumps(problem['report'], indent=2)}"
                if "report" in problem
                else ""
            )
        ) from None


def read_points(path: str) -> list[dict[str, Any]]:
    with open(path, newline="", encoding="utf-8") as file:
        return [
            {
                "measure": row["measure"],
                "area": row.get("area") or "target",
                "period": row["period"],
                "value": float(row["value"]),
                "note": row.get("note") or "",
            }
            for row in csv.DictReader(file)
        ]


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    case_id, path = argv[1], argv[2]
    base = os.environ.get("CASEBOARD_URL", "http://127.0.0.1:5000")
    token = os.environ["CASEBOARD_TOKEN"]
    pushed = call(
        base, token, "POST", f"/api/v1/cases/{case_id}/data-points",
        {"points": read_points(path)},
    )  # fmt: skip
    print(pushed["summary"])
    figures = call(base, token, "GET", f"/api/v1/cases/{case_id}/assessment")
    verdict = figures["verdict"]
    print(f"Verdict: {verdict['verdict']}. {verdict['reason']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
