"""The network over time: cross-organization ties per month and what changed
since the last meeting, by hand-checked small cases."""

from datetime import UTC, date, datetime, timedelta

from caseboard.extensions import db
from caseboard.network.history import changes_since, cross_organization_months
from caseboard.network.ties import Tie
from caseboard.services.contacts import log_interaction
from tests.conftest import sign_in

AS_OF = date(2026, 11, 15)


def tie(a, b, *contacts, since=None, declared_on=None):
    made = Tie(a, b)
    for day in contacts:
        made.add_contact("call", day, AS_OF, since)
    if declared_on:
        made.add_declared("works_with", declared_on)
    return made.finish()


def test_months_count_only_ties_across_organizations():
    organization_of = {1: 10, 2: 10, 3: 20, 4: None}
    ties = [
        tie(1, 2, date(2026, 11, 2)),  # same organization: not counted
        tie(1, 3, date(2026, 11, 3), date(2026, 10, 9)),
        tie(2, 3, date(2026, 11, 4)),
        tie(3, 4, date(2026, 9, 1)),  # a resident with no organization
        tie(1, 4, date(2024, 1, 1)),  # older than a year
    ]
    months = cross_organization_months(ties, organization_of, AS_OF)
    assert len(months) == 12
    assert months[0].first_day == date(2025, 12, 1)
    by_month = {m.first_day: (m.ties, m.organization_pairs) for m in months}
    assert by_month[date(2026, 11, 1)] == (2, 1)
    assert by_month[date(2026, 10, 1)] == (1, 1)
    assert by_month[date(2026, 9, 1)] == (1, 1)
    assert sum(m.ties for m in months) == 4


def test_changes_since_the_last_meeting():
    meeting = date(2026, 10, 1)
    ties = [
        tie(1, 2, date(2026, 10, 20), since=meeting),  # first contact after
        tie(1, 3, date(2026, 9, 10), since=meeting),  # active then, silent since
        tie(1, 4, date(2025, 12, 1), date(2026, 11, 1), since=meeting),  # renewed
        tie(1, 5, date(2026, 9, 25), date(2026, 11, 10), since=meeting),  # steady
        tie(2, 3, since=meeting, declared_on=date(2026, 10, 5)),  # declared after
    ]
    changes = changes_since(ties, meeting, "October meeting", AS_OF)
    assert changes.new == [(1, 2), (2, 3)]
    assert changes.gone_quiet == [(1, 3)]
    assert changes.renewed == [(1, 4)]


def test_the_page_shows_changes_since_the_last_meeting(
    client, make_user, make_person, make_organization, make_meeting
):
    police = make_organization(name="Police", kind="police")
    fire = make_organization(name="Fire Marshal", kind="municipal_agency")
    admin = make_user(role="admin", organization=police)
    ruiz = make_person(organization=police, full_name="Elena Ruiz")
    marshal = make_person(organization=fire, full_name="Sean Fitzgerald")
    held = datetime.now(UTC) - timedelta(days=10)
    make_meeting(title="November coalition meeting", starts_at=held)
    log_interaction(
        admin, occurred_on=date.today(), kind="visit", people=[ruiz, marshal]
    )
    db.session.commit()
    sign_in(client, admin)
    page = client.get("/network").text
    assert "Since the last meeting" in page and "November coalition meeting" in page
    assert "1</strong> new tie: Elena Ruiz – Sean Fitzgerald" in page
    assert "Cross-organization ties by month" in page
