"""Partner meetings for the demo coalitions (the series in ``meeting_data``).

As with the cases, every step goes through the meeting services and is then
moved back to when it happened: a meeting is held on its day, its decisions
and action items are made during it, its minutes go out the next day, and
each action item is finished (or not) on the day its story says. The next
meeting of each series is made the way a coordinator makes it, from the last
one held, carrying over what is still open.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from caseboard.clock import coalition_zone
from caseboard.extensions import db
from caseboard.models import (
    AgendaItem,
    Case,
    Meeting,
    Person,
    Task,
    TaskStatus,
)
from caseboard.models.base import utcnow
from caseboard.services.agenda import (
    add_action_item,
    add_agenda_item,
    add_decision,
    set_item_status,
    update_agenda_notes,
)
from caseboard.services.meetings import (
    create_next_meeting,
    publish_minutes,
    record_attendance,
    schedule_meeting,
    update_meeting,
)
from caseboard.services.tasks import change_status

from . import meeting_data
from .directory import Stage, playing, text
from .meeting_data import Held, Item, Series
from .records import Who

SEED = 20261123


def load_meetings(progress: bool = False) -> list[Meeting]:
    """Hold each series' past meetings and schedule its next one."""
    cases = {c.title: c for c in db.session.scalars(select(Case))}
    meetings: list[Meeting] = []
    with playing(meeting_data.series(), "Meetings", SEED, progress) as (
        stage,
        all_series,
    ):
        for series in all_series:
            meetings.extend(_SeriesLoader(series, stage, cases).load())
    db.session.flush()
    return meetings


def series_days(today: date, weekday: int, held: int) -> list[date]:
    """The days of ``held`` past meetings and the next one, oldest first.

    The next one is the first such weekday one to three weeks ahead that is
    not in a fifth week (a fifth Tuesday is no "nth Tuesday" every month);
    the ones before fall on the same weekday of the same week, a month apart.
    """
    ahead = next(
        today + timedelta(days=n)
        for n in range(6, 21)
        if (today + timedelta(days=n)).weekday() == weekday
        and (today + timedelta(days=n)).day <= 28
    )
    week = (ahead.day - 1) // 7
    days = [ahead]
    year, month = ahead.year, ahead.month
    for _ in range(held):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        first = date(year, month, 1)
        offset = (weekday - first.weekday()) % 7
        day = first + timedelta(days=offset + 7 * week)  # week <= 3: in the month
        days.append(day)
    return days[::-1]


