"""Visit rounds: due and overdue ordering, coverage arithmetic (with its
boundaries), one-tap visits that are contacts, and card notes kept to the
custodian's organization."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    Interaction,
    InteractionKind,
    Note,
    NoteSubject,
    RoundStop,
    RoundVisit,
    StopKind,
)
from caseboard.queries import rounds as q
from caseboard.services import rounds as service
from caseboard.services.cases import add_role
from tests.conftest import sign_in

DAY = date(2026, 3, 10)  # a Tuesday


def stop(ideal=30, maximum=60, place="Block A", added=DAY - timedelta(days=400)):
    return RoundStop(
        id=id(place) % 10_000,
        kind=StopKind.PLACE,
        place=place,
        ideal_days=ideal,
        max_days=maximum,
        added_on=added,
    )


def status(days, ideal=30, maximum=60, place="Block A", flags=()):
    found = q.StopStatus(stop(ideal, maximum, place), None, days, list(flags))
    return found


# ------------------------------------------------------------- due and overdue


@pytest.mark.parametrize(
    "days,state",
    [(29, "ok"), (30, "due"), (60, "due"), (61, "overdue"), (0, "ok")],
)
def test_a_stop_is_due_on_its_ideal_day_and_overdue_after_its_maximum(days, state):
    assert status(days).state == state


def test_lateness_is_days_past_the_maximum():
    assert status(75).lateness == 15
    assert status(40).lateness == -20


def test_flagged_stops_come_first_then_the_most_overdue_by_place():
    statuses = [
        status(40, place="Block B"),  # due, not overdue
        status(90, place="Block A"),  # 30 days overdue
        status(62, place="Shops", flags=["open case"]),  # flagged
        status(70, place="Block B"),  # 10 days overdue
    ]
    groups = q.group_by_place(statuses)
    assert [g.place for g in groups] == ["Shops", "Block A", "Block B"]
    assert [s.days for s in groups[2].statuses] == [70, 40]


def test_a_flag_counts_only_once_the_stop_is_due():
    assert not status(10, flags=["cooling tie"]).flagged
    assert status(30, flags=["cooling tie"]).flagged


# -------------------------------------------------------------------- coverage


def test_coverage_counts_within_ideal_and_maximum_with_inclusive_boundaries():
    end = DAY
    stops = [stop(place=p) for p in ("a", "b", "c", "d")]
    for n, s in enumerate(stops):
        s.id = n + 1
    visits = {
        1: [end - timedelta(days=30)],  # exactly the ideal: within both
        2: [end - timedelta(days=31)],  # past the ideal, within the maximum
        3: [end - timedelta(days=60), end - timedelta(days=200)],  # at the max
        4: [end - timedelta(days=61), end + timedelta(days=1)],  # a later visit
    }
    week = q.cover(stops, visits, end, "East")
    assert (week.stops, week.within_ideal, week.within_max) == (4, 1, 3)
    assert week.ideal_share == 0.25
    assert week.max_share == 0.75


def test_coverage_leaves_out_stops_added_after_the_week_and_counts_new_ones():
    end = DAY
    later = stop(place="later", added=end + timedelta(days=1))
    new = stop(place="new", added=end - timedelta(days=5))
    later.id, new.id = 1, 2
    week = q.cover([later, new], {}, end, "East")
    # Not yet visited but added five days ago: within both intervals.
    assert (week.stops, week.within_ideal, week.within_max) == (1, 1, 1)
    assert q.cover([later], {}, end, "East").ideal_share == 0.0


def test_weeks_end_on_sundays_and_the_current_week_today():
    ends = q.week_endings(DAY, 3)
    assert ends == [date(2026, 3, 1), date(2026, 3, 8), DAY]
    assert all(e.weekday() == 6 for e in ends[:-1])


# ---------------------------------------------------------------- on the site


@pytest.fixture
def beat(db, make_organization, make_user, make_person):
    team = make_organization(name="Eastgate neighbourhood team", kind="police")
    officer = make_user(organization=team)
    coordinator = make_user(role="coordinator", organization=make_organization())
    outsider = make_user(organization=make_organization())  # same coalition
    resident = make_person(full_name="Ada Resident")
    shop = make_organization(name="Corner Shop", kind="business")
    round_ = service.create_round(
        None,
        team.coalition_memberships[0].coalition,
        name="Eastgate",
        beat="E1",
        team=team,
    )
    old = today() - timedelta(days=100)
    stops = [
        service.add_stop(
            None,
            round_,
            place="Block 1",
            ideal_days=30,
            max_days=60,
            person=resident,
            added_on=old,
        ),
        service.add_stop(
            None,
            round_,
            place="Market Row",
            ideal_days=14,
            max_days=30,
            organization=shop,
            added_on=old,
        ),
        service.add_stop(
            None,
            round_,
            place="Block 2",
            ideal_days=30,
            max_days=90,
            added_on=today() - timedelta(days=40),
        ),
        service.add_stop(
            None,
            round_,
            place="Block 3",
            ideal_days=30,
            max_days=90,
            added_on=today() - timedelta(days=3),
        ),
    ]
    db.session.commit()
    return {
        "team": team,
        "officer": officer,
        "coordinator": coordinator,
        "outsider": outsider,
        "round": round_,
        "stops": stops,
        "resident": resident,
    }


def test_todays_route_lists_due_stops_most_overdue_first(client, beat):
    sign_in(client, beat["officer"])
    page = client.get("/rounds/today").get_data(as_text=True)
    assert "3 stops are due or overdue." in page
    # Market Row is 70 days overdue, Block 1 40, Block 2 only due.
    assert page.index("Market Row") < page.index("Block 1") < page.index("Block 2")
    assert "Block 3" not in page


def test_a_visit_is_a_contact_and_shrinks_the_list(client, beat):
    sign_in(client, beat["officer"])
    resident_stop = beat["stops"][0]
    response = client.post(
        f"/rounds/stops/{resident_stop.id}/visits?next=/rounds/today",
        data={"note": "Asked about the stairwell light"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/rounds/today"
    visit = db.session.scalars(select(RoundVisit)).one()
    interaction = db.session.get(Interaction, visit.interaction_id)
    assert interaction.kind == InteractionKind.VISIT
    assert {p.person_id for p in interaction.participants} == {
        beat["officer"].person_id,
        beat["resident"].id,
    }
    page = client.get("/rounds/today").get_data(as_text=True)
    assert "2 stops are due or overdue." in page


def test_the_card_note_is_kept_to_the_team_by_default(client, beat):
    resident_stop = beat["stops"][0]
    sign_in(client, beat["officer"])
    client.post(
        f"/rounds/stops/{resident_stop.id}/visits", data={"note": "Door code 4411"}
    )
    note = db.session.scalars(
        select(Note).where(Note.subject_type == NoteSubject.STOP)
    ).one()
    assert [o.id for o in note.restricted_to] == [beat["team"].id]
    assert "Door code 4411" in client.get(f"/rounds/stops/{resident_stop.id}").text
    sign_in(client, beat["outsider"])
    card = client.get(f"/rounds/stops/{resident_stop.id}")
    assert card.status_code == 200
    assert "Door code 4411" not in card.text


def test_an_open_note_is_read_by_the_coalition(client, beat):
    shop_stop = beat["stops"][1]
    sign_in(client, beat["officer"])
    client.post(
        f"/rounds/stops/{shop_stop.id}/visits",
        data={"note": "New manager, friendly", "open_note": "y"},
    )
    sign_in(client, beat["outsider"])
    assert "New manager, friendly" in client.get(f"/rounds/stops/{shop_stop.id}").text


def test_only_the_officer_or_team_log_visits(client, beat):
    sign_in(client, beat["outsider"])
    response = client.post(f"/rounds/stops/{beat['stops'][0].id}/visits", data={})
    assert response.status_code == 403
    assert db.session.scalars(select(RoundVisit)).first() is None


def test_another_coalition_gets_404(client, beat, make_outsider):
    sign_in(client, make_outsider("Water Street initiative"))
    round_id, stop_id = beat["round"].id, beat["stops"][0].id
    assert client.get(f"/rounds/{round_id}").status_code == 404
    assert client.get(f"/rounds/stops/{stop_id}").status_code == 404
    assert client.post(f"/rounds/stops/{stop_id}/visits").status_code == 404
    assert "Eastgate" not in client.get("/rounds").text


def test_a_stop_with_an_open_case_is_flagged_and_first(client, beat, make_case):
    case = make_case(lead=beat["team"])
    add_role(None, case, role="guardian", person=beat["resident"])
    db.session.commit()
    sign_in(client, beat["officer"])
    page = client.get("/rounds/today").text
    assert "open case" in page
    assert page.index("Block 1") < page.index("Market Row")


def test_coordinators_set_up_rounds_and_bad_intervals_are_refused(client, beat):
    sign_in(client, beat["coordinator"])
    coalition_id = beat["round"].coalition_id
    response = client.post(
        "/rounds/new",
        data={
            "name": "Riverside",
            "beat": "R2",
            "coalition_id": coalition_id,
            "team_id": beat["team"].id,
            "officer_id": "",
        },
    )
    assert response.status_code == 302
    round_url = response.headers["Location"]
    refused = client.post(
        f"{round_url}/stops",
        data={"place": "Quay", "ideal_days": "40", "max_days": "10"},
    )
    assert refused.status_code == 302
    assert "No stops yet." in client.get(round_url).text
    client.post(
        f"{round_url}/stops",
        data={"place": "Quay", "ideal_days": "10", "max_days": "40"},
    )
    assert "Quay" in client.get(round_url).text
    sign_in(client, beat["officer"])
    assert client.post("/rounds/new", data={}).status_code == 403


def test_coverage_page_has_a_table_for_each_beat(client, beat):
    sign_in(client, beat["coordinator"])
    page = client.get("/rounds/coverage").text
    assert "Beat E1" in page
    assert page.count("<tr data-week=") == 8


def test_a_cooling_tie_with_the_officer_flags_the_stop(client, beat):
    from caseboard.network.ties import ACTIVE_DAYS
    from caseboard.services.contacts import log_interaction

    officer = beat["officer"]
    log_interaction(
        officer,
        occurred_on=today() - timedelta(days=ACTIVE_DAYS + 1),
        kind="call",
        people=[officer.person, beat["resident"]],
    )
    db.session.commit()
    found = q.statuses(officer, beat["stops"][:2], today())
    assert found[0].flags == ["cooling tie"]
    assert found[1].flags == []
    sign_in(client, officer)
    page = client.get("/rounds/today").text
    assert page.index("Block 1") < page.index("Market Row")


# ------------------------------------------------------------- editing rounds


def _audited(action: str, object_type: str) -> int:
    from caseboard.models import AuditEvent

    return len(
        db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == action, AuditEvent.object_type == object_type
            )
        ).all()
    )


def test_a_coordinator_renames_and_hands_over_a_round(client, beat):
    round_ = beat["round"]
    sign_in(client, beat["officer"])
    assert client.get(f"/rounds/{round_.id}/edit").status_code == 403
    sign_in(client, beat["coordinator"])
    assert "Edit the round" in client.get(f"/rounds/{round_.id}").text
    response = client.post(
        f"/rounds/{round_.id}/edit",
        data={
            "name": "Eastgate North",
            "beat": "E1N",
            "team_id": "",
            "officer_id": beat["coordinator"].id,
            "version": round_.version,
        },
    )
    assert response.status_code == 302
    page = client.get(f"/rounds/{round_.id}").text
    assert "Eastgate North" in page and "Beat E1N" in page
    assert _audited("update", "rounds") == 1


def test_a_round_without_a_keeper_is_refused_and_unchanged(client, beat):
    round_ = beat["round"]
    sign_in(client, beat["coordinator"])
    page = client.post(
        f"/rounds/{round_.id}/edit",
        data={
            "name": "Nobody's",
            "beat": "E1",
            "team_id": "",
            "officer_id": "",
            "version": round_.version,
        },
    ).text
    assert "Name the officer or the team who keeps it." in page
    db.session.expire_all()
    assert db.session.get(type(round_), round_.id).name == "Eastgate"


def test_a_stale_round_edit_shows_both_versions_and_overwrites_nothing(client, beat):
    round_ = beat["round"]
    sign_in(client, beat["coordinator"])
    opened = round_.version  # both forms loaded before either saves
    form = {"beat": "E1", "team_id": beat["team"].id, "version": opened}
    first = client.post(f"/rounds/{round_.id}/edit", data={**form, "name": "First"})
    assert first.status_code == 302
    second = client.post(f"/rounds/{round_.id}/edit", data={**form, "name": "Second"})
    assert second.status_code == 200
    assert "Someone saved this record after you opened it" in second.text
    assert "First" in second.text  # the saved version, next to the user's
    db.session.expire_all()
    assert db.session.get(type(round_), round_.id).name == "First"


def test_changing_a_stops_intervals_brings_it_onto_todays_route(client, beat):
    new_stop = beat["stops"][3]  # added 3 days ago: not due yet
    sign_in(client, beat["coordinator"])
    response = client.post(
        f"/rounds/stops/{new_stop.id}/edit",
        data={
            "place": "Block 3, rear",
            "ideal_days": "2",
            "max_days": "5",
            "latitude": "41.6285",
            "longitude": "-70.905",
            "version": new_stop.version,
        },
    )
    assert response.headers["Location"] == f"/rounds/stops/{new_stop.id}"
    assert _audited("update", "round_stops") == 1
    sign_in(client, beat["officer"])
    page = client.get("/rounds/today").text
    assert "4 stops are due or overdue." in page
    assert "Block 3, rear" in page
    db.session.expire_all()
    assert db.session.get(RoundStop, new_stop.id).position == [-70.905, 41.6285]


def test_a_stop_edit_with_a_maximum_below_the_ideal_changes_nothing(client, beat):
    shop_stop = beat["stops"][1]
    sign_in(client, beat["coordinator"])
    page = client.post(
        f"/rounds/stops/{shop_stop.id}/edit",
        data={
            "place": "Market Row",
            "organization_id": shop_stop.organization_id,
            "ideal_days": "20",
            "max_days": "10",
            "version": shop_stop.version,
        },
    ).text
    assert "The maximum is at least the ideal interval." in page
    db.session.expire_all()
    assert db.session.get(RoundStop, shop_stop.id).max_days == 30


def test_a_stale_stop_edit_gives_a_conflict(client, beat):
    shop_stop = beat["stops"][1]
    sign_in(client, beat["coordinator"])
    form = {
        "place": "Market Row",
        "organization_id": shop_stop.organization_id,
        "ideal_days": "14",
        "version": shop_stop.version,
    }
    url = f"/rounds/stops/{shop_stop.id}/edit"
    assert client.post(url, data={**form, "max_days": "45"}).status_code == 302
    second = client.post(url, data={**form, "max_days": "20"})
    assert "Someone saved this record after you opened it" in second.text
    db.session.expire_all()
    assert db.session.get(RoundStop, shop_stop.id).max_days == 45


def test_a_stop_taken_off_the_round_keeps_its_visits_and_leaves_the_route(client, beat):
    shop_stop = beat["stops"][1]
    sign_in(client, beat["officer"])
    client.post(f"/rounds/stops/{shop_stop.id}/visits", data={"note": ""})
    db.session.commit()
    assert client.post(f"/rounds/stops/{shop_stop.id}/end").status_code == 403
    sign_in(client, beat["coordinator"])
    edit_page = client.get(f"/rounds/stops/{shop_stop.id}/edit").text
    assert "It is not deleted." in edit_page
    version = db.session.get(RoundStop, shop_stop.id).version
    response = client.post(
        f"/rounds/stops/{shop_stop.id}/end", data={"version": version}
    )
    assert response.headers["Location"] == f"/rounds/{beat['round'].id}#stops"
    assert "Market Row" not in client.get(f"/rounds/{beat['round'].id}").text
    card = client.get(f"/rounds/stops/{shop_stop.id}").text
    assert "Left the round on" in card
    assert "No visits yet." not in card
    db.session.expire_all()
    ended = db.session.get(RoundStop, shop_stop.id)
    assert ended.ended_on == today() and len(ended.visits) == 1
    assert _audited("end_stop", "rounds") == 1
    sign_in(client, beat["officer"])
    assert "Market Row" not in client.get("/rounds/today").text
    client.post(f"/rounds/stops/{shop_stop.id}/visits", data={"note": ""})
    db.session.expire_all()
    assert len(db.session.get(RoundStop, shop_stop.id).visits) == 1


def test_an_ended_stop_counts_in_coverage_only_before_it_ended():
    end = date(2026, 3, 8)
    gone = stop(place="gone")
    gone.ended_on = end
    kept = stop(place="kept")
    kept.ended_on = end + timedelta(days=1)
    week = q.cover([gone, kept], {}, end, "East")
    assert week.stops == 1
    earlier = q.cover([gone, kept], {}, end - timedelta(days=7), "East")
    assert earlier.stops == 2
