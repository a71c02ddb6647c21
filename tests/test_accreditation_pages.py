"""The accreditation pages as their users see them: the signing agency signs
off and the venue becomes accredited, another agency cannot, the list's
filters and its CSV, the scheme editor's conflicts and refusals."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import AccreditationStep
from caseboard.services import accreditation as service
from caseboard.services.coalitions import ensure_default_coalition
from tests.accreditation_world import build_accreditation, make_business
from tests.conftest import sign_in


@pytest.fixture
def scheme(db, make_organization, make_person, make_user):
    coalition = ensure_default_coalition()
    fire = make_organization(name="Fire Marshal's Office", kind="municipal_agency")
    health = make_organization(name="Health Department", kind="health")
    anchor = make_business(coalition, "The Anchor Tavern")
    manager = make_person(organization=anchor, full_name="Tom Kowalski")
    world = build_accreditation(coalition, fire, anchor, manager=manager)
    food = service.add_standard(
        None,
        world.scheme,
        theme="Licensing",
        title="Food safety inspection",
        agency=health,
        validity_days=180,
    )
    rusty = make_business(coalition, "Rusty Nail Saloon")
    service.enrol(None, world.scheme, rusty)
    db.session.commit()
    world.food = food
    world.coalition = coalition
    world.marshal = make_user(organization=fire)
    world.inspector = make_user(organization=health)
    world.admin = make_user(role="admin", organization=health)
    return world


def steps() -> int:
    return db.session.query(AccreditationStep).count()


def sign_off_url(world, standard) -> str:
    return f"/accreditation/venues/{world.establishment.id}/{standard.id}/sign-off"


def test_the_signing_agency_signs_off_and_the_venue_is_accredited(client, scheme):
    service.sign_off(None, scheme.establishment, scheme.food, note="Passed")
    db.session.commit()
    sign_in(client, scheme.marshal)
    page = client.get(f"/accreditation/venues/{scheme.establishment.id}").text
    assert 'data-decal="in_progress"' in page
    assert "Sign off for Fire Marshal" in page
    response = client.post(
        sign_off_url(scheme, scheme.standard),
        data={"note": "Occupancy 220 posted; exits clear"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert 'data-decal="accredited"' in page
    assert "Occupancy 220 posted; exits clear" in page
    assert "Expires next: Food safety inspection" in page


def test_another_agency_and_an_administrator_cannot_sign_off(client, scheme):
    for user in (scheme.inspector, scheme.admin):
        sign_in(client, user)
        before = steps()
        response = client.post(
            sign_off_url(scheme, scheme.standard), data={"note": "Looks fine"}
        )
        assert response.status_code == 403
        assert steps() == before
        page = client.get(f"/accreditation/venues/{scheme.establishment.id}").text
        assert "Sign off for Fire Marshal" not in page


def test_a_sign_off_without_evidence_is_refused_with_a_message(client, scheme):
    sign_in(client, scheme.marshal)
    response = client.post(
        sign_off_url(scheme, scheme.standard), data={"note": " "}, follow_redirects=True
    )
    assert "Say what evidence was seen." in response.text
    assert steps() == 0


def test_the_list_filters_by_status_and_by_what_is_missing(client, scheme):
    service.sign_off(None, scheme.establishment, scheme.standard, note="ok")
    service.sign_off(None, scheme.establishment, scheme.food, note="ok")
    db.session.commit()
    sign_in(client, scheme.inspector)
    base = f"/accreditation/{scheme.coalition.id}"
    assert "Rusty Nail" in client.get(base).text
    accredited = client.get(f"{base}?status=accredited").text
    assert "The Anchor Tavern" in accredited and "Rusty Nail" not in accredited
    missing_licensing = client.get(f"{base}?theme=Licensing").text
    assert "Rusty Nail" in missing_licensing
    assert "The Anchor Tavern" not in missing_licensing
    by_agency = client.get(f"{base}?agency={scheme.food.agency_id}").text
    assert "Rusty Nail" in by_agency and "The Anchor Tavern" not in by_agency
    # Nonsense filters are no filters, never an error.
    assert client.get(f"{base}?status=x&agency=%D9%A3&theme=").status_code == 200


def test_the_csv_lists_every_establishment_with_its_gaps(client, scheme):
    signed = today() - timedelta(days=10)
    service.sign_off(None, scheme.establishment, scheme.standard, note="ok", on=signed)
    db.session.commit()
    sign_in(client, scheme.inspector)
    response = client.get(f"/accreditation/{scheme.coalition.id}/export.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["Establishment"] for r in rows] == [
        "Rusty Nail Saloon",
        "The Anchor Tavern",
    ]
    anchor = rows[1]
    assert anchor["Status"] == "In progress"
    assert anchor["Missing"] == "Food safety inspection"
    assert anchor["Missing agencies"] == "Health Department"
    assert anchor["Manager"] == "Tom Kowalski"
    assert anchor["Place"] == "400 Water Street"
    assert anchor["Expires next"] == "Fire code and occupancy"
    assert anchor["Expires on"] == (signed + timedelta(days=365)).isoformat()
    rusty = rows[0]
    assert rusty["Status"] == "Not started"
    assert rusty["Missing"] == "Fire code and occupancy; Food safety inspection"
    accredited = client.get(
        f"/accreditation/{scheme.coalition.id}/export.csv?status=accredited"
    )
    assert accredited.text.strip().splitlines() == [
        ",".join(csv_header()),
    ]


def csv_header() -> list[str]:
    from caseboard.queries.accreditation import CSV_HEADER

    return CSV_HEADER


def standard_form(standard, **changes):
    return {
        "theme": standard.theme,
        "title": standard.title,
        "agency_id": standard.agency_id,
        "evidence": standard.evidence,
        "validity_days": str(standard.validity_days),
        "required": "y",
        "version": standard.version,
    } | changes


def test_two_edits_of_a_standard_show_a_conflict_not_an_overwrite(client, scheme):
    sign_in(client, scheme.admin)
    url = f"/accreditation/standards/{scheme.standard.id}"
    seen = standard_form(scheme.standard)
    first = client.post(url, data=seen | {"validity_days": "730"})
    assert first.status_code == 302
    second = client.post(url, data=seen | {"evidence": "Photos of exits"})
    assert second.status_code == 200
    assert "Changed by someone else while you edited" in second.text
    db.session.expire_all()
    assert scheme.standard.validity_days == 730
    assert scheme.standard.evidence == "Inspection report"


def test_bad_input_in_the_scheme_editor_is_a_message_not_a_change(client, scheme):
    sign_in(client, scheme.admin)
    url = f"/accreditation/{scheme.coalition.id}/standards"
    response = client.post(
        url,
        data={
            "theme": "Premises",
            "title": "Lighting",
            "agency_id": scheme.food.agency_id,
            "validity_days": "0",
        },
    )
    assert response.status_code == 200
    assert "Number must be between 1 and 3650" in response.text
    response = client.post(
        url,
        data={
            "theme": "Premises",
            "title": "Fire code and occupancy",
            "agency_id": scheme.food.agency_id,
            "validity_days": "30",
        },
    )
    assert "already has a standard by that title" in response.text
    db.session.expire_all()
    assert len(scheme.scheme.standards) == 3


def test_a_coordinator_of_the_coalition_defines_a_scheme_from_nothing(
    client, make_organization, make_user
):
    from caseboard.services.coalitions import create_coalition, name_person

    coalition = create_coalition(None, name="Water Street Nightlife Initiative")
    coordinator = make_user(role="coordinator", organization=make_organization())
    name_person(None, coalition, coordinator.person, coordinator=True)
    db.session.commit()
    sign_in(client, coordinator)
    assert (
        "no accreditation scheme yet"
        in client.get(f"/accreditation/{coalition.id}").text
    )
    response = client.post(
        f"/accreditation/{coalition.id}/scheme",
        data={"name": "Best Bar None", "renewal_window_days": "45", "case_id": ""},
    )
    assert response.status_code == 302
    page = client.get(f"/accreditation/{coalition.id}/scheme").text
    assert "Add a standard" in page


def test_a_name_that_could_start_a_formula_is_quoted_in_the_csv(client, scheme):
    """OWASP "CSV Injection": see tests/test_csv_exports.py."""
    service.enrol(
        None, scheme.scheme, make_business(scheme.coalition, '=HYPERLINK("x")')
    )
    db.session.commit()
    sign_in(client, scheme.inspector)
    text = client.get(f"/accreditation/{scheme.coalition.id}/export.csv").text
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert '\'=HYPERLINK("x")' in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
