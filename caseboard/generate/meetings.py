"""Monthly partner meetings: series for each area's coalition and for busy
cases, with invitations, attendance (2–15 present at each past meeting),
agenda items and decisions. A few meetings of each series are still ahead."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from caseboard.models import (
    AgendaItem,
    AgendaItemStatus,
    Attendance,
    AttendanceStatus,
    CaseStatus,
    Decision,
    Invitation,
    Meeting,
    Repeat,
)

from . import names
from .world import CaseRecord, World
from .writer import Writer

CASE_ITEMS = [
    "Progress since the last meeting",
    "Review of open tasks",
    "Data update",
    "Next steps",
    "Partner updates",
]


def _series_lengths(world: World, total: int) -> list[int]:
    lengths = []
    while total > 0:
        length = min(total, world.rng.randint(1, 8))
        lengths.append(length)
        total -= length
    return lengths


def add_meetings(world: World, writer: Writer, count: int) -> None:
    rng = world.rng
    coalition_total = max(1, round(count * 0.3))
    areas = sorted({o.area for o in world.orgs})
    open_cases = [
        c for c in world.cases if c.status != CaseStatus.CLOSED
    ] or world.cases
    series: list[tuple[str, CaseRecord | None, int]] = []
    for length in _series_lengths(world, coalition_total):
        series.append((rng.choice(areas), None, length))
    for length in _series_lengths(world, count - coalition_total):
        series.append(("", rng.choice(open_cases), length))
    for c in open_cases:
        area = world.org_by_id[c.lead_org_id].area
        world.open_cases_by_area.setdefault(area, []).append(c)
    with writer.step("Meetings", count) as bar:
        for area, case, length in series:
            _add_series(world, writer, area, case, length)
            bar.update(length)


def _pool(world: World, area: str, case: CaseRecord | None) -> list[int]:
    """Who gets invited: the case's role holders' staff, or the area's."""
    if case is not None:
        people = set(case.person_ids)
        for org_id in case.org_ids:
            people.update(world.org_by_id[org_id].members[:12])
    else:
        people = {m for o in world.orgs if o.area == area for m in o.members[:4]}
    if len(people) < 16:  # a small coalition: anyone may come
        sample = world.rng.sample(world.people, k=min(16, len(world.people)))
        people.update(p.id for p in sample)
    return sorted(people)


def _add_series(
    world: World, writer: Writer, area: str, case: CaseRecord | None, length: int
) -> None:
    rng = world.rng
    title = (
        f"{area} partners' meeting" if case is None else f"{case.title}: working group"
    )
    last = world.today + timedelta(days=rng.randint(-25, 30))
    days = [
        last - timedelta(days=sum(rng.randint(28, 35) for _ in range(n)))
        for n in range(length - 1, -1, -1)
    ]
    pool = _pool(world, area, case)
    hour = rng.choice([9, 10, 14, 15, 18])
    previous = None
    for day in days:
        meeting_id = writer.new_id(Meeting)
        starts_at = datetime.combine(day, time(hour), UTC)
        past = starts_at < world.now
        published = starts_at + timedelta(days=rng.randint(1, 3))
        writer.add(
            Meeting,
            {
                "id": meeting_id,
                "title": title[:200],
                "coalition_id": case.coalition_id
                if case
                else world.coalition_by_area[area],
                "case_id": case.id if case else None,
                "starts_at": starts_at,
                "duration_minutes": rng.choice([60, 60, 90, 45]),
                "location": f"{area or 'City Hall'} community room",
                "video_link": "",
                "repeats": (Repeat.MONTHLY if length > 1 else Repeat.NONE).value,
                "notes": "Good turnout; minutes below." if past else "",
                "minutes_published_at": published
                if past and published <= world.now and rng.random() < 0.8
                else None,
                "previous_meeting_id": previous,
                "created_by_id": case.coordinator_id
                if case and case.coordinator_id
                else rng.choice(world.coordinators),
                "created_at": world.moment(day - timedelta(days=28)),
                "updated_at": world.moment(min(day, world.today)),
                "version": 1,
            },
        )
        previous = meeting_id
        present = _add_people(world, writer, meeting_id, pool, past)
        if rng.random() < 0.6:
            _add_agenda(world, writer, meeting_id, day, case, area, present, past)


def _add_people(
    world: World, writer: Writer, meeting_id: int, pool: list[int], past: bool
) -> list[int]:
    rng = world.rng
    invited = rng.sample(pool, k=min(len(pool), rng.randint(5, 20)))
    for person_id in invited:
        writer.add(
            Invitation,
            {
                "id": writer.new_id(Invitation),
                "meeting_id": meeting_id,
                "person_id": person_id,
            },
        )
    if not past:
        return []
    present = invited[: rng.randint(2, 13)]
    others = rng.sample(pool, k=min(len(pool), rng.randint(0, 2)))
    walk_ins = [p for p in others if p not in invited]
    rows = [(p, AttendanceStatus.PRESENT, False) for p in present]
    rows += [(p, AttendanceStatus.PRESENT, True) for p in walk_ins]
    for person_id in invited[len(present) :]:
        away = (
            AttendanceStatus.APOLOGIES
            if rng.random() < 0.5
            else AttendanceStatus.ABSENT
        )
        rows.append((person_id, away, False))
    for person_id, status, walk_in in rows:
        writer.add(
            Attendance,
            {
                "id": writer.new_id(Attendance),
                "meeting_id": meeting_id,
                "person_id": person_id,
                "organization_id": world.person_by_id[person_id].org_id,
                "status": status.value,
                "walk_in": walk_in,
                "recorded_at": world.now,
            },
        )
    return present + walk_ins


def _add_agenda(
    world: World,
    writer: Writer,
    meeting_id: int,
    day: date,
    case: CaseRecord | None,
    area: str,
    present: list[int],
    past: bool,
) -> None:
    rng = world.rng
    topics: list[tuple[str, CaseRecord | None]]
    if case is not None:
        topics = [(t, case) for t in rng.sample(CASE_ITEMS, k=rng.randint(2, 4))]
    else:
        local = world.open_cases_by_area.get(area) or world.cases
        picked = rng.sample(local, k=min(len(local), rng.randint(1, 4)))
        topics = [(c.title, c) for c in picked] + [("Round the table", None)]
    for position, (title, about) in enumerate(topics):
        item_id = writer.new_id(AgendaItem)
        writer.add(
            AgendaItem,
            {
                "id": item_id,
                "meeting_id": meeting_id,
                "position": position,
                "title": title[:200],
                "case_id": about.id if about else None,
                "task_id": None,
                "presenter_id": rng.choice(present) if present else None,
                "minutes": rng.choice([5, 10, 15, 20]),
                "notes": "Discussed; see decisions." if past else "",
                "status": (
                    AgendaItemStatus.DONE if past else AgendaItemStatus.OPEN
                ).value,
                "carried_from_id": None,
                "created_at": world.moment(min(day, world.today)),
                "updated_at": world.moment(min(day, world.today)),
                "version": 1,
            },
        )
        if past and about is not None:
            about.agenda_items.append((item_id, day))
        if past and rng.random() < 0.35:
            writer.add(
                Decision,
                {
                    "id": writer.new_id(Decision),
                    "agenda_item_id": item_id,
                    "text": rng.choice(names.DECISIONS),
                    "recorded_by_id": rng.choice(world.coordinators),
                    "created_at": world.moment(day),
                },
            )
