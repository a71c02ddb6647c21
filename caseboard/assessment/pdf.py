"""The case report as a PDF, with WeasyPrint (Pango does the text layout).

The report's stylesheet is read from ``static/css/report.css`` on disk and
handed over as text; every URL the page names is refused, so rendering a
report never makes the server fetch anything.  Charts are inline SVG.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, current_app

STYLESHEET = "css/report.css"


def _refusing_fetcher():
    from weasyprint.urls import URLFetcher

    class Refuse(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"the report may not fetch {url}")

    return Refuse()


def render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # heavy: imported when a PDF is asked for

    static = Path(current_app.static_folder or "static")
    css = CSS(string=(static / STYLESHEET).read_text(encoding="utf-8"))
    document = HTML(string=html, url_fetcher=_refusing_fetcher())
    return bytes(document.write_pdf(stylesheets=[css]))


def pdf_response(html: str, filename: str) -> Response:
    return Response(
        render_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
