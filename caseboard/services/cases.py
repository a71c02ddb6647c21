"""Opening cases, moving them through SARA, and bringing partners on."""

from __future__ import annotations

from datetime import date
from typing import Any

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    Case,
    CasePlace,
    CaseResponse,
    CaseRole,
    CaseStage,
    CaseStatus,
    CaseVisibility,
    Comment,
    EventKind,
    Organization,
    Person,
    ProblemType,
    ResponseStatus,
    RoleKind,
    StageChange,
    Task,
    User,
)
from caseboard.models.base import utcnow
from caseboard.sara import ALL_KEYS
from caseboard.services import notifications
from caseboard.services.audit import apply_changes, record, record_update
from caseboard.services.coalitions import coalition_for_case
from caseboard.services.errors import ServiceError, check_version, required
from caseboard.services.timeline import record_event

# Fields a case edit may change; the triangle's links are ids.
EDITABLE_FIELDS = (
    "title", "problem_type_id", "problem_statement", "goals", "status", "priority",
    "visibility", "access_organization_ids", "opened_on", "closed_on",
    "coordinator_id",
    "offender", "victim", "place",
    "handler", "handler_person_id", "handler_organization_id",
    "guardian", "guardian_person_id", "guardian_organization_id",
    "manager", "manager_person_id", "manager_organization_id",
)  # fmt: skip


def _check_access(visibility: str, organization_ids: list[int]) -> None:
    if visibility == CaseVisibility.RESTRICTED and not organization_ids:
        raise ServiceError(
            "Name at least one organization that may see the case.",
            "access_organization_ids",
        )


def _check_dates(opened_on: date | None, closed_on: date | None) -> None:
    if opened_on and closed_on and closed_on < opened_on:
        raise ServiceError("A case cannot close before it opened.", "closed_on")


def create_case(
    actor: User | None,
    *,
    title: str,
    problem_type: ProblemType,
    lead_organization: Organization,
    coordinator: User | None = None,
    place_name: str = "",
    place_address: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    beat: str = "",
    **fields: Any,
) -> Case:
    """Open a case in scanning, with its lead organization and first place."""
    _check_dates(fields.get("opened_on"), fields.get("closed_on"))
    _check_access(
        fields.get("visibility", CaseVisibility.COALITION),
        fields.get("access_organization_ids", []),
    )
    if fields.get("coalition") is None and fields.get("coalition_id") is None:
        fields["coalition"] = coalition_for_case(lead_organization)
    case = Case(
        title=title.strip(),
        problem_type=problem_type,
        coordinator=coordinator,
        stage=CaseStage.SCANNING,
        **fields,
    )
    db.session.add(case)
    if place_name.strip():
        case.places.append(
            CasePlace(
                name=place_name.strip(),
                address=place_address.strip(),
                latitude=latitude,
                longitude=longitude,
                beat=beat.strip(),
            )
        )
    case.stage_changes.append(
        StageChange(
            from_stage=None,
            to_stage=CaseStage.SCANNING,
            reason="Case opened",
            moved_by_id=actor.id if actor else None,
        )
    )
    case.roles.append(
        CaseRole.granted(
            actor,
            role=RoleKind.LEAD,
            organization=lead_organization,
            started_on=case.opened_on or today(),
        )
    )
    record(actor, "create", case, label=case.title)
    record_event(
        actor,
        case,
        EventKind.OPENED,
        f"Opened the case with {lead_organization.name} as lead",
    )
    return case