class _SeriesLoader:
    """Holds one series' meetings in date order, each step through a service."""

    def __init__(self, series: Series, stage: Stage, cases: dict[str, Case]) -> None:
        self.series = series
        self.d, self.events, self.rng, self.today = stage
        self.cases = cases
        self.now = utcnow()
        self.actor = self.d.users[series.coordinator]
        self.case = cases[series.case] if series.case else None
        self.invitees = [self._person(who) for who in series.invitees]
        # Action items by title, for the follow-up items of later meetings.
        self.actions: dict[str, Task] = {}
        # Rows whose ``updated_at`` is set last: a later flush would restamp it.
        self.touched: list[tuple[Meeting | AgendaItem | Task, datetime]] = []

    def load(self) -> list[Meeting]:
        series = self.series
        days = series_days(self.today, series.weekday, len(series.held))
        meetings: list[Meeting] = []
        previous: Meeting | None = None
        for held, day in zip(series.held, days, strict=False):
            previous = self._hold(held, day, previous)
            meetings.append(previous)
        assert previous is not None
        meetings.append(self._schedule_next(previous, days[-1]))
        for row, when in self.touched:
            row.updated_at = when
        db.session.flush()
        return meetings

    # -- a meeting held ---------------------------------------------------

    def _hold(self, held: Held, day: date, previous: Meeting | None) -> Meeting:
        series = self.series
        starts = self._local(day, series.hour, series.minute)
        if previous is not None and previous.minutes_published_at is not None:
            # Made from the last one once its minutes were out.
            created = previous.minutes_published_at + timedelta(minutes=7)
        else:
            created = starts - timedelta(days=24, hours=2)
        meeting = schedule_meeting(
            self.actor,
            title=series.title,
            starts_at=starts,
            case=self.case,
            coalition=self.d.coalitions[series.coalition],
            invitees=self.invitees,
            previous=previous,
            duration_minutes=series.duration,
            location=series.location,
            video_link=series.video_link,
            repeats="monthly",
        )
        meeting.created_at = created
        self._stamp(created)

        items = []
        for spec in held.items:
            item = self._add_item(meeting, spec, starts, created)
            if item is not None:
                items.append((item, spec))

        self._attendance(meeting, held, starts)

        clock = starts + timedelta(minutes=5)
        for item, spec in items:
            clock += timedelta(minutes=spec.minutes)
            self._discuss(item, spec, day, clock)

        publish_minutes(self.actor, meeting)
        published = self._local(
            day + timedelta(days=1), 9, self.rng.randint(0, 50)
        ) + timedelta(minutes=self.rng.randint(0, 40))
        meeting.minutes_published_at = min(published, self.now - timedelta(hours=1))
        self.touched.append((meeting, meeting.minutes_published_at))
        return meeting

    def _add_item(
        self, meeting: Meeting, spec: Item, starts: datetime, created: datetime
    ) -> AgendaItem | None:
        case = self.cases[spec.case] if spec.case else None
        if case is not None and case.created_at > starts:
            return None  # not opened yet on this day
        task = carried_from = None
        title = spec.title
        if spec.follow_up:
            task = self.actions[spec.title]
            carried_from = task.agenda_item
            title = f"Follow up: {spec.title}"
        elif spec.task:
            task = self._case_task(case, spec.task)
            if task.created_at > starts:
                task = None  # not made yet on this day
        item = add_agenda_item(
            self.actor,
            meeting,
            title=title,
            case=case,
            task=task,
            presenter=self._person(spec.presenter),
            minutes=spec.minutes,
            carried_from=carried_from,
        )
        if carried_from is not None:
            item.created_at = created
        else:
            # Added on a working day in the week or so before the meeting.
            day = starts.date() - timedelta(days=self.rng.randint(2, 10))
            item.created_at = max(created, self._working_hours(day))
        return item

    def _attendance(self, meeting: Meeting, held: Held, starts: datetime) -> None:
        apologies = {self._person(who).id for who in held.apologies}
        absent = {self._person(who).id for who in held.absent}
        for item in meeting.items:
            if item.presenter_id in apologies | absent:
                raise ValueError(f"{item.title}: its presenter is not there")
        for person in self.invitees:
            status = (
                "apologies"
                if person.id in apologies
                else "absent"
                if person.id in absent
                else "present"
            )
            entry = record_attendance(self.actor, meeting, person, status=status)
            entry.recorded_at = starts + timedelta(minutes=self.rng.randint(0, 6))
        if held.walk_in is not None:
            walk_in = self._person(held.walk_in)
            entry = record_attendance(
                self.actor, meeting, walk_in, status="present", walk_in=True
            )
            entry.recorded_at = starts + timedelta(minutes=self.rng.randint(8, 20))

    def _discuss(
        self, item: AgendaItem, spec: Item, day: date, clock: datetime
    ) -> None:
        """Notes, decisions and action items, as the item ends at ``clock``."""
        if spec.notes:
            update_agenda_notes(
                self.actor,
                item,
                notes=text(spec.notes),
                expected_version=item.version,
            )
        for words in spec.decisions:
            decision = add_decision(self.actor, item, words)
            decision.created_at = clock
            self._stamp(clock)
        for action in spec.actions:
            due = day + timedelta(days=action.due)
            task = add_action_item(
                self.actor,
                item,
                title=action.title,
                assignee=self._person(action.assignee),
                organization=self.d.organization(action.organization),
                # As in the app, a new task cannot be due in the past; the
                # demo's older action items fell due while its story ran.
                due_on=due if due >= self.today else None,
            )
            task.due_on = due
            task.created_at = clock
            self._stamp(clock)
            self.actions[action.title] = task
            self._follow(task, action, day, clock)
        if spec.done:
            set_item_status(self.actor, item, "done")
        self.touched.append((item, clock))

    def _follow(
        self,
        task: Task,
        action: meeting_data.Action,
        day: date,
        made: datetime,
    ) -> None:
        """What became of an action item: finished on its day, or still going."""
        finished = (
            day + timedelta(days=action.done) if action.done is not None else None
        )
        last = made
        if finished is None or finished >= self.today:
            if action.status != TaskStatus.OPEN:
                last = max(self._working_hours(day + timedelta(days=1)), made)
                self._change(task, action.status, last)
        else:
            last = max(self._working_hours(finished), made + timedelta(hours=2))
            self._change(task, TaskStatus.DONE, last)
            task.completed_at = last
        self.touched.append((task, last))

    def _change(self, task: Task, status: str, when: datetime) -> None:
        actor = self.d.user_of_person.get(task.assignee_id or 0) or self.actor
        change_status(actor, task, status=status, expected_version=task.version)
        self._stamp(when)

    # -- the next meeting -------------------------------------------------

    def _schedule_next(self, last: Meeting, day: date) -> Meeting:
        """Made from the last meeting, as the coordinator does after it, with
        what is still open carried over; then a few new items."""
        series = self.series
        following = create_next_meeting(self.actor, last)
        starts = self._local(day, series.hour, series.minute)
        if following.starts_at != starts:
            # The service steps a month on in UTC; the partners meet at the
            # same local time across a daylight-saving change.
            update_meeting(
                self.actor,
                following,
                expected_version=following.version,
                starts_at=starts,
            )
        assert last.minutes_published_at is not None
        created = last.minutes_published_at + timedelta(minutes=7)
        following.created_at = created
        self.touched.append((following, created))
        self._stamp(created)
        for item in following.items:
            item.created_at = created
            self.touched.append((item, created))
        on_agenda = {item.task_id for item in following.items if item.task_id}
        for spec in series.upcoming:
            case = self.cases[spec.case] if spec.case else None
            task = self._case_task(case, spec.task) if spec.task else None
            if task is not None and task.id in on_agenda:
                continue
            item = add_agenda_item(
                self.actor,
                following,
                title=spec.title,
                case=case,
                task=task,
                presenter=self._person(spec.presenter),
                minutes=spec.minutes,
            )
            day = self.today - timedelta(days=self.rng.randint(1, 4))
            when = max(created, self._working_hours(day))
            item.created_at = when
            self.touched.append((item, when))
        return following

    # -- lookups and times ---------------------------------------------------

    def _person(self, who: Who) -> Person:
        person = self.d.person(who)
        if person is None:
            raise ValueError(f"{self.series.title}: nobody given")
        return person

    def _case_task(self, case: Case | None, title: str) -> Task:
        task = next((t for t in case.tasks if t.title == title), None) if case else None
        if task is None:
            raise LookupError(f"{self.series.title}: no task “{title}” on that case")
        return task

    def _local(self, day: date, hour: int, minute: int) -> datetime:
        """A local time of day (the app's time zone), as an aware UTC datetime."""
        local = datetime.combine(day, time(hour, minute), tzinfo=coalition_zone())
        return local.astimezone(UTC)

    def _working_hours(self, day: date) -> datetime:
        when = self._local(day, self.rng.randint(8, 16), self.rng.randint(0, 59))
        return min(when, self.now - timedelta(minutes=5))

    def _stamp(self, when: datetime) -> None:
        """Date the timeline lines the last step wrote."""
        for line in self.events:
            line.occurred_at = when
        self.events.clear()
