"""The tie table: kept current with every contact, equal to a recomputation
from the contacts, and what today's ties are read from."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, inspect, update

from caseboard.extensions import db
from caseboard.models import (
    Attendance,
    Interaction,
    InteractionKind,
    InteractionParticipant,
    TieShare,
)
from caseboard.network import tie_table
from caseboard.network.tie_sources import Reach
from caseboard.network.ties import _derived, ties
from caseboard.services.contacts import log_interaction
from caseboard.services.meetings import record_attendance
from tests.conftest import sign_in

KINDS = [kind.value for kind in InteractionKind]


def _check_table_matches_contacts() -> None:
    connection = db.session.connection()
    found = tie_table.differences(
        tie_table.stored(connection), tie_table.compute(connection)
    )
    assert found == []


def _same_ties(viewer, since: date) -> None:
    """Today's ties read from the table equal those derived from contacts."""
    as_of = date.today()
    reach = Reach(None, False, db.session.get_bind().dialect.name == "postgresql")
    read = ties(as_of=as_of, since=since, viewer=viewer)
    derived = _derived(reach, as_of, since, viewer)
    assert set(read) == set(derived)
    for key, tie in derived.items():
        mine = read[key]
        assert mine.strength == pytest.approx(tie.strength, rel=1e-9, abs=1e-12)
        assert (mine.contacts, mine.last_contact, mine.first_known) == (
            tie.contacts,
            tie.last_contact,
            tie.first_known,
        )
        assert mine.months == tie.months
        assert mine.declared == tie.declared
        # The history only asks whether it falls in the cooling period.
        if tie.last_contact_by_since and (since - tie.last_contact_by_since).days < 181:
            assert mine.last_contact_by_since == tie.last_contact_by_since


def test_the_maintained_table_equals_a_recomputation_after_random_changes(
    db, make_user, make_person, make_case, make_meeting, make_organization
):
    rng = random.Random(18)
    actor = make_user(role="coordinator")
    people = [make_person() for _ in range(9)]
    hidden = make_case()
    hidden.visibility = "participants"
    cases = [None, make_case(), hidden]
    now = datetime.now(UTC).replace(microsecond=0)
    meetings = [
        make_meeting(actor=actor, starts_at=now - timedelta(days=d), case=case)
        for d, case in [(3, None), (40, cases[1]), (200, hidden), (-5, None)]
    ]
    db.session.commit()
    today = date.today()
    outsider = make_user(organization=make_organization(name="Elsewhere"))

    def some_people(low: int = 2) -> list:
        return rng.sample(people, rng.randint(low, 4))

    def contacts() -> list[Interaction]:
        return list(db.session.scalars(db.select(Interaction).order_by(Interaction.id)))

    for _ in range(120):
        choice = rng.random()
        existing = contacts()
        if choice < 0.3 or not existing:
            log_interaction(
                actor,
                occurred_on=today - timedelta(days=rng.randint(0, 500)),
                kind=rng.choice(KINDS),
                people=some_people(),
                case=rng.choice(cases),
            )
        elif choice < 0.4:
            contact = rng.choice(existing)
            contact.occurred_on = today - timedelta(days=rng.randint(0, 500))
            contact.kind = InteractionKind(rng.choice(KINDS))
            contact.case = rng.choice(cases)
        elif choice < 0.5:
            contact = rng.choice(existing)
            present = {p.person_id for p in contact.participants}
            others = [p for p in people if p.id not in present]
            if len(present) > 2 and rng.random() < 0.5:
                contact.participants.remove(rng.choice(contact.participants))
            elif others:
                contact.participants.append(
                    InteractionParticipant(person=rng.choice(others))
                )
        elif choice < 0.57:
            db.session.delete(rng.choice(existing))
        elif choice < 0.8:
            record_attendance(
                actor,
                rng.choice(meetings),
                rng.choice(people),
                status=rng.choice(["present", "present", "apologies", "absent"]),
            )
        elif choice < 0.87:
            rows = list(db.session.scalars(db.select(Attendance)))
            if rows:
                db.session.delete(rng.choice(rows))
        else:
            meeting = rng.choice(meetings)
            meeting.starts_at = now - timedelta(days=rng.randint(-10, 300))
            meeting.case = rng.choice(cases)
        if rng.random() < 0.7:  # sometimes several changes in one flush
            db.session.commit()
            _check_table_matches_contacts()
    db.session.commit()
    _check_table_matches_contacts()
    assert db.session.scalar(db.select(db.func.count(TieShare.id))) > 10
    since = today - timedelta(days=30)
    _same_ties(None, since)
    _same_ties(outsider, since)
    # The outsider's ties leave out the hidden case's contacts.
    assert ties(viewer=outsider) != ties()


def test_a_hidden_case_adds_nothing_to_a_tie_the_viewer_sees(
    db, make_user, make_person, make_case, make_organization
):
    actor = make_user(role="coordinator")
    a, b = make_person(), make_person()
    hidden = make_case()
    hidden.visibility = "participants"
    today = date.today()
    log_interaction(actor, occurred_on=today, kind="call", people=[a, b])
    log_interaction(
        actor, occurred_on=today, kind="joint_operation", people=[a, b], case=hidden
    )
    db.session.commit()
    outsider = make_user(organization=make_organization(name="Elsewhere"))
    key = (min(a.id, b.id), max(a.id, b.id))
    assert ties([a.id, b.id])[key].strength == pytest.approx(1 - math.exp(-0.8))
    seen = ties([a.id, b.id], viewer=outsider)[key]
    assert seen.strength == pytest.approx(1 - math.exp(-0.3))
    assert seen.contacts == 1