def update_case(
    actor: User, case: Case, *, expected_version: int | None, **fields: Any
) -> Case:
    check_version(case, expected_version)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    status = fields.get("status", case.status)
    if status == CaseStatus.CLOSED and not fields.get("closed_on", case.closed_on):
        fields["closed_on"] = today()
    if status != CaseStatus.CLOSED:
        fields["closed_on"] = None
    _check_dates(fields.get("opened_on", case.opened_on), fields.get("closed_on"))
    _check_access(
        fields.get("visibility", case.visibility),
        fields.get("access_organization_ids", case.access_organization_ids),
    )
    changes = apply_changes(case, fields)
    if changes:
        record_update(actor, case, changes, label=case.title)
        named = ", ".join(name.replace("_id", "").replace("_", " ") for name in changes)
        record_event(
            actor, case, EventKind.UPDATED, f"Updated {named}", changes=changes
        )
        db.session.flush()
    return case


def move_stage(
    actor: User, case: Case, *, to_stage: str, reason: str, expected_version: int | None
) -> StageChange:
    """Move one stage forward or back, with the reason in the history."""
    check_version(case, expected_version)
    current = case.stage
    target = CaseStage(to_stage)
    if target not in (current.next, current.previous):
        raise ServiceError(
            f"A case moves one stage at a time; it is in {current.label.lower()}.",
            "to_stage",
        )
    reason = required(reason, "Say in a few words why the case moves.", "reason")
    change = StageChange(
        from_stage=current, to_stage=target, reason=reason, moved_by_id=actor.id
    )
    case.stage_changes.append(change)
    case.stage = target
    case.updated_at = utcnow()
    direction = "back to" if target.position < current.position else "to"
    record(
        actor,
        "move_stage",
        case,
        {"stage": [current.value, target.value]},
        label=case.title,
    )
    record_event(
        actor,
        case,
        EventKind.STAGE_MOVED,
        f"Moved {direction} {target.label.lower()}: {reason}",
        changes={"stage": [current.value, target.value]},
    )
    db.session.flush()
    notifications.case_changed(
        actor, case, "case_stage", f"moved {direction} {target.label.lower()}."
    )
    return change


def save_sara_answers(
    actor: User, case: Case, *, expected_version: int | None, answers: dict[str, str]
) -> Case:
    check_version(case, expected_version)
    merged = dict(case.sara_answers or {})
    changed = {}
    for key, value in answers.items():
        if key not in ALL_KEYS:
            continue
        value = value.strip()
        if merged.get(key, "") != value:
            changed[key] = [merged.get(key, ""), value]
            merged[key] = value
    if changed:
        case.sara_answers = merged  # a new dict, so the JSON column is marked dirty
        record_update(actor, case, changed, label=case.title)
        record_event(
            actor, case, EventKind.UPDATED, "Updated the SARA notes", changes=changed
        )
        db.session.flush()
    return case


def add_role(
    actor: User,
    case: Case,
    *,
    role: str,
    organization: Organization | None = None,
    person: Person | None = None,
    started_on: date | None = None,
    note: str = "",
) -> CaseRole:
    """Give an organization or a person a role; a new lead replaces the old one."""
    kind = RoleKind(role)
    if organization is None and person is None:
        raise ServiceError("Choose an organization or a person.", "organization_id")
    if kind == RoleKind.LEAD and organization is None:
        raise ServiceError("The lead is an organization.", "organization_id")
    for existing in case.active_roles:
        if (
            existing.role == kind
            and existing.organization_id == (organization and organization.id)
            and existing.person_id == (person and person.id)
        ):
            raise ServiceError("They already hold this role on the case.", "role")
    started_on = started_on or today()
    if kind == RoleKind.LEAD and case.lead_role is not None:
        _end(actor, case.lead_role, started_on, replaced=True)
        db.session.flush()  # the old lead ends before the new one starts
    new_role = CaseRole.granted(
        actor,
        case=case,
        role=kind,
        organization=organization,
        person=person,
        started_on=started_on,
        note=note.strip(),
    )
    db.session.add(new_role)
    db.session.flush()
    holder = _holder(new_role)
    record(
        actor,
        "add_role",
        case,
        {"role": [None, f"{kind.label}: {holder}"]},
        label=case.title,
    )
    record_event(
        actor, case, EventKind.ROLE_ADDED, f"{holder} joined as {kind.label.lower()}"
    )
    notifications.case_changed(
        actor, case, "case_role", f"{holder} joined as {kind.label.lower()}."
    )
    return new_role


