"""Minutes and calendar files, written from a meeting loaded with its agenda."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from caseboard.models import Attendance, AttendanceStatus, Meeting, Organization, Person


@dataclass
class Unmarked:
    """An invited person nobody marked, shown as absent (never stored)."""

    person: Person
    organization: Organization | None


def attendance_by_organization(
    meeting: Meeting,
) -> dict[str, dict[str, list[Attendance | Unmarked]]]:
    """``{organization name: {"present": [...], "apologies": [...]}}``, sorted."""
    groups: dict[str, dict[str, list[Attendance | Unmarked]]] = defaultdict(
        lambda: {"present": [], "apologies": [], "absent": []}
    )
    for entry in meeting.attendance:
        name = entry.organization.name if entry.organization else "No organization"
        groups[name][entry.status].append(entry)
    # Invited and never marked: absent, so nobody vanishes from the minutes.
    marked = {entry.person_id for entry in meeting.attendance}
    for invitation in meeting.invitations:
        if invitation.person_id not in marked:
            jobs = invitation.person.current_memberships
            organization = jobs[0].organization if jobs else None
            name = organization.name if organization else "No organization"
            groups[name]["absent"].append(Unmarked(invitation.person, organization))
    for group in groups.values():
        for entries in group.values():
            entries.sort(key=lambda a: a.person.full_name)
    return dict(sorted(groups.items()))


def present_count(meeting: Meeting) -> int:
    return sum(a.status == AttendanceStatus.PRESENT for a in meeting.attendance)


def _ics_text(value: str) -> str:
    """Escape text for an iCalendar property (RFC 5545, 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    # Control characters could end a line early in lenient parsers.
    value = "".join(ch for ch in value if ch == "\n" or ch >= " ")
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ics_time(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    raw = line.encode()
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    start = 0
    while start < len(raw):
        end = min(start + (75 if not parts else 74), len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:
            end -= 1  # never split a UTF-8 character
        parts.append(raw[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def calendar_ics(meeting: Meeting, url: str, host: str) -> str:
    """One VEVENT for the meeting, in UTC (every calendar converts)."""
    where = meeting.location or meeting.video_link
    description = f"Agenda and minutes: {url}"
    if meeting.video_link:
        description += f"\nVideo: {meeting.video_link}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Caseboard//Meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.id}@{host}",
        f"DTSTAMP:{_ics_time(meeting.updated_at)}",
        f"DTSTART:{_ics_time(meeting.starts_at)}",
        f"DTEND:{_ics_time(meeting.ends_at)}",
        f"SUMMARY:{_ics_text(meeting.title)}",
        f"LOCATION:{_ics_text(where)}",
        f"DESCRIPTION:{_ics_text(description)}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
