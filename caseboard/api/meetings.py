"""Meetings: the list, one meeting with its agenda (as the caller may see
it: items about a case hidden from them are left out and counted), its
decisions, attendance and minutes; attendance recorded."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import Blueprint

from caseboard.api.conventions import (
    list_operation,
    paged,
    post_operation,
    read_operation,
    save,
    with_etag,
)
from caseboard.api.schemas.meetings import (
    AttendanceChange,
    AttendanceSchema,
    MeetingDetailSchema,
    MeetingFilters,
    MeetingSchema,
)
from caseboard.loaders import load_meeting, load_person
from caseboard.models import Meeting
from caseboard.permissions import can_run_meeting, require
from caseboard.queries.meetings import agenda_for, meeting_page_options
from caseboard.queries.scope import scoped_meetings
from caseboard.services import meetings

blp = Blueprint(
    "api_meetings", __name__, url_prefix="/api/v1/meetings", description="Meetings"
)


ITEM_FIELDS = ("id", "position", "title", "case_id", "status", "notes", "decisions")


@list_operation(blp, MeetingFilters, MeetingSchema)
def list_meetings(args: dict[str, Any]):
    """Meetings the caller may see in their chosen coalition, by id."""
    statement = scoped_meetings(current_user)
    if "case" in args:
        statement = statement.where(Meeting.case_id == args["case"])
    return paged(statement.order_by(Meeting.id), args)


@read_operation(blp, "/<int:meeting_id>", MeetingDetailSchema, etag=True)
def get_meeting(meeting_id: int):
    meeting = load_meeting(meeting_id, meeting_page_options())
    entries, hidden = agenda_for(current_user, meeting)
    body = {name: getattr(meeting, name) for name in MeetingSchema().fields} | {
        "notes": meeting.notes,
        "attendance": meeting.attendance,
        "hidden_items": hidden,
        "agenda": [
            {
                **{name: getattr(entry.item, name) for name in ITEM_FIELDS},
                "action_item_ids": [task.id for task in entry.actions],
            }
            for entry in entries
        ],
    }
    return with_etag(meeting, body=body)


@post_operation(
    blp, "/<int:meeting_id>/attendance", AttendanceChange, 200, AttendanceSchema
)
def record_attendance(data: dict[str, Any], meeting_id: int):
    """Present, apologies or absent, for one person (recording it again
    changes it)."""
    meeting = load_meeting(meeting_id)
    require(can_run_meeting(current_user, meeting))
    person = load_person(data.pop("person_id"))
    return save(
        lambda: meetings.record_attendance(current_user, meeting, person, **data)
    )
