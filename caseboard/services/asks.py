"""Asks on a case: naming one, moving its stage (a dated history with a
note), tying it to the response it delivers, and a coalition's own prompts."""

from __future__ import annotations

from datetime import date

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    Ask,
    AskPrompt,
    AskStage,
    AskStageChange,
    Case,
    CaseResponse,
    Coalition,
    EventKind,
    Organization,
    Person,
    User,
)
from caseboard.queries.asks import prompt_set
from caseboard.services.audit import record
from caseboard.services.errors import ServiceError, check_version, required
from caseboard.services.timeline import record_event


def create_ask(
    actor: User | None,
    case: Case,
    *,
    what: str,
    person: Person | None = None,
    organization: Organization | None = None,
    stage: str = AskStage.PRECONTEMPLATION,
    note: str = "",
    on: date | None = None,
) -> Ask:
    if person is None and organization is None:
        raise ServiceError("Name the person or the organization asked.", "person_id")
    day = _not_future(on)
    ask = Ask(
        case=case,
        what=required(what, "Say what the coalition needs from them.", "what"),
        person=person,
        organization=organization,
        stage=AskStage(stage),
        stage_since=day,
        created_by_id=actor.id if actor else None,
    )
    ask.changes.append(_change(actor, None, ask.stage, day, note))
    db.session.add(ask)
    record(actor, "create", ask, {"stage": [None, ask.stage]}, label=_label(ask))
    record_event(actor, case, EventKind.UPDATED, f"Ask: {_label(ask)}")
    return ask


def move_stage(
    actor: User | None,
    ask: Ask,
    *,
    expected_version: int | None,
    to_stage: str,
    on: date | None = None,
    note: str = "",
) -> Ask:
    check_version(ask, expected_version)
    stage = AskStage(to_stage)
    if stage == ask.stage:
        raise ServiceError(f"The ask is already at {stage.label.lower()}.", "to_stage")
    day = _not_future(on)
    if day < ask.stage_since:
        raise ServiceError("A move cannot come before the last one.", "on")
    before = ask.stage
    ask.changes.append(_change(actor, before, stage, day, note))
    ask.stage, ask.stage_since = stage, day
    if not stage.is_acting:
        ask.response = None  # a response is tied only while they act
    record(actor, "move_stage", ask, {"stage": [before, stage]}, label=_label(ask))
    record_event(
        actor,
        ask.case,
        EventKind.UPDATED,
        f"Ask {_label(ask)}: {before.label} → {stage.label}",
    )
    return ask


def tie_response(actor: User | None, ask: Ask, response: CaseResponse | None) -> Ask:
    """Tie the ask to the response it delivers (None: untie)."""
    if response is not None and not ask.stage.is_acting:
        raise ServiceError(
            "Only an ask in action or maintenance delivers a response.", "response_id"
        )
    if response is not None and response.case_id != ask.case_id:
        raise ServiceError("Choose a response of this case.", "response_id")
    old = ask.response.description if ask.response else None
    ask.response = response
    new = response.description if response else None
    record(actor, "tie_response", ask, {"response": [old, new]}, label=_label(ask))
    return ask


def set_prompts(
    actor: User | None,
    coalition: Coalition,
    prompts: dict[AskStage, str],
    *,
    expected_version: int | None,
) -> None:
    """A coalition's own next steps per stage; a blank stage goes back to
    the defaults. Refused as a conflict when the set changed since the form
    was opened (``expected_version``: ``prompt_set``'s version then)."""
    saved = prompt_set(coalition.id)
    check_version(saved, expected_version)
    rows = {
        row.stage: row
        for row in db.session.scalars(
            db.select(AskPrompt).where(AskPrompt.coalition_id == coalition.id)
        )
    }
    changes = {}
    for stage, text in prompts.items():
        text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
        if text == saved.texts[stage]:
            continue
        changes[stage.value] = [saved.texts[stage], text]
        if stage in rows:
            rows[stage].prompts = text
        else:
            db.session.add(
                AskPrompt(coalition_id=coalition.id, stage=stage, prompts=text)
            )
    if changes:
        record(actor, "set_ask_prompts", coalition, changes, label=coalition.name)


def _change(
    actor: User | None, before: AskStage | None, to: AskStage, on: date, note: str
) -> AskStageChange:
    if len(note.strip()) > 500:
        raise ServiceError("A note is at most 500 characters.", "note")
    return AskStageChange(
        from_stage=before,
        to_stage=to,
        on=on,
        note=note.strip(),
        moved_by_id=actor.id if actor else None,
    )


def _not_future(on: date | None) -> date:
    day = on or today()
    if day > today():
        raise ServiceError("A stage cannot move in the future.", "on")
    return day


def _label(ask: Ask) -> str:
    return f"{ask.stakeholder_name}: {ask.what}"
