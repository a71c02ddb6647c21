"""Bulk writing for the generator: Core ``INSERT`` in batches, ids handed out
here so children can name their parents before anything is written.

The ORM would spend most of the time building objects and the audit trail
would double the rows; neither is wanted for made-up data (see ``generate``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from sqlalchemy import Table, func, insert, select, text

from caseboard.extensions import db
from caseboard.models import Base

BATCH = 5000


class Bar(Protocol):
    def update(self, n_steps: int) -> None: ...


# Called like ``click.progressbar(length=..., label=...)``: the CLI passes
# that very function, so the command shows click's bars and tests show none.
ProgressFactory = Callable[..., AbstractContextManager[Bar]]


class _NoBar:
    def update(self, n_steps: int) -> None:
        pass


@contextmanager
def no_progress(length: int, label: str = "") -> Iterator[Bar]:
    yield _NoBar()


def table_of(model: Any) -> Table:
    return model.__table__ if hasattr(model, "__table__") else model


class Writer:
    """Buffers rows per table and inserts them parents first."""

    def __init__(self, progress: ProgressFactory | None = None) -> None:
        self.progress = progress or no_progress
        self.counts: Counter[str] = Counter()
        self._buffers: dict[Table, list[dict[str, Any]]] = {}
        self._next_ids: dict[Table, int] = {}
        self._order = {t: n for n, t in enumerate(Base.metadata.sorted_tables)}

    def new_id(self, model: Any) -> int:
        """The id the next row of ``model`` will get (ids are ours, not the
        database's, so a task can point at its case before either is written)."""
        table = table_of(model)
        if table not in self._next_ids:
            highest = db.session.scalar(select(func.max(table.c.id)))
            self._next_ids[table] = (highest or 0) + 1
        value = self._next_ids[table]
        self._next_ids[table] = value + 1
        return value

    def add(self, model: Any, row: dict[str, Any]) -> None:
        table = table_of(model)
        rows = self._buffers.setdefault(table, [])
        rows.append(row)
        if len(rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write every buffered row, parent tables first.

        Within one step the metadata's order holds; a step whose rows point
        the other way (tasks naming agenda items) runs after the step that
        wrote those parents.
        """
        for table in sorted(self._buffers, key=self._order.__getitem__):
            rows = self._buffers[table]
            if rows:
                db.session.execute(insert(table), rows)
                self.counts[table.name] += len(rows)
                rows.clear()

    @contextmanager
    def step(self, label: str, length: int) -> Iterator[Bar]:
        """A progress bar for one step; its rows are all written at the end."""
        with self.progress(length=length, label=f"{label:<14}") as bar:
            yield bar
            self.flush()

    def finish(self) -> None:
        """Flush, and on PostgreSQL move each id sequence past our ids."""
        self.flush()
        if db.session.get_bind().dialect.name != "postgresql":
            return  # SQLite takes the next id from the table itself
        for table in self._next_ids:
            db.session.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                    f'(SELECT max(id) FROM "{table.name}"))'
                ),
                {"table": table.name},
            )
