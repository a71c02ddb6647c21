"""The analyst's journey through a case's assessment: enter a measure, import
its data points through the preview, read the verdict and the measure's
figures, and download the PDF report, whose text holds the page's numbers."""

from __future__ import annotations

import io
import uuid
from datetime import date

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.helpers import COORDINATOR, sign_in

WATER_STREET = "Closing-time assaults on the 400 block of Water Street"


def _month(months_from_now: int) -> str:
    total = date.today().year * 12 + date.today().month - 1 + months_from_now
    return f"{total // 12}-{total % 12 + 1:02d}"


def points(case_id: int, measure: str) -> bytes:
    """12 months before the demo's response start (12 months ago) and 12
    after: the target halves, the control stays level."""
    lines = ["case,measure,area,period,value"]
    for k in range(-24, 0):
        after = k >= -12
        target = 9 + (k % 3) if not after else 4 + (k % 2)
        control = 10 + (k % 2)
        lines.append(f"{case_id},{measure},target,{_month(k)},{target}")
        lines.append(f"{case_id},{measure},control,{_month(k)},{control}")
    return ("\n".join(lines) + "\n").encode()


def test_enter_a_measure_import_its_points_read_the_verdict_and_the_pdf(
    page: Page, tmp_path
):
    sign_in(page, COORDINATOR)
    page.goto("/cases")
    page.get_by_role("link", name=WATER_STREET).first.click()
    case_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    page.get_by_role("link", name="Assessment", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Assessment: did it work?"
    )

    name = f"Glass bottles thrown {uuid.uuid4().hex[:6]}"
    page.get_by_role("link", name="New measure").first.click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Unit", exact=True).fill("incidents")
    page.get_by_label("Period", exact=True).select_option("month")
    page.get_by_role("button", name="Create measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{name}: data")
    expect(page.locator("#data-grid")).to_be_visible()

    page.get_by_role("link", name="Back to the assessment").click()
    page.get_by_label("CSV file").set_input_files(
        files=[
            {
                "name": "points.csv",
                "mimeType": "text/csv",
                "buffer": points(case_id, name),
            }
        ]
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#import-summary")).to_contain_text("48 new points")
    page.get_by_role("button", name="Import 48 points").click()
    expect(page.get_by_role("status").first).to_contain_text("Imported")

    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("Verdict: evidence the response worked")
    measure = page.locator("article.measure", has_text=name)
    wdd = measure.locator('[data-figure="wdd"]').inner_text()
    estimate = wdd.split(" ", 1)[0]
    expect(measure.locator("canvas.measure-chart")).to_have_attribute(
        "data-drawn", "yes"
    )
    # 12 months each side: target 9–11 a month, then 4–5; control 10–11.
    baseline_row = measure.locator("table.figures tr", has_text="Target")
    expect(baseline_row).to_contain_text("120")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages
    )
    assert name in text
    assert estimate in text
    assert "evidence the response worked" in text
    assert "Verdict:" in text
