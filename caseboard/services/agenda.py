"""Building and running a meeting's agenda: items, decisions, action items."""

from __future__ import annotations

from datetime import date

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    AgendaItem,
    AgendaItemStatus,
    Case,
    Decision,
    EventKind,
    Meeting,
    Organization,
    Person,
    Task,
    User,
)
from caseboard.models.base import utcnow
from caseboard.services.audit import record
from caseboard.services.errors import ServiceError, check_version, required
from caseboard.services.tasks import create_task
from caseboard.services.timeline import record_event
from caseboard.templating import format_date


def _discussed_in(case: Case, meeting: Meeting) -> bool:
    """A meeting discusses its own coalition's cases, and those currently
    shared with its coalition."""
    if case.coalition_id == meeting.coalition_id:
        return True
    return any(
        s.coalition_id == meeting.coalition_id and s.is_open for s in case.shares
    )


def _record_item(
    actor: User,
    action: str,
    item: AgendaItem,
    changes: dict[str, list[object]] | None = None,
    *,
    added: bool = False,
    removed: bool = False,
) -> None:
    """Audit a change to an agenda item on its meeting's trail: the item's
    title and id stand around the changes (None before it is added, or
    after it is removed)."""

    def was_is(value: object) -> list[object]:
        return [None if added else value, None if removed else value]

    trail = {"item": was_is(item.title), **(changes or {}), "item_id": was_is(item.id)}
    record(actor, action, item.meeting, trail, label=item.meeting.title)


def add_agenda_item(
    actor: User,
    meeting: Meeting,
    *,
    title: str,
    case: Case | None = None,
    task: Task | None = None,
    presenter: Person | None = None,
    minutes: int | None = None,
    carried_from: AgendaItem | None = None,
    notes: str = "",
) -> AgendaItem:
    title = required(title, "An agenda item needs a title.", "title")
    if task is not None and case is None:
        case = task.case
    if case is not None and not _discussed_in(case, meeting):
        raise ServiceError("This case belongs to another coalition.", "case_id")
    position = max((item.position for item in meeting.items), default=0) + 1
    item = AgendaItem(
        meeting=meeting,
        title=title,
        case=case,
        task=task,
        presenter=presenter,
        minutes=minutes,
        position=position,
        notes=notes,
        carried_from_id=carried_from.id if carried_from else None,
    )
    db.session.add(item)
    db.session.flush()
    _record_item(actor, "add_agenda_item", item, added=True)
    return item


def update_agenda_notes(
    actor: User, item: AgendaItem, *, notes: str, expected_version: int | None
) -> AgendaItem:
    """Saved as the coordinator types; the version guards two note-takers."""
    check_version(item, expected_version)
    if item.notes != notes:
        _record_item(actor, "update_agenda_item", item, {"notes": [item.notes, notes]})
        item.notes = notes
        item.updated_at = utcnow()
        db.session.flush()
    return item


def set_item_status(actor: User, item: AgendaItem, status: str) -> AgendaItem:
    new = AgendaItemStatus(status)
    if item.status != new:
        _record_item(
            actor, "update_agenda_item", item, {"item_status": [item.status, new.value]}
        )
        item.status = new
        item.updated_at = utcnow()
        db.session.flush()
    return item


def move_agenda_item(actor: User, item: AgendaItem, direction: int) -> None:
    """Swap with the neighbour above (-1) or below (+1)."""
    items = sorted(item.meeting.items, key=lambda i: i.position)
    index = items.index(item)
    other = index + direction
    if 0 <= other < len(items):
        items[index].position, items[other].position = (
            items[other].position,
            items[index].position,
        )
        _record_item(
            actor, "move_agenda_item", item, {"position": [index + 1, other + 1]}
        )
        db.session.flush()


def remove_agenda_item(actor: User, item: AgendaItem) -> None:
    if item.decisions or item.action_items:
        raise ServiceError(
            "This item has decisions or action items; mark it done instead.", "title"
        )
    _record_item(actor, "remove_agenda_item", item, removed=True)
    item.meeting.items.remove(item)
    db.session.flush()


def add_decision(
    actor: User, item: AgendaItem, text: str, review_on: date | None = None
) -> Decision:
    """Record a decision, with the date it is to be looked at again (if any:
    not in the past)."""
    text = required(text, "Write the decision first.", "text")
    if review_on is not None and review_on < today():
        raise ServiceError("The review date has passed; pick a later day.", "review_on")
    decision = Decision(
        item=item, text=text, recorded_by_id=actor.id, review_on=review_on
    )
    db.session.add(decision)
    changes: dict = {"decision": [None, text]}
    if review_on is not None:
        changes["review_on"] = [None, review_on]
    _record_item(actor, "add_decision", item, changes)
    meeting = item.meeting
    case = item.case or meeting.case
    review = f" (review on {format_date(review_on)})" if review_on else ""
    if case is not None:
        record_event(
            actor,
            case,
            EventKind.MEETING,
            f"Decided at “{meeting.title}”: {text[:300]}{review}",
        )
    db.session.flush()
    return decision


def add_action_item(
    actor: User,
    item: AgendaItem,
    *,
    title: str,
    case: Case | None = None,
    assignee: Person | None = None,
    organization: Organization | None = None,
    due_on: date | None = None,
) -> Task:
    """An action item is a real task on the item's case, made now."""
    case = item.case or item.meeting.case or case
    if case is None:
        raise ServiceError("Choose the case this action belongs to.", "case_id")
    task = create_task(
        actor,
        case,
        title=title,
        assignee=assignee,
        organization=organization,
        due_on=due_on,
        description=f"Action item from the meeting “{item.meeting.title}” "
        f"({item.title}).",
    )
    task.agenda_item = item
    db.session.flush()
    return task