def test_todays_strength_is_read_without_the_contacts(db, make_user, make_person):
    actor = make_user(role="coordinator")
    a, b = make_person(), make_person()
    log_interaction(
        actor, occurred_on=date.today() - timedelta(days=60), kind="call", people=[a, b]
    )
    db.session.commit()
    # Remove the contact behind the ORM's back: the table still holds the tie.
    db.session.execute(delete(InteractionParticipant))
    db.session.commit()
    (tie,) = ties([a.id, b.id]).values()
    assert tie.strength == pytest.approx(1 - math.exp(-0.15))
    assert tie.contacts == 1
    # The past is derived from the contacts, which are gone.
    assert ties([a.id, b.id], as_of=date.today() - timedelta(days=1)) == {}


def test_rebuild_ties_checks_and_repairs_the_table(app, db, make_user, make_person):
    actor = make_user(role="coordinator")
    a, b, c = make_person(), make_person(), make_person()
    log_interaction(actor, occurred_on=date.today(), kind="visit", people=[a, b, c])
    db.session.commit()
    runner = app.test_cli_runner()
    checked = runner.invoke(args=["network", "rebuild-ties", "--check"])
    assert checked.exit_code == 0, checked.output
    assert "matches the contacts: 3 shares" in checked.output
    db.session.execute(update(TieShare).values(level=TieShare.level / 2))
    db.session.commit()
    broken = runner.invoke(args=["network", "rebuild-ties", "--check"])
    assert broken.exit_code != 0 and "differs from the contacts" in broken.output
    repaired = runner.invoke(args=["network", "rebuild-ties"])
    assert repaired.exit_code == 0, repaired.output
    again = runner.invoke(args=["network", "rebuild-ties", "--check"])
    assert again.exit_code == 0, again.output


def test_a_rebuild_leaves_the_indexes_the_reads_use(app, db, make_user, make_person):
    """The rebuild drops the tables' indexes to insert in bulk, then builds
    them again: afterwards the same indexes exist and a pair is found."""

    def indexes() -> set[str]:
        found = inspect(db.session.connection())
        return {
            index["name"]
            for table in ("tie_shares", "tie_months")
            for index in found.get_indexes(table)
        }

    actor = make_user(role="coordinator")
    a, b = make_person(), make_person()
    log_interaction(actor, occurred_on=date.today(), kind="visit", people=[a, b])
    db.session.commit()
    before = indexes()
    assert {"ix_tie_shares_pair", "ix_tie_months_pair"} <= before
    tie_table.rebuild(db.session.connection())
    db.session.commit()
    assert indexes() == before
    assert list(ties(as_of=date.today())) == [(min(a.id, b.id), max(a.id, b.id))]


def test_a_logged_contact_shows_on_the_next_page_view(
    client, db, make_user, make_person
):
    actor = make_user(role="admin")
    a, b = make_person(), make_person()
    sign_in(client, actor)
    before = client.get(f"/network/data.json?person={a.id}&radius=1").json
    assert before["edges"] == []
    log_interaction(actor, occurred_on=date.today(), kind="call", people=[a, b])
    db.session.commit()
    after = client.get(f"/network/data.json?person={a.id}&radius=1").json
    (edge,) = after["edges"]
    assert edge["weight"] == pytest.approx(round(1 - math.exp(-0.3), 4))


def test_moving_a_meeting_moves_the_ties_it_made(
    db, make_user, make_person, make_meeting
):
    actor = make_user(role="coordinator")
    a, b = make_person(), make_person()
    now = datetime.now(UTC).replace(microsecond=0)
    meeting = make_meeting(actor=actor, starts_at=now - timedelta(days=3))
    record_attendance(actor, meeting, a, status="present")
    record_attendance(actor, meeting, b, status="present")
    db.session.commit()
    meeting.starts_at = now - timedelta(days=93)
    db.session.commit()
    (tie,) = ties([a.id, b.id]).values()
    assert tie.last_contact == (now - timedelta(days=93)).date()
    _check_table_matches_contacts()


def test_upgrading_fills_the_tie_table_from_existing_contacts(
    app, db, make_user, make_person
):
    from flask_migrate import downgrade, upgrade

    actor = make_user(role="coordinator")
    a, b = make_person(), make_person()
    log_interaction(actor, occurred_on=date.today(), kind="referral", people=[a, b])
    db.session.commit()
    pair = [a.id, b.id]
    db.session.remove()
    downgrade(revision="a7c4e2f9b1d3")
    upgrade()
    (tie,) = ties(pair).values()
    assert tie.strength == pytest.approx(1 - math.exp(-0.4))
    _check_table_matches_contacts()


def test_contacts_logged_at_once_between_the_same_people_all_count(
    app, db, make_user, make_person
):
    from tests.test_concurrent_writes import run_writers

    user = make_user(role="coordinator")
    a, b = make_person(), make_person()
    people = [user.person_id, a.id, b.id]
    day = date.today().isoformat()

    def log(client, index, n):
        response = client.post(
            "/contacts/new",
            data={"occurred_on": day, "kind": "call", "people": people},
        )
        return str(response.status_code)

    outcomes = run_writers(app, user, log)
    assert set(outcomes) == {"302"}, outcomes
    _check_table_matches_contacts()
    logged = sum(outcomes.values())
    tie = ties([a.id, b.id])[(min(a.id, b.id), max(a.id, b.id))]
    assert tie.contacts == logged
