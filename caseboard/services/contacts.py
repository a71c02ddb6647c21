"""Logging contacts and declaring relationships between people."""

from __future__ import annotations

from datetime import date

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    Case,
    EventKind,
    Interaction,
    InteractionKind,
    InteractionParticipant,
    Person,
    PersonTie,
    TieKind,
    User,
)
from caseboard.services.audit import record
from caseboard.services.errors import ServiceError
from caseboard.services.timeline import record_event


def log_interaction(
    actor: User | None,
    *,
    occurred_on: date,
    kind: str,
    people: list[Person],
    case: Case | None = None,
    notes: str = "",
) -> Interaction:
    unique = list({person.id: person for person in people}.values())
    if len(unique) < 2:
        raise ServiceError("A contact is between at least two people.", "people")
    if occurred_on > today():
        raise ServiceError("A contact cannot be in the future.", "occurred_on")
    interaction = Interaction(
        occurred_on=occurred_on,
        kind=InteractionKind(kind),
        case=case,
        notes=notes.strip(),
        recorded_by_id=actor.id if actor is not None else None,
        participants=[InteractionParticipant(person=p) for p in unique],
    )
    db.session.add(interaction)
    db.session.flush()
    names = ", ".join(p.full_name for p in unique)
    record(
        actor,
        "log_contact",
        interaction,
        {"people": [None, names]},
        label=f"{interaction.kind.label} on {occurred_on:%Y-%m-%d}",
    )
    if case is not None:
        record_event(
            actor,
            case,
            EventKind.CONTACT,
            f"{interaction.kind.label} with {names}",
        )
    return interaction


def declare_tie(
    actor: User | None,
    person: Person,
    other: Person,
    *,
    kind: str,
    since: date | None = None,
    notes: str = "",
) -> PersonTie:
    if person.id == other.id:
        raise ServiceError("Choose someone else.", "other_id")
    a, b = sorted((person.id, other.id))
    kind = TieKind(kind)
    existing = db.session.scalars(
        db.select(PersonTie).where(
            PersonTie.person_a_id == a,
            PersonTie.person_b_id == b,
            PersonTie.kind == kind,
            PersonTie.until.is_(None),
        )
    ).first()
    if existing is not None:
        raise ServiceError("This relationship is already recorded.", "kind")
    tie = PersonTie(
        person_a_id=a,
        person_b_id=b,
        kind=kind,
        since=since or today(),
        notes=notes.strip(),
        recorded_by_id=actor.id if actor is not None else None,
    )
    db.session.add(tie)
    db.session.flush()
    record(
        actor,
        "declare_tie",
        tie,
        {
            "relationship": [
                None,
                f"{person.full_name} – {other.full_name}: {kind.label}",
            ]
        },
        label=f"{person.full_name} – {other.full_name}",
    )
    return tie
