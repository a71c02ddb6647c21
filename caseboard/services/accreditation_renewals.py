"""Accreditation's periodic work: renewal tasks for sign-offs coming up for
renewal, and the "accredited venues" count written as a measure's data point.

Both run as the system (the CLI, a periodic job); neither commits. Both go
to the case a scheme is tracked on; a scheme without one is skipped and
counted, so the command can say so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    AccreditationScheme,
    AccreditationStandard,
    AccreditationStep,
    Area,
    Direction,
    Establishment,
    EventKind,
    Measure,
    MeasureKind,
    Period,
    RenewalTask,
    Task,
)
from caseboard.models.accreditation import (
    Decal,
    EstablishmentStatus,
    establishment_status,
)
from caseboard.services.audit import record
from caseboard.services.measures import Cell, create_measure, save_grid
from caseboard.services.timeline import record_event

AGENCY, MANAGER = "agency", "manager"
MEASURE_NAME = "Accredited venues"


@dataclass
class RenewalRun:
    due: int = 0  # sign-offs expiring within the window
    created: int = 0  # tasks made this run
    schemes_without_case: list[str] = field(default_factory=list)


def schemes() -> list[AccreditationScheme]:
    """Every scheme, with all an establishment's status needs."""
    return list(
        db.session.scalars(
            select(AccreditationScheme)
            .order_by(AccreditationScheme.id)
            .options(
                selectinload(AccreditationScheme.case),
                selectinload(AccreditationScheme.standards).selectinload(
                    AccreditationStandard.agency
                ),
                selectinload(AccreditationScheme.establishments).options(
                    selectinload(Establishment.organization),
                    selectinload(Establishment.manager),
                    selectinload(Establishment.steps),
                ),
            )
        )
    )


def statuses_of(scheme: AccreditationScheme, on: date) -> list[EstablishmentStatus]:
    return [establishment_status(e, on) for e in scheme.establishments]


def _due(status: EstablishmentStatus, on: date, within_days: int):
    """The current sign-offs of an establishment ending within the window."""
    last_day = on + timedelta(days=within_days)
    for row in status.rows:
        signed = row.sign_off
        ends = row.expires_on
        if row.standing.is_current and signed and ends and ends <= last_day:
            yield row.standard, signed


def _made(steps: Iterable[AccreditationStep]) -> set[tuple[int, str]]:
    ids = [s.id for s in steps]
    if not ids:
        return set()
    rows = db.session.execute(
        select(RenewalTask.step_id, RenewalTask.recipient).where(
            RenewalTask.step_id.in_(ids)
        )
    )
    return {(step_id, recipient) for step_id, recipient in rows}


def _task(
    scheme: AccreditationScheme,
    venue: Establishment,
    standard: AccreditationStandard,
    signed: AccreditationStep,
    recipient: str,
) -> Task:
    assert scheme.case is not None and signed.expires_on is not None
    for_agency = recipient == AGENCY
    task = Task(
        case=scheme.case,
        title=f"Renew “{standard.title}” at {venue.organization.name}"[:200],
        description=(
            f"The sign-off by {standard.agency.name} lapses on "
            f"{signed.expires_on.isoformat()}. Evidence needed: "
            f"{standard.evidence or 'as before'}."
        ),
        organization_id=standard.agency_id if for_agency else venue.organization_id,
        assignee_id=None if for_agency else venue.manager_id,
        due_on=signed.expires_on - timedelta(days=1),
    )
    db.session.add(task)
    db.session.add(RenewalTask(step_id=signed.id, recipient=recipient, task=task))
    record(None, "create", task, label=task.title)
    record_event(
        None,
        scheme.case,
        EventKind.TASK_CREATED,
        f"Created the task “{task.title}”",
        task=task,
    )
    return task


def create_renewal_tasks(
    within_days: int | None = None,
    on: date | None = None,
    advance: Callable[[int], object] = lambda n: None,
) -> RenewalRun:
    """A task for the signing agency and one for the establishment's manager
    (when one is named) for every current sign-off lapsing within
    ``within_days`` (default: each scheme's renewal window). Run it again
    and it makes none twice. ``advance(n)`` reports progress per scheme."""
    on = on or today()
    run = RenewalRun()
    for scheme in schemes():
        window = scheme.renewal_window_days if within_days is None else within_days
        due = [
            (venue.establishment, standard, signed)
            for venue in statuses_of(scheme, on)
            for standard, signed in _due(venue, on, window)
        ]
        run.due += len(due)
        if due and scheme.case is None:
            run.schemes_without_case.append(scheme.name)
        elif due:
            made = _made(signed for _, _, signed in due)
            for venue, standard, signed in due:
                for recipient in (AGENCY, MANAGER):
                    if (signed.id, recipient) in made:
                        continue
                    if recipient == MANAGER and venue.manager_id is None:
                        continue
                    _task(scheme, venue, standard, signed, recipient)
                    run.created += 1
        advance(1)
    return run


def accredited_count(scheme: AccreditationScheme, on: date) -> int:
    return sum(s.decal is Decal.ACCREDITED for s in statuses_of(scheme, on))


def _measure(scheme: AccreditationScheme) -> Measure:
    assert scheme.case is not None
    found = db.session.scalars(
        select(Measure).where(
            Measure.case_id == scheme.case.id, Measure.name == MEASURE_NAME
        )
    ).first()
    return found or create_measure(
        None,
        scheme.case,
        name=MEASURE_NAME,
        kind=MeasureKind.COUNT,
        unit="venues",
        direction=Direction.UP,
        period=Period.MONTH,
        source=f"Caseboard: {scheme.name}",
        notes="Establishments accredited on the day it was recorded.",
    )


def record_accredited_venues(
    scheme: AccreditationScheme, on: date | None = None
) -> Measure | None:
    """Write the count of accredited establishments on ``on`` as the target
    area's data point of the month it falls in (the month's point is
    replaced by a later run); None when the scheme has no case."""
    if scheme.case is None:
        return None
    on = on or today()
    measure = _measure(scheme)
    month = on.replace(day=1)
    point = next(
        (
            p
            for p in measure.points
            if p.area == Area.TARGET and p.period_start == month
        ),
        None,
    )
    cell = Cell(
        area=Area.TARGET,
        period_start=month,
        value=float(accredited_count(scheme, on)),
        version=point.version if point else None,
        note=f"Counted on {on.isoformat()}",
    )
    save_grid(None, measure, [cell])  # type: ignore[arg-type]  # the system
    return measure


JOB_NAME = "accreditation renewals"


def renewal_job(within_days: int | None = None) -> None:
    """The periodic job (enqueue ``JOB_NAME``; ``caseboard worker`` runs it):
    renewal tasks, then today's accredited-venues points. A job is its own
    unit of work, so it commits, as the CLI does."""
    create_renewal_tasks(within_days)
    for scheme in schemes():
        record_accredited_venues(scheme)
    db.session.commit()
