"""Declared relationships and logged contacts, shaped like a real coalition:
people tie mostly within their organization and to its partners, a few
well-connected people hold many ties (degrees are heavy-tailed), and contacts
run along existing ties, more of them recently."""

from __future__ import annotations

from datetime import timedelta

from caseboard.models import (
    Interaction,
    InteractionKind,
    InteractionParticipant,
    PersonTie,
    TieKind,
)

from . import names
from .world import WeightedPicker, World
from .writer import Writer

T = TieKind
SAME_ORGANIZATION_KINDS = {
    T.WORKS_WITH: 55, T.SUPERVISOR: 15, T.MENTOR: 10, T.TRUSTED_CONTACT: 15,
    T.STRAINED: 5,
}  # fmt: skip
ACROSS_KINDS = {
    T.WORKS_WITH: 40, T.REFERRAL_PARTNER: 25, T.TRUSTED_CONTACT: 25,
    T.STRAINED: 5, T.MENTOR: 5,
}  # fmt: skip
C = InteractionKind
CONTACT_KINDS = {
    C.CALL: 30, C.EMAIL: 20, C.MEETING: 14, C.VISIT: 10, C.FOOT_BEAT: 9,
    C.REFERRAL: 8, C.JOINT_OPERATION: 5, C.EVENT: 4,
}  # fmt: skip
HISTORY_DAYS = 3 * 365


def add_ties(world: World, writer: Writer, count: int) -> None:
    rng = world.rng
    people = [p.id for p in world.people]
    everyone = WeightedPicker(people, [p.sociability for p in world.people])
    by_org = {
        org.id: WeightedPicker(
            org.members, [world.person_by_id[m].sociability for m in org.members]
        )
        for org in world.orgs
    }
    user_ids = list(world.users)
    seen: set[tuple[int, int, str]] = set()
    pairs: set[tuple[int, int]] = set()
    attempts = 0
    with writer.step("Relationships", count) as bar:
        while len(seen) < count:
            attempts += 1
            a = everyone.pick(rng)
            org = world.org_by_id[world.person_by_id[a].org_id]
            draw = rng.random()
            same = False
            if attempts > 50 * count:
                b = rng.choice(people)  # a tiny coalition: anyone will do
            elif draw < 0.55 and len(org.members) > 1:
                b, same = by_org[org.id].pick(rng), True
            elif draw < 0.9 and org.partners:
                partner = by_org[rng.choice(org.partners)]
                b = partner.pick(rng) if partner else everyone.pick(rng)
            else:
                b = everyone.pick(rng)
            if a == b:
                continue
            low, high = min(a, b), max(a, b)
            shares = SAME_ORGANIZATION_KINDS if same else ACROSS_KINDS
            kind = rng.choices(list(shares), weights=list(shares.values()))[0]
            if (low, high, kind) in seen:
                continue
            seen.add((low, high, kind))
            pairs.add((low, high))
            since = world.days_ago(rng.randint(30, 2500))
            until = None
            if rng.random() < 0.04:
                until = since + timedelta(
                    days=rng.randint(1, (world.today - since).days)
                )
            writer.add(
                PersonTie,
                {
                    "id": writer.new_id(PersonTie),
                    "person_a_id": low,
                    "person_b_id": high,
                    "kind": kind.value,
                    "since": since,
                    "until": until,
                    "notes": "",
                    "recorded_by_id": rng.choice(user_ids)
                    if rng.random() < 0.7
                    else None,
                    "created_at": world.moment(since),
                },
            )
            bar.update(1)
    world.ties = sorted(pairs)
    for low, high in world.ties:
        world.neighbours.setdefault(low, []).append(high)
        world.neighbours.setdefault(high, []).append(low)


def add_interactions(world: World, writer: Writer, count: int) -> None:
    """Contacts of 2–4 people along existing ties, over the last three years."""
    rng = world.rng
    kinds = list(CONTACT_KINDS)
    weights = list(CONTACT_KINDS.values())
    user_of = world.user_of_person()
    user_ids = list(world.users)
    cases = {case.id: case for case in world.cases}
    with writer.step("Interactions", count) as bar:
        for _ in range(count):
            people = list(rng.choice(world.ties))
            extra = rng.choices((0, 1, 2), weights=(55, 30, 15))[0]
            for _ in range(extra):
                known = world.neighbours[rng.choice(people)]
                other = rng.choice(known)
                if other not in people:
                    people.append(other)
            occurred = world.days_ago(world.recent_days_ago(HISTORY_DAYS))
            case_id = None
            if rng.random() < 0.3:
                orgs = {world.person_by_id[p].org_id for p in people}
                options = [c for o in orgs for c in world.org_cases.get(o, ())]
                if options:
                    case = cases[rng.choice(options)]
                    if case.opened_on <= occurred and (
                        case.closed_on is None or occurred <= case.closed_on
                    ):
                        case_id = case.id
            recorders = [user_of[p] for p in people if p in user_of]
            recorded_by: int | None
            if recorders:
                recorded_by = rng.choice(recorders)
            else:
                recorded_by = rng.choice(user_ids) if rng.random() < 0.8 else None
            interaction_id = writer.new_id(Interaction)
            writer.add(
                Interaction,
                {
                    "id": interaction_id,
                    "occurred_on": occurred,
                    "kind": rng.choices(kinds, weights=weights)[0].value,
                    "case_id": case_id,
                    "notes": rng.choice(names.CONTACT_NOTES),
                    "recorded_by_id": recorded_by,
                    "created_at": world.moment(occurred),
                },
            )
            for person_id in people:
                writer.add(
                    InteractionParticipant,
                    {"interaction_id": interaction_id, "person_id": person_id},
                )
            bar.update(1)
