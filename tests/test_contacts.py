import math
from datetime import date, timedelta

import pytest

from caseboard.extensions import db
from caseboard.models import CaseEvent, Interaction, InteractionKind, PersonTie
from caseboard.network.ties import DECLARED_FLOOR, contact_weight, ties
from caseboard.services.contacts import declare_tie, log_interaction
from tests.conftest import sign_in


def days_ago(n):
    return date.today() - timedelta(days=n)


def test_a_contact_fades_by_half_every_half_life():
    assert contact_weight("call", days_ago(0), date.today()) == pytest.approx(0.30)
    assert contact_weight("call", days_ago(60), date.today()) == pytest.approx(0.15)
    assert contact_weight("foot_beat", days_ago(90), date.today()) == pytest.approx(
        0.075
    )


# The weights and half-lives the README documents, pinned kind by kind: a
# change to any of them changes every tie a lead reads, so it must be a
# deliberate edit here too, not a silent drift.
DOCUMENTED_DECAY = {
    "meeting": (0.15, 90),
    "call": (0.30, 60),
    "visit": (0.40, 120),
    "foot_beat": (0.30, 45),
    "referral": (0.40, 120),
    "joint_operation": (0.50, 180),
    "event": (0.15, 60),
    "email": (0.10, 30),
}


def test_every_contact_kind_has_its_documented_weight_and_half_life():
    assert set(DOCUMENTED_DECAY) == {kind.value for kind in InteractionKind}


@pytest.mark.parametrize("kind", sorted(DOCUMENTED_DECAY))
def test_each_kind_counts_its_weight_today_and_half_after_its_half_life(kind):
    base, half_life = DOCUMENTED_DECAY[kind]
    today = date.today()
    assert contact_weight(kind, today, today) == pytest.approx(base)
    assert contact_weight(kind, days_ago(half_life), today) == pytest.approx(base / 2)
    assert contact_weight(kind, days_ago(2 * half_life), today) == pytest.approx(
        base / 4
    )


def test_strength_combines_contacts_and_declared_relationships(
    db, make_user, make_person
):
    actor = make_user()
    ruiz, owner, marshal, stranger = (make_person() for _ in range(4))
    log_interaction(actor, occurred_on=days_ago(0), kind="call", people=[ruiz, owner])
    log_interaction(actor, occurred_on=days_ago(0), kind="visit", people=[ruiz, owner])
    log_interaction(
        actor, occurred_on=days_ago(200), kind="call", people=[ruiz, marshal, stranger]
    )
    declare_tie(actor, marshal, ruiz, kind="trusted_contact")
    db.session.commit()
    found = ties()
    close = found[tuple(sorted((ruiz.id, owner.id)))]
    assert close.strength == pytest.approx(1 - math.exp(-(0.30 + 0.40)))
    assert close.state() == "active" and close.contacts == 2
    quiet = found[tuple(sorted((ruiz.id, marshal.id)))]
    assert quiet.strength == DECLARED_FLOOR  # faded, but declared
    assert quiet.state() == "cold"
    faded = found[tuple(sorted((marshal.id, stranger.id)))]
    assert faded.strength < 0.03 and faded.state() == "cold"
    # The network as it stood before the recent contacts.
    earlier = ties(as_of=days_ago(100))
    assert tuple(sorted((ruiz.id, owner.id))) not in earlier


def test_meeting_attendance_counts_as_contact(db, make_user, make_person, make_meeting):
    from datetime import UTC, datetime

    from caseboard.services.meetings import record_attendance

    actor = make_user(role="coordinator")
    a, b, c = make_person(), make_person(), make_person()
    meeting = make_meeting(actor=actor, starts_at=datetime.now(UTC) - timedelta(days=1))
    record_attendance(actor, meeting, a, status="present")
    record_attendance(actor, meeting, b, status="present")
    record_attendance(actor, meeting, c, status="apologies")
    db.session.commit()
    found = ties([a.id, b.id, c.id])
    assert list(found) == [tuple(sorted((a.id, b.id)))]
    assert found[tuple(sorted((a.id, b.id)))].strength == pytest.approx(
        1 - math.exp(-0.15 * 2 ** (-1 / 90))
    )


def test_log_a_contact_from_a_person_page(client, make_user, make_person, make_case):
    user = make_user()
    partner = make_person(full_name="Tom Kowalski")
    case = make_case()
    sign_in(client, user)
    form = client.get(f"/contacts/new?person={partner.id}&case={case.id}")
    assert form.status_code == 200
    response = client.post(
        f"/contacts/new?next=/people/{partner.id}",
        data={
            "occurred_on": date.today().isoformat(),
            "kind": "foot_beat",
            "people": [user.person_id, partner.id],
            "case_id": case.id,
            "notes": "Talked about the patio speakers",
        },
    )
    assert response.headers["Location"] == f"/people/{partner.id}"
    page = client.get(f"/people/{partner.id}").text
    assert user.person.full_name in page and "active" in page
    assert db.session.scalar(
        db.select(CaseEvent.summary).where(CaseEvent.kind == "contact")
    ).startswith("Foot-beat conversation with")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"people": "self"}, "A contact is between at least two people."),
        (
            {"occurred_on": (date.today() + timedelta(days=2)).isoformat()},
            "A contact cannot be in the future.",
        ),
        ({"kind": "telepathy"}, "Not a valid choice."),
        ({"people": []}, "Choose who took part."),
    ],
)
def test_bad_contacts_are_refused(client, make_user, make_person, data, message):
    user = make_user()
    other = make_person()
    sign_in(client, user)
    values = {
        "occurred_on": date.today().isoformat(),
        "kind": "call",
        "people": [user.person_id, other.id],
        "case_id": "0",
    } | data
    if values["people"] == "self":
        values["people"] = [user.person_id]
    response = client.post("/contacts/new", data=values)
    assert message in response.text
    assert db.session.scalar(db.select(db.func.count(Interaction.id))) == 0


def test_declare_a_relationship_once(client, make_user, make_person):
    user = make_user()
    other = make_person(full_name="Sean Fitzgerald")
    sign_in(client, user)
    url = f"/people/{user.person_id}/ties"
    data = {"other_id": other.id, "kind": "trusted_contact", "since": "", "notes": ""}
    client.post(url, data=data)
    again = client.post(url, data=data)
    assert "already recorded" in client.get(again.headers["Location"]).text
    self_tie = client.post(url, data=data | {"other_id": user.person_id})
    assert "Choose someone else." in client.get(self_tie.headers["Location"]).text
    assert db.session.scalar(db.select(db.func.count(PersonTie.id))) == 1
    assert "trusted contact" in client.get(f"/people/{other.id}").text


def test_read_only_users_do_not_log_contacts(client, make_user, make_person):
    sign_in(client, make_user(role="read_only"))
    assert client.get("/contacts/new").status_code == 403
    person = make_person()
    assert client.post(f"/people/{person.id}/ties", data={}).status_code == 403
