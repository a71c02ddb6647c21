"""Bad input at the edge (issue 12, finding 5): query parameters and stored
text are read in one place (caseboard/inputs.py), so none of these reaches a
500 or quietly means something else."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import networkx as nx
import pytest

from caseboard.extensions import db
from caseboard.inputs import clean_text, parse_date, parse_float, parse_id, parse_int
from caseboard.models import Membership, Person
from caseboard.queries.cases import CaseQuery
from caseboard.queries.people import PersonQuery
from caseboard.services import imports
from caseboard.services.audit import AuditQuery
from caseboard.services.contacts import log_interaction
from tests.conftest import sign_in

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def other_digits(number: int, table: dict = ARABIC_INDIC) -> str:
    return str(number).translate(table)


# The parsers --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["٣", "３", "1٣", "²", " 3", "3 ", "+3", "0", "-1"])
def test_an_id_is_ascii_digits_only(value):
    assert "٣".isdigit() and int("٣") == 3  # what the old parsing trusted
    assert parse_id(value) is None


def test_an_id_in_range_is_read():
    assert parse_id("42") == 42
    assert parse_id(str(2**31 - 1)) == 2**31 - 1
    assert parse_id(str(2**31)) is None


@pytest.mark.parametrize(
    "value",
    [
        "99999-01-01",
        "0000-00-00",
        "0000-01-01",
        "9999-12-31",
        "2024-02-30",
        "٢٠٢٤-01-01",
    ],
)
def test_a_date_outside_the_calendars_middle_is_no_date(value):
    assert parse_date(value) is None


def test_numbers_are_finite_ascii_and_clamped():
    assert parse_int("٢", 1, 1, 3) == 1
    assert parse_int("99999999999999999999", 1, 1, 3) == 1  # too long to read
    assert parse_int("7", 1, 1, 3) == 3
    for value in ("nan", "inf", "1e999", "٠.٥", "-"):
        assert parse_float(value, 0.0, 0.0, 1.0) == 0.0
    assert parse_float("0.5", 0.0, 0.0, 1.0) == 0.5


def test_clean_text_keeps_newlines_only_where_text_may_have_them():
    assert clean_text("Ann\x0bBell\x1f") == "AnnBell"
    assert clean_text("a\nb\tc\r\n", multiline=True) == "a\nb\tc\r\n"
    assert clean_text("a\nb") == "ab"


def test_filters_read_from_a_query_string_ignore_other_digits():
    assert CaseQuery.from_args({"organization": "٣"}).organization_id is None
    assert PersonQuery.from_args({"organization": "３"}).organization_id is None
    assert AuditQuery.from_args({"object": "٣", "to": "9999-12-31"}).object_id is None
    assert CaseQuery.from_args({"page": "٣"}).page == 1


# The routes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/audit?to=9999-12-31",
        "/admin/audit?from=9999-12-31&to=9999-12-31",
        "/admin/audit?from=0001-01-01",
        "/admin/audit?from=99999-01-01&to=0000-00-00",
        "/network?as_of=99999-01-01",
        "/network?as_of=9999-12-31",
        "/network?as_of=0001-01-01",
        "/network?since=0000-00-00&min=1e999&radius=٣",
        "/network/data.json?as_of=9999-12-31",
        "/cases?organization=٣&page=٣",
    ],
)
def test_dates_and_numbers_out_of_range_are_not_a_server_error(client, world, url):
    sign_in(client, world.admin)
    response = client.get(url)
    assert response.status_code < 500, response.status_code


def test_an_id_in_other_digits_does_not_pick_a_record(client, world):
    """Arabic-Indic digits of an organization's id are not that organization."""
    sign_in(client, world.admin)
    person = world.colleague
    before = db.session.scalar(
        db.select(db.func.count(Membership.id)).where(Membership.person_id == person.id)
    )
    response = client.post(
        f"/people/{person.id}/memberships",
        data={"organization_id": other_digits(world.other.id), "title": "Liaison"},
    )
    assert response.status_code < 500
    db.session.expire_all()
    after = db.session.scalar(
        db.select(db.func.count(Membership.id)).where(Membership.person_id == person.id)
    )
    assert after == before


