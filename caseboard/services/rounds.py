"""Setting up visit rounds and logging visits.

A visit is a contact (an ``Interaction`` of kind "visit" between the visitor
and the stop's person, if it has one), so it feeds tie strength and the tie
table like any other; its note goes on the stop's contact card, restricted to
the round's custodian organization unless the visitor opens it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    Coalition,
    Interaction,
    InteractionKind,
    InteractionParticipant,
    Organization,
    Person,
    Round,
    RoundStop,
    RoundVisit,
    StopKind,
    User,
)
from caseboard.services.audit import apply_changes, record, record_created
from caseboard.services.errors import ServiceError, check_version, required
from caseboard.services.notes import add_note


def create_round(
    actor: User | None,
    coalition: Coalition,
    *,
    name: str,
    beat: str,
    officer: User | None = None,
    team: Organization | None = None,
) -> Round:
    if officer is None and team is None:
        raise ServiceError("Name the officer or the team who keeps it.", "team_id")
    round_ = Round(
        coalition=coalition,
        name=required(name, "Name the round.", "name"),
        beat=required(beat, "Name the beat.", "beat"),
        officer=officer,
        team=team,
    )
    return record_created(
        actor, round_, {"beat": [None, round_.beat]}, label=round_.name
    )


def add_stop(
    actor: User | None,
    round_: Round,
    *,
    added_on: date | None = None,
    **fields: Any,
) -> RoundStop:
    stop = RoundStop(
        round=round_,
        added_on=added_on or today(),
        granted_by_id=actor.id if actor else None,
        **_stop_values(**fields),
    )
    db.session.add(stop)
    record(actor, "add_stop", round_, {"stop": [None, stop.label]}, label=round_.name)
    return stop


def update_round(
    actor: User | None,
    round_: Round,
    *,
    expected_version: int | None,
    name: str,
    beat: str,
    officer: User | None = None,
    team: Organization | None = None,
) -> Round:
    """Rename the round, move its beat or hand it to another keeper."""
    check_version(round_, expected_version)
    if officer is None and team is None:
        raise ServiceError("Name the officer or the team who keeps it.", "team_id")
    values = {
        "name": required(name, "Name the round.", "name"),
        "beat": required(beat, "Name the beat.", "beat"),
        "officer_id": officer.id if officer else None,
        "team_id": team.id if team else None,
    }
    changes = apply_changes(round_, values)
    if changes:
        record(actor, "update", round_, changes, label=round_.name)
    return round_


def update_stop(
    actor: User | None,
    stop: RoundStop,
    *,
    expected_version: int | None,
    **fields: Any,
) -> RoundStop:
    """Change what a current stop visits, where it is and its intervals."""
    check_version(stop, expected_version)
    if not stop.is_current:
        raise ServiceError("This stop has left the round; it cannot be changed.")
    values = _stop_values(**fields)
    values["organization_id"] = _id(values.pop("organization"))
    values["person_id"] = _id(values.pop("person"))
    changes = apply_changes(stop, values)
    if changes:
        record(actor, "update", stop, changes, label=stop.label)
    return stop


def end_stop(
    actor: User | None, stop: RoundStop, *, expected_version: int | None
) -> RoundStop:
    """Take the stop off the round from today: it is no longer due, and its
    visits, notes and past coverage stay."""
    check_version(stop, expected_version)
    if not stop.is_current:
        raise ServiceError("This stop has already left the round.")
    stop.end(today(), actor)
    record(
        actor,
        "end_stop",
        stop.round,
        {"stop": [stop.label, None]},
        label=stop.round.name,
    )
    return stop


def _stop_values(
    *,
    place: str,
    ideal_days: int | None,
    max_days: int | None,
    organization: Organization | None = None,
    person: Person | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> dict[str, Any]:
    """A stop's fields, checked: the intervals, both coordinates or neither,
    and its kind from what it visits."""
    if ideal_days is None or ideal_days < 1:
        raise ServiceError("The ideal interval is at least a day.", "ideal_days")
    if max_days is None or max_days < ideal_days:
        raise ServiceError("The maximum is at least the ideal interval.", "max_days")
    if (latitude is None) != (longitude is None):
        raise ServiceError("Give both the latitude and the longitude.", "longitude")
    kind = (
        StopKind.PERSON
        if person
        else StopKind.BUSINESS
        if organization
        else StopKind.PLACE
    )
    return {
        "kind": kind,
        "place": required(place, "Say where the stop is.", "place"),
        "organization": organization,
        "person": person,
        "ideal_days": ideal_days,
        "max_days": max_days,
        "latitude": latitude,
        "longitude": longitude,
    }


def _id(row: Any) -> int | None:
    return row.id if row is not None else None


def log_visit(
    actor: User,
    stop: RoundStop,
    *,
    note: str = "",
    open_note: bool = False,
    visited_on: date | None = None,
) -> RoundVisit:
    """One tap: the visit, the contact it is, and its note on the card."""
    if not stop.is_current:
        raise ServiceError("This stop has left the round.")
    day = visited_on or today()
    if day > today():
        raise ServiceError("A visit cannot be in the future.", "visited_on")
    people = [actor.person] + ([stop.person] if stop.person is not None else [])
    unique = list({p.id: p for p in people}.values())
    interaction = Interaction(
        occurred_on=day,
        kind=InteractionKind.VISIT,
        recorded_by_id=actor.id,
        participants=[InteractionParticipant(person=p) for p in unique],
    )
    visit = RoundVisit(
        stop=stop, visited_on=day, interaction=interaction, visited_by_id=actor.id
    )
    db.session.add(visit)
    record(
        actor,
        "log_visit",
        stop.round,
        {"stop": [None, stop.label]},
        label=f"Visit to {stop.label} on {day:%Y-%m-%d}",
    )
    if note.strip():
        restricted = [] if open_note else custodians(actor, stop.round)
        add_note(actor, stop, note, restricted)
    return visit


def custodians(actor: User, round_: Round) -> list[Organization]:
    """Who keeps the round's cards: its team, else its officer's (or the
    visitor's) organizations."""
    if round_.team is not None:
        return [round_.team]
    keeper = round_.officer or actor
    return [m.organization for m in keeper.person.current_memberships]