def end_role(actor: User, role: CaseRole, ended_on: date | None = None) -> CaseRole:
    if not role.is_active:
        raise ServiceError("This role has already ended.", "ended_on")
    if role.role == RoleKind.LEAD:
        raise ServiceError(
            "A case always has a lead organization: add the new lead, and the "
            "current one ends by itself.",
            "ended_on",
        )
    _end(actor, role, ended_on or today())
    db.session.flush()
    return role


def _holder(role: CaseRole) -> str:
    if role.person is not None and role.organization is not None:
        return f"{role.person.full_name} ({role.organization.name})"
    return role.holder_name


def _end(actor: User, role: CaseRole, ended_on: date, replaced: bool = False) -> None:
    if ended_on < role.started_on:
        raise ServiceError("A role cannot end before it started.", "ended_on")
    role.end(ended_on, actor)
    case = role.case
    why = " (replaced as lead)" if replaced else ""
    record(
        actor,
        "end_role",
        case,
        {"role": [f"{role.role.label}: {_holder(role)}", None]},
        label=case.title,
    )
    record_event(
        actor,
        case,
        EventKind.ROLE_ENDED,
        f"{_holder(role)} ended as {role.role.label.lower()}{why}",
    )


def add_place(actor: User, case: Case, **fields: Any) -> CasePlace:
    place = CasePlace(case=case, **fields)
    db.session.add(place)
    record_event(actor, case, EventKind.PLACE_ADDED, f"Added the place {place.name}")
    record(actor, "add_place", case, {"place": [None, place.name]}, label=case.title)
    return place


def add_response(
    actor: User,
    case: Case,
    *,
    description: str,
    partner_organization: Organization | None,
    status: str = ResponseStatus.PLANNED,
) -> CaseResponse:
    response = CaseResponse(
        case=case,
        description=description.strip(),
        partner_organization=partner_organization,
        status=ResponseStatus(status),
    )
    db.session.add(response)
    partner = f" with {partner_organization.name}" if partner_organization else ""
    verb = "Planned" if response.status == ResponseStatus.PLANNED else "Added"
    record_event(
        actor,
        case,
        EventKind.RESPONSE_ADDED,
        f"{verb} the response “{response.description}”{partner}",
    )
    record(
        actor,
        "add_response",
        case,
        {"response": [None, response.description]},
        label=case.title,
    )
    return response


def set_response_status(actor: User, response: CaseResponse, status: str) -> None:
    new = ResponseStatus(status)
    if response.status == new:
        return
    before = response.status
    response.status = new
    record_event(
        actor,
        response.case,
        EventKind.RESPONSE_UPDATED,
        f"Response “{response.description}”: {before.label.lower()} → "
        f"{new.label.lower()}",
        changes={"status": [before.value, new.value]},
    )
    record(
        actor,
        "update_response",
        response.case,
        {"response_status": [before.value, new.value]},
        label=response.case.title,
    )
    db.session.flush()


def add_comment(
    actor: User, case: Case, body: str, task: Task | None = None
) -> Comment:
    body = required(body, "Write something first.", "body")
    comment = Comment(case_id=case.id, task=task, author_id=actor.id, body=body)
    db.session.add(comment)
    where = f" on “{task.title}”" if task is not None else ""
    excerpt = body if len(body) <= 160 else body[:157] + "…"
    record_event(
        actor, case, EventKind.COMMENT, f"Commented{where}: {excerpt}", task=task
    )
    # On the case (or its task), so the comment shows in that history.
    on = task or case
    record(actor, "add_comment", on, {"comment": [None, body]}, label=on.title)
    notifications.commented(actor, case, task, body)
    return comment