def test_a_query_parameter_in_other_digits_names_no_one(client, world):
    sign_in(client, world.admin)
    ascii_page = client.get(f"/contacts/new?person={world.colleague.id}").text
    other_page = client.get(
        f"/contacts/new?person={other_digits(world.colleague.id, FULL_WIDTH)}"
    ).text
    assert world.colleague.full_name in ascii_page
    assert f'value="{world.colleague.id}" selected' not in other_page


# Control characters ---------------------------------------------------------------


@pytest.fixture
def tied(make_user, make_person, make_organization):
    org = make_organization(name="Harbour Police")
    admin = make_user(role="admin", organization=org)
    ann = make_person(organization=org, full_name="Ann Bell")
    tom = make_person(organization=org, full_name="Tom Reed")
    recent = date.today() - timedelta(days=3)
    log_interaction(admin, occurred_on=recent, kind="visit", people=[ann, tom])
    db.session.commit()
    return admin, ann, tom


def test_a_name_typed_with_control_characters_is_stored_without_them(client, tied):
    admin, ann, _ = tied
    sign_in(client, admin)
    response = client.post(
        f"/people/{ann.id}/edit",
        data={
            "full_name": "Ann\x0bMarie\x1f Bell",
            "notes": "line one\nline\ttwo",
            "version": ann.version,
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Person, ann.id)
    assert stored.full_name == "AnnMarie Bell"
    assert stored.notes == "line one\nline\ttwo"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_stay_valid_with_control_characters_stored_earlier(
    client, tied, fmt
):
    """A name stored before the edge refused them (or by a script) must not
    make the export unreadable for everyone."""
    admin, ann, _ = tied
    ann.full_name = "Ann\x0b Bell\x1f"
    db.session.commit()
    sign_in(client, admin)
    response = client.get(f"/network/export.{fmt}")
    assert response.status_code == 200
    ET.fromstring(response.data)  # raises on a character XML 1.0 forbids
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(response.data))
    assert "Ann Bell" in {d.get("name") for _, d in graph.nodes(data=True)}


# Uploaded files ---------------------------------------------------------------------


def test_nul_bytes_in_an_uploaded_csv_are_a_row_error_not_a_500(client, make_user):
    sign_in(client, make_user(role="admin"))
    data = b"name,email\r\nAnn\x00 Bell,ann@example.org\r\nTom Reed,\r\n"
    response = client.post(
        "/imports/preview",
        data={"kind": "people", "file": (io.BytesIO(data), "people.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "control character (U+0000)" in response.text
    preview = imports.preview("people", data, None)
    assert [(row.number, str(row.action)) for row in preview.rows] == [
        (2, "error"),
        (3, "create"),
    ]


def test_other_control_characters_in_a_csv_are_row_errors(db):
    data = b"name\r\nAnn\x0bBell\r\nTom\tReed\r\n"
    preview = imports.preview("people", data, None)
    assert [str(row.action) for row in preview.rows] == ["error", "create"]
    assert "U+000B" in preview.rows[0].message


def test_an_unclosed_quote_is_a_malformed_row_and_nothing_comes_of_it(db):
    """Left lenient, the reader swallowed every line after the quote into one
    cell, and the preview offered to create a person named with all of it."""
    data = (
        b"name,email\r\nAnn Bell,ann@example.org\r\n"
        b'"Tom Reed,tom@example.org\r\nSue Park,sue@example.org\r\n'
    )
    preview = imports.preview("people", data, None)
    assert [(row.number, str(row.action)) for row in preview.rows] == [
        (2, "create"),
        (3, "error"),
    ]
    assert "a quote is opened and never closed" in preview.rows[1].message
    with pytest.raises(imports.ImportRefused):
        imports.apply("people", data, None)
    db.session.rollback()
    names = set(db.session.scalars(db.select(Person.full_name)))
    assert not any("Tom Reed" in name or "Sue Park" in name for name in names)


def test_text_after_a_closing_quote_is_a_malformed_row(db):
    data = b'name\r\n"Ann" Bell\r\nTom Reed\r\n'
    preview = imports.preview("people", data, None)
    assert [str(row.action) for row in preview.rows] == ["error", "create"]
