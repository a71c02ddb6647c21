"""Cases with their roles, SARA history, places and responses, each written
to the case timeline (their tasks: ``generate.tasks``)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TypeVar, cast

from caseboard.demo import data
from caseboard.models import (
    Case,
    CaseEvent,
    CasePlace,
    CaseResponse,
    CaseRole,
    CaseStage,
    CaseStatus,
    CaseVisibility,
    EventKind,
    OrganizationKind,
    Priority,
    ResponseStatus,
    RoleKind,
    StageChange,
)

from . import names
from .world import CaseRecord, Org, WeightedPicker, World
from .writer import Writer

K = OrganizationKind
Choice = TypeVar("Choice")
S = CaseStage
LEADS_BY_KIND = {
    K.POLICE: 5, K.MUNICIPAL_AGENCY: 4, K.COMMUNITY_ORGANIZATION: 3,
    K.HEALTH: 1.5, K.RESIDENT_GROUP: 1, K.SCHOOL: 0.5, K.OTHER: 0.5,
    K.BUSINESS: 0.3, K.FAITH: 0.3,
}  # fmt: skip
PROBLEM_SHARE = {
    "Alcohol-related violence": 14, "Homelessness / encampment": 18,
    "Gang violence": 8, "Drug market": 14, "Nuisance property": 22, "Traffic": 8,
    "Youth": 12, "Other": 4,
}  # fmt: skip
OTHER_ROLES = {
    RoleKind.PARTNER: 40, RoleKind.SERVICE_PROVIDER: 18, RoleKind.PLACE_MANAGER: 12,
    RoleKind.GUARDIAN: 10, RoleKind.HANDLER: 8, RoleKind.OBSERVER: 12,
}  # fmt: skip
PERSON_ROLES = [RoleKind.EXPERT, RoleKind.HANDLER, RoleKind.GUARDIAN]
PRIORITIES = {
    Priority.LOW: 15, Priority.NORMAL: 55, Priority.HIGH: 22, Priority.URGENT: 8,
}  # fmt: skip


def weighted(world: World, shares: Mapping[Choice, float]) -> Choice:
    return world.rng.choices(list(shares), weights=list(shares.values()))[0]


def _stage_for(world: World, age: int, status: str) -> CaseStage:
    if status == CaseStatus.CLOSED:
        return S.ASSESSMENT if world.rng.random() < 0.85 else S.RESPONSE
    if age < 60:
        shares = {S.SCANNING: 60, S.ANALYSIS: 35, S.RESPONSE: 5}
    elif age < 240:
        shares = {S.SCANNING: 15, S.ANALYSIS: 35, S.RESPONSE: 40, S.ASSESSMENT: 10}
    else:
        shares = {S.SCANNING: 5, S.ANALYSIS: 20, S.RESPONSE: 45, S.ASSESSMENT: 30}
    return weighted(world, shares)


def _title(world: World, problem: str, lead: Org, businesses: list[Org]) -> str:
    rng = world.rng
    business = rng.choice(businesses).name if businesses else "the corner bar"
    pattern = rng.choice(names.CASE_TITLES[problem])
    return names.fill(pattern, rng, data.LAST_NAMES, area=lead.area, business=business)[
        :200
    ]


def add_cases(world: World, writer: Writer, count: int) -> None:
    rng = world.rng
    leads = WeightedPicker(
        [o.id for o in world.orgs],
        [LEADS_BY_KIND[o.kind] * o.size_weight**0.5 for o in world.orgs],
    )
    businesses = [o for o in world.orgs if o.kind == K.BUSINESS]
    with writer.step("Cases", count) as bar:
        for _ in range(count):
            lead = world.org_by_id[leads.pick(rng)]
            age = world.recent_days_ago(3 * 365, skew=1.2)
            opened = world.days_ago(age)
            draw = rng.random()
            if draw < min(0.6, age / 1500):
                status = CaseStatus.CLOSED
            elif draw > 0.92:
                status = CaseStatus.ON_HOLD
            else:
                status = CaseStatus.OPEN
            closed = None
            if status == CaseStatus.CLOSED:
                closed = opened + timedelta(days=rng.randint(min(age, 60), age))
            problem = weighted(world, PROBLEM_SHARE)
            coordinator = rng.choice(world.coordinators) if rng.random() < 0.9 else None
            case = CaseRecord(
                id=writer.new_id(Case),
                title=_title(world, problem, lead, businesses),
                lead_org_id=lead.id,
                opened_on=opened,
                closed_on=closed,
                status=status,
                coordinator_id=coordinator,
                coalition_id=world.coalition_by_area[lead.area],
            )
            world.cases.append(case)
            stage = _stage_for(world, age, status)
            last_activity = closed or world.days_ago(
                world.recent_days_ago(min(age, 60))
            )
            writer.add(
                Case,
                {
                    "id": case.id,
                    "title": case.title,
                    "coalition_id": case.coalition_id,
                    "problem_type_id": world.problem_types[problem],
                    "problem_statement": f"Partners report a recurring problem: "
                    f"{case.title.lower()}. Calls for service and complaints have "
                    "risen over the past months.",
                    "goals": "Fewer incidents and calls for service within a year.",
                    "stage": stage.value,
                    "status": status.value,
                    "priority": weighted(world, PRIORITIES).value,
                    "visibility": (
                        CaseVisibility.PARTICIPANTS
                        if rng.random() < 0.15
                        else CaseVisibility.COALITION
                    ).value,
                    "opened_on": opened,
                    "closed_on": closed,
                    "coordinator_id": coordinator,
                    "offender": "",
                    "victim": "",
                    "place": "",
                    "handler": "",
                    "guardian": "",
                    "manager": "",
                    "sara_answers": {},
                    "created_at": world.moment(opened),
                    "updated_at": world.moment(last_activity),
                    "version": 1,
                },
            )
            add_event(
                world,
                writer,
                case,
                EventKind.OPENED,
                opened,
                f"Opened the case with {lead.name} as lead",
            )
            _add_roles(world, writer, case, lead)
            _add_stages(world, writer, case, stage)
            _add_place_and_responses(world, writer, case, stage)
            bar.update(1)


def add_event(
    world: World,
    writer: Writer,
    case: CaseRecord,
    kind: EventKind,
    day: date,
    summary: str,
    task_id: int | None = None,
    changes: dict[str, list[str]] | None = None,
) -> None:
    writer.add(
        CaseEvent,
        {
            "id": writer.new_id(CaseEvent),
            "case_id": case.id,
            "task_id": task_id,
            "kind": kind.value,
            "summary": summary[:500],
            "changes": changes or {},
            "actor_id": case.coordinator_id,
            "occurred_at": world.moment(day),
        },
    )


def between(world: World, start: date, end: date) -> date:
    return start + timedelta(days=world.rng.randint(0, max((end - start).days, 0)))


def _add_roles(world: World, writer: Writer, case: CaseRecord, lead: Org) -> None:
    """One active lead (an earlier lead ended on some cases) and 2–7 others."""
    rng = world.rng
    end = case.closed_on or world.today
    wanted = rng.randint(3, 8)

    def role(
        kind: RoleKind,
        org_id: int | None = None,
        person_id: int | None = None,
        started: date | None = None,
        ended: date | None = None,
    ) -> None:
        started = started or between(world, case.opened_on, end)
        writer.add(
            CaseRole,
            {
                "id": writer.new_id(CaseRole),
                "case_id": case.id,
                "role": kind.value,
                "organization_id": org_id,
                "person_id": person_id,
                "started_on": started,
                "ended_on": ended,
                "note": "",
                "granted_by_id": case.coordinator_id,
                "created_at": world.moment(started),
            },
        )
        if ended is None:
            if org_id is not None:
                world.org_cases.setdefault(org_id, []).append(case.id)
                if kind != RoleKind.OBSERVER:
                    case.org_ids.append(org_id)
            else:
                case.person_ids.append(cast(int, person_id))  # no org: a person
        holder = (
            world.org_by_id[org_id].name
            if org_id
            else world.person_by_id[cast(int, person_id)].name
        )
        add_event(
            world,
            writer,
            case,
            EventKind.ROLE_ADDED,
            started,
            f"{holder} joined as {kind.label.lower()}",
        )

    lead_started = case.opened_on
    candidates = [o for o in lead.partners if o != lead.id]
    rng.shuffle(candidates)
    if rng.random() < 0.1 and candidates and (end - case.opened_on).days > 2:
        earlier = candidates.pop()
        lead_started = between(world, case.opened_on + timedelta(days=1), end)
        role(RoleKind.LEAD, org_id=earlier, started=case.opened_on, ended=lead_started)
        wanted -= 1
    role(RoleKind.LEAD, org_id=lead.id, started=lead_started)
    wanted -= 1
    if len(candidates) < wanted:
        extra = [o.id for o in rng.sample(world.orgs, k=min(len(world.orgs), wanted))]
        candidates += [o for o in extra if o != lead.id and o not in candidates]
    for _ in range(wanted):
        if rng.random() < 0.25 or not candidates:
            org = world.org_by_id[rng.choice(lead.partners or [lead.id])]
            person = rng.choice(org.members) if org.members else None
            if person is not None and person not in case.person_ids:
                role(rng.choice(PERSON_ROLES), person_id=person)
                continue
        if not candidates:
            break
        org_id = candidates.pop()
        kind = weighted(world, OTHER_ROLES)
        if rng.random() < 0.08:
            started = between(world, case.opened_on, end)
            role(
                kind,
                org_id=org_id,
                started=started,
                ended=between(world, started, end),
            )
        else:
            role(kind, org_id=org_id)


def _add_stages(
    world: World, writer: Writer, case: CaseRecord, stage: CaseStage
) -> None:
    """The moves that brought the case to ``stage``, in order over its life."""
    rng = world.rng
    path: list[CaseStage | None] = [None, *list(S)[: stage.position + 1]]
    if stage.position >= 2 and rng.random() < 0.1:
        path[4:4] = [S.ANALYSIS, S.RESPONSE]  # sent back once, then forward again
    end = case.closed_on or world.today
    days = sorted(between(world, case.opened_on, end) for _ in path[2:])
    days.insert(0, case.opened_on)
    for (before, after), day in zip(itertools.pairwise(path), days, strict=True):
        assert after is not None
        reason = "Opened" if before is None else rng.choice(names.STAGE_REASONS)
        writer.add(
            StageChange,
            {
                "id": writer.new_id(StageChange),
                "case_id": case.id,
                "from_stage": before.value if before else None,
                "to_stage": after.value,
                "reason": reason,
                "moved_by_id": case.coordinator_id,
                "moved_at": world.moment(day),
            },
        )
        if before is not None:
            direction = "back to" if after.position < before.position else "to"
            add_event(
                world,
                writer,
                case,
                EventKind.STAGE_MOVED,
                day,
                f"Moved {direction} {after.label.lower()}: {reason}",
                changes={"stage": [before.value, after.value]},
            )


def _add_place_and_responses(
    world: World, writer: Writer, case: CaseRecord, stage: CaseStage
) -> None:
    rng = world.rng
    street = f"{rng.choice(names.STREETS)} {rng.choice(names.STREET_KINDS)}"
    writer.add(
        CasePlace,
        {
            "id": writer.new_id(CasePlace),
            "case_id": case.id,
            "name": f"{rng.randint(10, 2400)} block of {street}",
            "address": street,
            "latitude": None,
            "longitude": None,
            "beat": f"Beat {rng.randint(1, 40)}",
        },
    )
    if stage.position < 2:
        return
    for _ in range(rng.randint(1, 3)):
        status = (
            rng.choice([ResponseStatus.DONE, ResponseStatus.ABANDONED])
            if case.status == CaseStatus.CLOSED or stage == S.ASSESSMENT
            else rng.choice([ResponseStatus.PLANNED, ResponseStatus.IN_PROGRESS])
        )
        writer.add(
            CaseResponse,
            {
                "id": writer.new_id(CaseResponse),
                "case_id": case.id,
                "description": rng.choice(names.RESPONSES),
                "partner_organization_id": rng.choice(case.org_ids)
                if case.org_ids
                else None,
                "status": status.value,
                "created_at": world.moment(case.closed_on or world.today),
            },
        )
