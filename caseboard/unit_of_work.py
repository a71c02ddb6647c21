"""The request's unit of work: the one place a web request commits.

Services flush and never commit; views never commit either. A view says what
to attempt and the boundary decides::

    outcome = attempt(lambda: cases.create_case(current_user, ...), form=form)
    if outcome:
        return redirect(url_for(".show", case_id=outcome.value.id))
    return render_template("cases/form.html", form=form)

``attempt`` runs the work, then commits once. When a business rule refuses
(a ``ServiceError``) it rolls back and puts the message beside the form
field the error names, or flashes it when there is no form. When the save
lost a race (a version conflict or a unique index another request filled
first: ``LOST_RACES``) it rolls back and flashes a warning; a view that has
something better to show (the side-by-side comparison of an edit form, see
``caseboard.views.editing``) asks for no message and reads
``outcome.lost_race``.

After-commit work
-----------------
Work that must see the committed data, or must not happen at all when the
transaction fails (queueing a job, sending mail), is registered instead of
run::

    from caseboard.unit_of_work import after_commit

    after_commit(lambda: jobs.enqueue(JOB_NAME, viewer_id=viewer.id, ...))

The operations run, in order, right after the unit of work commits; a
rollback (a refusal, a lost race, an error page) drops them, and so does a
request that ends without committing. A failing operation is logged and does
not stop the others: the data is already committed, so the user's save
stands. Outside a request (the CLI, a job) ``UnitOfWork(db.session)`` gives
the same commit-then-run behaviour explicitly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, flash, g
from sqlalchemy.exc import IntegrityError

from caseboard.database import start_writing
from caseboard.extensions import db
from caseboard.forms.common import add_service_error
from caseboard.services.errors import CONFLICTS, ServiceError

# A save that lost a race: a stale version (ours or SQLAlchemy's), or a
# unique index that a request running at the same moment filled first.
LOST_RACES = (*CONFLICTS, IntegrityError)

DEFAULT_LOST_RACE = (
    "Someone changed this at the same moment; nothing was saved. Look again "
    "and repeat it if it is still needed."
)


class UnitOfWork:
    """A session's transaction plus the operations waiting for its commit."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self._after_commit: list[Callable[[], Any]] = []

    def after_commit(self, operation: Callable[[], Any]) -> None:
        """Run ``operation()`` once this unit of work has committed."""
        self._after_commit.append(operation)

    def commit(self) -> None:
        self.session.commit()
        operations, self._after_commit = self._after_commit, []
        for operation in operations:
            try:
                operation()
            except Exception:
                current_app.logger.exception("after-commit operation failed")

    def rollback(self) -> None:
        self._after_commit.clear()
        self.session.rollback()


def init_app(app: Flask) -> None:
    @app.teardown_request
    def forget_unit_of_work(_error: BaseException | None) -> None:
        # Operations of a request that never committed die with it, even
        # where the app context outlives the request (tests, the CLI).
        g.pop("unit_of_work", None)


def unit_of_work() -> UnitOfWork:
    """The current request's (or app context's) unit of work."""
    current = g.get("unit_of_work")
    if current is None:
        current = g.unit_of_work = UnitOfWork(db.session)
    return current


def after_commit(operation: Callable[[], Any]) -> None:
    """Register ``operation`` on the current unit of work (see the module)."""
    unit_of_work().after_commit(operation)


def abandon_request() -> None:
    """Roll back the request's work (error pages, a failed health check):
    nothing of it is saved, and its after-commit operations are dropped."""
    unit_of_work().rollback()


@dataclass
class Outcome:
    """What became of an attempt; true when it was committed."""

    value: Any = None
    refusal: ServiceError | None = None
    lost_race: Exception | None = None

    def __bool__(self) -> bool:
        return self.refusal is None and self.lost_race is None


def attempt(
    work: Callable[[], Any],
    *,
    form: Any = None,
    refused: str = "",
    lost_race: str | None = DEFAULT_LOST_RACE,
    keep_refused: bool = False,
) -> Outcome:
    """Run ``work()`` and commit; or roll back and say why.

    - A refusal (a ``ServiceError``) goes on ``form`` when one is given,
      else is flashed after the ``refused`` prefix.
      ``keep_refused`` commits even then: what the service recorded on its
      way to refusing (a counted wrong password) must stay.
    - A lost race is flashed as the ``lost_race`` warning (None: the caller
      shows its own).
    """
    uow = unit_of_work()
    try:
        value = work()
    except ServiceError as error:
        uow.commit() if keep_refused else uow.rollback()
        _show_refusal(error, form, refused)
        return Outcome(refusal=error)
    except LOST_RACES as error:
        return _lost(uow, error, lost_race)
    try:
        uow.commit()
    except LOST_RACES as error:
        # PostgreSQL can report a race only when the transaction ends.
        return _lost(uow, error, lost_race)
    return Outcome(value=value)


def _show_refusal(error: ServiceError, form: Any, prefix: str) -> None:
    if form is not None:
        add_service_error(form, error)
    else:
        flash(prefix + error.message, "error")


def _lost(uow: UnitOfWork, error: Exception, message: str | None) -> Outcome:
    uow.rollback()
    if message:
        flash(message, "warning")
    return Outcome(lost_race=error)


def write_during_read(work: Callable[[], Any]) -> Any:
    """For a read request that must write (an audited view of restricted
    notes): start a write transaction (see ``database.start_writing``), run
    ``work()`` and commit it, and give back what it returned.

    What the request loaded stays loaded across these commits: it wrote
    nothing else, and reloading every object the page then touches would cost
    a query per row."""
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = False
    try:
        start_writing(db.session)
        value = work()
        unit_of_work().commit()
    finally:
        session.expire_on_commit = expiring
    return value
