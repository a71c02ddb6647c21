"""Accreditation: a standard's standing derived from its dates (expiring and
lapsed at their boundaries), an establishment's decal, and the services'
refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import AccreditationStep, StepStatus
from caseboard.models.accreditation import (
    Decal,
    Standing,
    establishment_status,
    standing,
)
from caseboard.services import accreditation as service
from caseboard.services.coalitions import ensure_default_coalition
from caseboard.services.errors import ServiceError
from tests.accreditation_world import build_accreditation, make_business

SIGNED = date(2026, 1, 10)


def signed_off(days: int = 100) -> AccreditationStep:
    return AccreditationStep(
        status=StepStatus.SIGNED_OFF,
        on=SIGNED,
        expires_on=SIGNED + timedelta(days=days),
    )


def test_no_step_is_not_started_and_progress_is_in_progress():
    assert standing([], SIGNED, 30) is Standing.NOT_STARTED
    step = AccreditationStep(status=StepStatus.IN_PROGRESS, on=SIGNED)
    assert standing([step], SIGNED, 30) is Standing.IN_PROGRESS


@pytest.mark.parametrize(
    ("days_after_signing", "expected"),
    [
        (0, Standing.SIGNED_OFF),
        (69, Standing.SIGNED_OFF),  # the day before the 30-day window opens
        (70, Standing.EXPIRING),  # expires_on - 30 days: the window opens
        (99, Standing.EXPIRING),  # the last day it counts
        (100, Standing.LAPSED),  # expires_on itself: no longer current
        (400, Standing.LAPSED),
    ],
)
def test_a_sign_off_expires_and_lapses_at_its_boundaries(days_after_signing, expected):
    on = SIGNED + timedelta(days=days_after_signing)
    assert standing([signed_off(100)], on, 30) is expected
    assert expected.is_current == (expected in (Standing.SIGNED_OFF, Standing.EXPIRING))


def test_work_on_a_renewal_keeps_a_current_sign_off_and_follows_a_lapsed_one():
    renewing = AccreditationStep(
        status=StepStatus.IN_PROGRESS, on=SIGNED + timedelta(days=80)
    )
    history = [signed_off(100), renewing]
    assert standing(history, SIGNED + timedelta(days=80), 30) is Standing.EXPIRING
    assert standing(history, SIGNED + timedelta(days=100), 30) is (Standing.IN_PROGRESS)


def test_a_window_of_zero_days_never_warns():
    assert standing([signed_off(100)], SIGNED + timedelta(days=99), 0) is (
        Standing.SIGNED_OFF
    )


@pytest.fixture
def scheme(db, make_organization, make_person):
    coalition = ensure_default_coalition()
    agency = make_organization(name="Fire Marshal", kind="municipal_agency")
    business = make_business(coalition, "The Anchor Tavern")
    manager = make_person(organization=business, full_name="Tom Kowalski")
    return build_accreditation(coalition, agency, business, manager=manager)


def test_the_decal_follows_the_required_standards(scheme):
    venue = scheme.establishment
    assert establishment_status(venue, today()).decal is Decal.NOT_STARTED
    service.record_progress(None, venue, scheme.optional, note="Booked")
    status = establishment_status(venue, today())
    assert status.decal is Decal.IN_PROGRESS
    assert [r.standard for r in status.missing] == [scheme.standard]
    # The optional standard is not needed for the decal.
    service.sign_off(None, venue, scheme.standard, note="Inspected, capacity 220")
    status = establishment_status(venue, today())
    assert status.decal is Decal.ACCREDITED
    assert status.missing == []
    assert status.expires_next.standard == scheme.standard
    assert status.expires_next.expires_on == today() + timedelta(days=365)
    # A year and a day later the sign-off has lapsed, and so has the decal.
    later = establishment_status(venue, today() + timedelta(days=366))
    assert later.decal is Decal.LAPSED
    assert [r.standing for r in later.required] == [Standing.LAPSED]


def test_each_standard_keeps_its_history_in_date_order(scheme):
    venue = scheme.establishment
    service.sign_off(
        None, venue, scheme.standard, note="Passed", on=today() - timedelta(days=1)
    )
    service.record_progress(
        None, venue, scheme.standard, note="Booked", on=today() - timedelta(days=5)
    )
    db.session.commit()
    row = establishment_status(venue, today()).rows[0]
    assert [s.note for s in row.history] == ["Booked", "Passed"]
    assert row.standing is Standing.SIGNED_OFF
    assert row.latest.agency == scheme.standard.agency


def test_a_sign_off_needs_evidence_and_a_day_not_in_the_future(scheme):
    venue = scheme.establishment
    with pytest.raises(ServiceError, match="evidence"):
        service.sign_off(None, venue, scheme.standard, note="  ")
    with pytest.raises(ServiceError, match="future"):
        service.sign_off(
            None, venue, scheme.standard, note="ok", on=today() + timedelta(days=1)
        )


def test_only_a_member_business_enrols_once(scheme, make_organization):
    with pytest.raises(ServiceError, match="already enrolled"):
        service.enrol(None, scheme.scheme, scheme.establishment.organization)
    agency = scheme.standard.agency
    with pytest.raises(ServiceError, match="Only a business"):
        service.enrol(None, scheme.scheme, agency)


def test_a_standard_needs_a_member_agency_and_a_sensible_validity(scheme):
    coalition_agency = scheme.standard.agency
    with pytest.raises(ServiceError, match="1 to 3650"):
        service.add_standard(
            None,
            scheme.scheme,
            theme="Licensing",
            title="ABC licence",
            agency=coalition_agency,
            validity_days=0,
        )
    with pytest.raises(ServiceError, match="already has"):
        service.add_standard(
            None,
            scheme.scheme,
            theme="Premises",
            title="fire code and occupancy",
            agency=coalition_agency,
            validity_days=30,
        )
