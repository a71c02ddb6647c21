"""Cases and tasks for the three demo coalitions (the stories in ``case_data``).

Everything goes through the services, so roles, stage history, timeline and
audit trail are written exactly as the app writes them. The services stamp
"now"; each step is then moved back to the day its story says it happened
(timeline events, stage history, creation and completion times), so a case's
timeline reads in order over months. The audit trail keeps the real time of
loading: it records when rows were written, and they were written today.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from caseboard.extensions import db
from caseboard.models import Case, CaseResponse, CaseRole, Task, TaskStatus
from caseboard.services.cases import (
    add_comment,
    add_place,
    add_response,
    add_role,
    create_case,
    end_role,
    move_stage,
    save_sara_answers,
    set_response_status,
    update_case,
)
from caseboard.services.problem_types import ensure_default_problem_types
from caseboard.services.tasks import change_status, create_task

from . import case_data
from .case_data import Story
from .directory import Stage, playing, text

SEED = 20261122

# Steps of one day run in this order (a role before the task assigned under
# it, SARA notes before the move that leaves their stage).
CREATE, ROLE, PLACE, SARA, MOVE, RESPONSE, RESPONSE_STATUS = range(7)
TASK, TASK_STATUS, COMMENT, ROLE_END, CASE_STATUS = range(7, 12)


def load_cases(progress: bool = False) -> list[Case]:
    """Open the demo cases on the demo organizations and people."""
    ensure_default_problem_types()
    with playing(case_data.stories(), "Cases", SEED, progress) as (stage, stories):
        cases = [_StoryLoader(story, stage).load() for story in stories]
    db.session.flush()
    return cases


Step = tuple[int, int, int, Callable[[datetime], None]]


class _StoryLoader:
    """Plays one story's steps in date order, each through a service."""

    def __init__(self, story: Story, stage: Stage) -> None:
        self.story = story
        self.d, self.events, self.rng, self.today = stage
        self.coordinator = self.d.users[story.coordinator]
        self.case: Case
        self.clock: datetime | None = None
        self.tasks: dict[str, Task] = {}
        self.task_touched: dict[str, datetime] = {}
        self.responses: dict[str, CaseResponse] = {}
        self._steps: list[Step] = []

    def load(self) -> Case:
        self._plan()
        self._steps.sort(key=lambda step: (-step[0], step[1], step[2]))
        for ago, _order, _seq, action in self._steps:
            when = self._when(ago)
            action(when)
            self._stamp(when)
        # Last, so the flushes above (which stamp "now") cannot overwrite them.
        self.case.updated_at = self.clock or self.case.updated_at
        for title, task in self.tasks.items():
            task.updated_at = self.task_touched[title]
        db.session.flush()
        return self.case

    # -- the plan -------------------------------------------------------

    def _add(self, ago: int, order: int, action: Callable[[datetime], None]) -> None:
        if not 1 <= ago <= self.story.opened:
            raise ValueError(
                f"{self.story.title}: a step {ago} days ago falls outside the case "
                f"(opened {self.story.opened} days ago; nothing today)"
            )
        self._steps.append((ago, order, len(self._steps), action))

    def _plan(self) -> None:
        story = self.story
        self._add(story.opened, CREATE, self._create)
        for role in story.roles:
            self._plan_role(role)
        for place in story.more_places:
            self._add(place.added or story.opened, PLACE, self._place_adder(place))
        for sara in story.sara:
            self._add(sara.ago, SARA, self._sara_saver(sara.answers))
        for move in story.moves:
            self._add(move.ago, MOVE, self._mover(move))
        for response in story.responses:
            self._plan_response(response)
        titles = [task.title for task in story.tasks]
        if len(set(titles)) != len(titles):
            raise ValueError(f"{story.title}: two tasks share a title")
        for task in story.tasks:
            self._plan_task(task)
        for comment in story.comments:
            self._add(comment.ago, COMMENT, self._commenter(comment))
        if story.status:
            status, ago = story.status.status, story.status.ago
            self._add(ago, CASE_STATUS, self._status_setter(status, ago))

    def _plan_role(self, spec: case_data.Role) -> None:
        holder: dict[str, CaseRole] = {}

        def add(when: datetime) -> None:
            role = add_role(
                self.coordinator,
                self.case,
                role=spec.role,
                organization=self.d.organization(spec.organization),
                person=self.d.person(spec.person),
                started_on=self._day(spec.started or self.story.opened),
                note=spec.note,
            )
            role.created_at = when
            holder["role"] = role

        def end(when: datetime) -> None:
            end_role(self.coordinator, holder["role"], self._day(spec.ended or 0))

        self._add(spec.started or self.story.opened, ROLE, add)
        if spec.ended is not None:
            self._add(spec.ended, ROLE_END, end)

    def _plan_response(self, spec: case_data.Response) -> None:
        def add(when: datetime) -> None:
            response = add_response(
                self.coordinator,
                self.case,
                description=text(spec.description),
                partner_organization=self.d.organization(spec.partner),
            )
            response.created_at = when
            self.responses[spec.key] = response

        def set_status(when: datetime, status: str) -> None:
            set_response_status(self.coordinator, self.responses[spec.key], status)

        self._add(spec.ago, RESPONSE, add)
        self._plan_history(
            spec.description, spec.ago, spec.history, RESPONSE_STATUS, set_status
        )

    def _plan_task(self, spec: case_data.Task) -> None:
        if spec.due is not None and spec.due < -spec.created:
            raise ValueError(f"{spec.title}: due before it was created")

        def create(when: datetime) -> None:
            due = self._day(-spec.due) if spec.due is not None else None
            task = create_task(
                self.coordinator,
                self.case,
                title=spec.title,
                description=text(spec.description),
                assignee=self.d.person(spec.assignee),
                organization=self.d.organization(spec.organization),
                # create_task refuses a due date in the past, as it should for
                # a user. The demo needs tasks that fell due while its stories
                # ran (the overdue ones above all), so a past date is set on
                # the row right after the service has created the task.
                due_on=due if due is None or due >= self.today else None,
                priority=spec.priority,
                response=self.responses[spec.response] if spec.response else None,
            )
            if due is not None and due < self.today:
                task.due_on = due
            task.created_at = when
            self.tasks[spec.title] = task
            self.task_touched[spec.title] = when

        def change(when: datetime, status: str) -> None:
            task = self.tasks[spec.title]
            actor = self.d.user_of_person.get(task.assignee_id or 0)
            change_status(
                actor or self.coordinator,
                task,
                status=status,
                expected_version=task.version,
            )
            if status == TaskStatus.DONE:
                task.completed_at = when
            self.task_touched[spec.title] = when

        self._add(spec.created, TASK, create)
        self._plan_history(spec.title, spec.created, spec.history, TASK_STATUS, change)

    def _plan_history(
        self,
        what: str,
        since: int,
        history: Sequence[case_data.Change],
        order: int,
        apply: Callable[[datetime, str], None],
    ) -> None:
        """Each later status of ``what`` on its day; the data lists them
        oldest first, none before ``since`` (days ago)."""
        previous = since
        for change in history:
            if change.ago > previous:
                raise ValueError(f"{what}: history out of order")
            previous = change.ago

            def step(when: datetime, status: str = change.status) -> None:
                apply(when, status)

            self._add(change.ago, order, step)

    # -- the steps --------------------------------------------------------

    def _create(self, when: datetime) -> None:
        story = self.story
        place = story.place
        links: dict[str, Any] = {}
        for field, name in story.controller_links().items():
            if field.endswith("_person"):
                links[f"{field}_id"] = self.d.person(name).id  # type: ignore[union-attr]  # person() answers None only for no name at all
            else:
                links[f"{field}_id"] = self.d.organizations[name].id  # type: ignore[index]  # an organization link is always a name (a str)
        triangle = {side: text(words) for side, words in story.triangle_sides().items()}
        self.case = create_case(
            self.coordinator,
            title=story.title,
            problem_type=self.d.problem_types[story.problem_type],
            lead_organization=self.d.organizations[story.lead],
            coalition=self.d.coalitions[story.coalition],
            coordinator=self.coordinator,
            place_name=place.name,
            place_address=place.address,
            latitude=place.latitude,
            longitude=place.longitude,
            beat=place.beat,
            problem_statement=text(story.problem_statement),
            goals=text(story.goals),
            priority=story.priority,
            visibility=story.visibility,
            opened_on=self._day(story.opened),
            **triangle,
            **links,
        )
        self.case.created_at = when
        self.case.stage_changes[0].moved_at = when
        self.case.roles[0].created_at = when

    def _place_adder(self, place: case_data.Place) -> Callable[[datetime], None]:
        def add(when: datetime) -> None:
            add_place(
                self.coordinator,
                self.case,
                name=place.name,
                address=place.address,
                latitude=place.latitude,
                longitude=place.longitude,
                beat=place.beat,
            )

        return add

    def _sara_saver(self, answers: dict[str, str]) -> Callable[[datetime], None]:
        def save(when: datetime) -> None:
            save_sara_answers(
                self.coordinator,
                self.case,
                expected_version=self.case.version,
                answers={key: text(words) for key, words in answers.items()},
            )

        return save

    def _mover(self, move: case_data.Move) -> Callable[[datetime], None]:
        def run(when: datetime) -> None:
            actor = self.d.users[move.by] if move.by else self.coordinator
            change = move_stage(
                actor,
                self.case,
                to_stage=move.to_stage,
                reason=text(move.reason),
                expected_version=self.case.version,
            )
            change.moved_at = when

        return run

    def _commenter(self, spec: case_data.Comment) -> Callable[[datetime], None]:
        def run(when: datetime) -> None:
            comment = add_comment(
                self.d.users[spec.by],
                self.case,
                text(spec.body),
                task=self.tasks[spec.task] if spec.task else None,
            )
            comment.created_at = when
            if spec.task:
                self.task_touched[spec.task] = when

        return run

    def _status_setter(self, status: str, ago: int) -> Callable[[datetime], None]:
        def run(when: datetime) -> None:
            fields: dict[str, Any] = {"status": status}
            if status == "closed":
                fields["closed_on"] = self._day(ago)
            update_case(
                self.coordinator,
                self.case,
                expected_version=self.case.version,
                **fields,
            )

        return run

    # -- dates ----------------------------------------------------------

    def _day(self, ago: int) -> date:
        return self.today - timedelta(days=ago)

    def _when(self, ago: int) -> datetime:
        """A working-hours time on that day, after the story's previous step."""
        hour, minute = self.rng.randint(8, 17), self.rng.randint(0, 59)
        when = datetime.combine(self._day(ago), time(hour, minute), tzinfo=UTC)
        if self.clock is not None and when <= self.clock:
            when = self.clock + timedelta(minutes=self.rng.randint(3, 25))
        self.clock = when
        return when

    def _stamp(self, when: datetime) -> None:
        """Date the timeline lines the last step wrote."""
        for line in self.events:
            line.occurred_at = when
        self.events.clear()
