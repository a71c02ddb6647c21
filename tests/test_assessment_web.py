"""The Assessment tab: a measure entered, its data in the grid (version
checked), a CSV imported through the preview, the verdict on the page, the
scorecard and the report (HTML and PDF holding the page's numbers)."""

from __future__ import annotations

import io
import re
from datetime import date

import numpy as np
import pytest
from pypdf import PdfReader
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from caseboard.extensions import db
from caseboard.models import Measure, MeasurePoint
from caseboard.services import cases, measures
from tests.conftest import sign_in


def upload(client, case_id, data, replace="keep"):
    file = FileStorage(io.BytesIO(data), filename="points.csv")
    boundary, body = encode_multipart({"file": file, "replace": replace})
    return client.post(
        f"/cases/{case_id}/assessment/import",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def points_csv(case_id: int, seed: int = 5) -> bytes:
    rng = np.random.default_rng(seed)
    lines = ["case,measure,area,period,value"]
    for i in range(24):
        month = f"{2024 + i // 12}-{i % 12 + 1:02d}"
        after = i >= 12
        for area, mean in (("target", 40 * (0.5 if after else 1)), ("control", 50)):
            lines.append(f"{case_id},Assaults,{area},{month},{rng.poisson(mean)}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def case_for(make_case, make_user):
    def make():
        editor = make_user(role="admin")
        case = make_case(title="Water Street")
        for _ in range(2):
            cases.add_response(
                editor,
                case,
                description="Bar accreditation",
                partner_organization=None,
                status="done",
            )
        measures.add_response_start(None, case, date(2025, 1, 1), "Accreditation")
        db.session.commit()
        return case, editor

    return make


def test_enter_a_measure_then_its_data_in_the_grid(client, case_for):
    case, editor = case_for()
    sign_in(client, editor)
    created = client.post(
        f"/cases/{case.id}/measures/new",
        data={
            "name": "Calls about the encampment",
            "kind": "count",
            "unit": "calls",
            "direction": "down",
            "period": "month",
            "harm_weight": "1",
        },
    )
    assert created.status_code == 302
    measure = db.session.scalar(db.select(Measure).where(Measure.case_id == case.id))
    assert created.headers["Location"] == f"/measures/{measure.id}/data"
    grid = client.get(f"/measures/{measure.id}/data")
    assert grid.status_code == 200
    names = re.findall(r'name="(v-target-[0-9-]+)"', grid.text)
    assert len(names) == 12
    saved = client.post(
        f"/measures/{measure.id}/data", data={names[0]: "12", names[1]: "1,204.5"}
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert sorted(p.value for p in measure.points) == [12, 1204.5]

    # Someone else changes the first cell; a save from the old page is refused.
    point = next(p for p in measure.points if p.value == 12)
    stale_version = point.version
    point.value = 13
    db.session.commit()
    conflict = client.post(
        f"/measures/{measure.id}/data",
        data={names[0]: "14", f"ver-{names[0][2:]}": str(stale_version)},
    )
    assert conflict.status_code == 200
    assert "Someone saved these data meanwhile" in conflict.text
    db.session.expire_all()
    assert point.value == 13

    refused = client.post(f"/measures/{measure.id}/data", data={names[2]: "many"})
    assert "is not a number" in refused.text


def test_import_preview_then_apply_and_read_the_verdict(client, case_for):
    case, editor = case_for()
    sign_in(client, editor)
    data = points_csv(case.id)
    preview = upload(client, case.id, data)
    assert preview.status_code == 200
    assert "48 new points" in preview.text
    assert db.session.scalar(db.select(db.func.count(MeasurePoint.id))) == 0
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', preview.text)
    token = token or re.search(r'value="([^"]+)" name="token"', preview.text)
    done = client.post(
        f"/cases/{case.id}/assessment/import/apply", data={"token": token[1]}
    )
    assert done.status_code == 302
    assert db.session.scalar(db.select(db.func.count(MeasurePoint.id))) == 48
    again = upload(client, case.id, data)
    assert "0 new points, 0 replaced, 48 already there" in again.text

    page = client.get(f"/cases/{case.id}/assessment")
    assert page.status_code == 200
    assert "Verdict:</strong> evidence the response worked" in page.text
    assert 'canvas class="measure-chart"' in page.text
    assert 'id="series-' in page.text  # the chart's numbers, in a table


def test_report_and_pdf_show_the_same_numbers(client, case_for):
    case, editor = case_for()
    sign_in(client, editor)
    token = re.search(
        r'value="([^"]{32})"', upload(client, case.id, points_csv(case.id)).text
    )
    client.post(f"/cases/{case.id}/assessment/import/apply", data={"token": token[1]})
    report = client.get(f"/cases/{case.id}/report")
    assert report.status_code == 200 and "<svg" in report.text
    wdd = re.search(r'data-figure="wdd">([^ ]+) ', report.text)[1]
    verdict = "evidence the response worked"
    pdf = client.get(f"/cases/{case.id}/report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages
    )
    assert wdd in text
    assert verdict in text
    assert "Water Street" in text


def test_who_sees_the_case_reads_it_and_only_editors_change_it(
    client, case_for, make_user, make_organization
):
    case, _ = case_for()
    reader = make_user(role="read_only", organization=case.lead_organization)
    outsider = make_user(organization=make_organization())
    case.visibility = "participants"
    db.session.commit()
    sign_in(client, reader)
    assert client.get(f"/cases/{case.id}/assessment").status_code == 200
    assert client.get(f"/cases/{case.id}/measures/new").status_code == 403
    sign_in(client, outsider)
    assert client.get(f"/cases/{case.id}/assessment").status_code == 404
    assert client.get(f"/cases/{case.id}/report").status_code == 404
    assert "Water Street" not in client.get("/assessment/scorecard").text


def test_the_report_never_shows_notes_even_restricted_ones(client, case_for):
    from caseboard.services.notes import add_note

    case, editor = case_for()
    add_note(editor, case, "Informant lives above the Anchor", [case.lead_organization])
    add_note(editor, case, "Owner agreed to the training", [])
    db.session.commit()
    sign_in(client, editor)
    report = client.get(f"/cases/{case.id}/report")
    assert report.status_code == 200
    assert "Informant" not in report.text
    assert "Owner agreed" not in report.text
