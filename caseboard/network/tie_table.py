"""The tie table computed from the contacts: for the pairs among some people
(``refresh``, run by ``tie_upkeep`` after every flush that changes contacts),
for everyone (``rebuild``), and compared (``differences``).

Declared relationships are read from their own indexed table
(``person_ties``), and a role change only changes which cases a viewer sees:
neither needs rows here. Rows are split by case, so the read sums only the
shares of cases the viewer may see (``caseboard.network.ties``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    Table,
    and_,
    delete,
    func,
    select,
    text,
    true,
    type_coerce,
)
from sqlalchemy.orm import aliased

from caseboard.clock import local_date
from caseboard.models import (
    Attendance,
    AttendanceStatus,
    Interaction,
    InteractionKind,
    InteractionParticipant,
    Meeting,
    TieMonth,
    TieShare,
)
from caseboard.network.ties import decayed, hazard

BATCH = 5000
# A contact's kind (member or value) as the value stored in a row.
KIND_VALUES: dict[str, str] = {kind.value: kind.value for kind in InteractionKind}

Row = tuple[int, int, str, date, int | None]  # person, person, kind, day, case
ShareKey = tuple[int, int, int | None, str]
MonthKey = tuple[int, int, int | None, date]


@dataclass
class Share:
    level: float
    contacts: int
    first_on: date
    last_on: date

    def add(self, kind: str, day: date) -> None:
        """O(1): the decaying sum moves its reference to the later day."""
        if day > self.last_on:
            self.level = decayed(kind, self.level, (day - self.last_on).days)
            self.last_on = day
        self.level += hazard(kind, (self.last_on - day).days)
        self.contacts += 1
        self.first_on = min(self.first_on, day)


class Tables:
    """Shares and month bits computed from contact rows."""

    def __init__(self) -> None:
        self.shares: dict[ShareKey, Share] = {}
        self.months: dict[MonthKey, int] = {}

    def add(self, x: int, y: int, kind: str, day: date, case_id: int | None) -> None:
        a, b = (x, y) if x < y else (y, x)
        key = (a, b, case_id, KIND_VALUES[kind])
        share = self.shares.get(key)
        if share is None:
            self.shares[key] = Share(hazard(kind, 0), 1, day, day)
        else:
            share.add(kind, day)
        month = (a, b, case_id, day.replace(day=1))
        self.months[month] = self.months.get(month, 0) | (1 << (day.day - 1))

    def share_rows(self, dates: Callable[[date], Any]) -> Iterator[tuple]:
        """Each share as a row in ``SHARE_COLUMNS`` order, its dates through
        ``dates`` (the form the driver takes)."""
        for (a, b, case_id, kind), share in self.shares.items():
            first, last = dates(share.first_on), dates(share.last_on)
            yield a, b, case_id, kind, share.level, share.contacts, first, last

    def month_rows(self, dates: Callable[[date], Any]) -> Iterator[tuple]:
        """Each month as a row in ``MONTH_COLUMNS`` order."""
        for (a, b, case_id, month), days in self.months.items():
            yield a, b, case_id, dates(month), days


PAIR_COLUMNS = ("person_a_id", "person_b_id", "case_id")
SHARE_COLUMNS = (*PAIR_COLUMNS, "kind", "level", "contacts", "first_on", "last_on")
MONTH_COLUMNS = (*PAIR_COLUMNS, "month", "days")


def _among(column_a, column_b, people: set[int] | None):
    if people is None:
        return true()
    return and_(column_a.in_(people), column_b.in_(people))


def _two_of(model: Any, group: str) -> tuple[Any, Any, ColumnElement[bool]]:
    """Two aliases of ``model`` and the condition pairing two of its rows in
    the same ``group`` (each pair once: the first the smaller person id)."""
    one, other = aliased(model), aliased(model)
    together = and_(
        getattr(other, group) == getattr(one, group), other.person_id > one.person_id
    )
    return one, other, together


def _contact_pairs(people: set[int] | None) -> Select[int, int, str, date, int | None]:
    """(person, person, kind, day, case) for every logged contact."""
    mine, theirs, together = _two_of(InteractionParticipant, "interaction_id")
    return (
        select(
            mine.person_id,
            theirs.person_id,
            # The stored value as it is: no enum made per contact.
            type_coerce(Interaction.kind, String()),
            Interaction.occurred_on,
            Interaction.case_id,
        )
        .join(theirs, together)
        .join(Interaction, Interaction.id == mine.interaction_id)
        .where(_among(mine.person_id, theirs.person_id, people))
    )


def _meeting_pairs(
    people: set[int] | None,
) -> Select[int, int, datetime, int | None]:
    """(person, person, start, case) for every meeting both attended."""
    here, there, together = _two_of(Attendance, "meeting_id")
    return (
        select(here.person_id, there.person_id, Meeting.starts_at, Meeting.case_id)
        .join(there, together)
        .join(Meeting, Meeting.id == here.meeting_id)
        .where(
            here.status == AttendanceStatus.PRESENT,
            there.status == AttendanceStatus.PRESENT,
        )
        .where(_among(here.person_id, there.person_id, people))
    )


def sources(connection: Connection, people: set[int] | None = None) -> Iterator[Row]:
    """(person, person, kind, day, case) for every logged contact and every
    meeting two people attended, with both people in ``people`` (None:
    everyone). Meetings in the future count too: the read leaves them out
    until their day."""
    for x, y, kind, day, case_id in connection.execute(_contact_pairs(people)):
        yield x, y, kind, day, case_id
    for x, y, starts_at, case_id in connection.execute(_meeting_pairs(people)):
        yield x, y, InteractionKind.MEETING.value, local_date(starts_at), case_id


def count_sources(connection: Connection) -> int:
    """How many rows ``sources`` yields for everyone (for a progress bar)."""
    return sum(
        connection.scalar(select(func.count()).select_from(pairs.subquery())) or 0
        for pairs in (_contact_pairs(None), _meeting_pairs(None))
    )


def compute(
    connection: Connection,
    people: set[int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Tables:
    """The rows for every pair among ``people`` (None: everyone), from the
    contacts; ``progress`` is told of each 10,000 contact pairs read."""
    tables = Tables()
    done = 0
    for row in sources(connection, people):
        tables.add(*row)
        done += 1
        if progress is not None and done % 10_000 == 0:
            progress(10_000)
    if progress is not None:
        progress(done % 10_000)
    return tables


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _write(connection: Connection, tables: Tables, ordered: bool = False) -> None:
    """Insert the rows of ``tables`` in batches straight through the driver:
    SQLAlchemy's per-value bind processing was half of a rebuild's time, and
    these values need none (ids, counts, levels, the kind's value, and dates —
    given to SQLite as the ISO text SQLAlchemy itself stores there)."""
    sqlite = connection.dialect.paramstyle == "qmark"
    dates: Callable[[date], Any] = date.isoformat if sqlite else _same
    shares: Iterable[tuple] = tables.share_rows(dates)
    months: Iterable[tuple] = tables.month_rows(dates)
    if ordered:  # by pair, then case: the order of the pair indexes
        shares, months = (
            sorted(shares, key=_pair_order),
            sorted(months, key=_pair_order),
        )
    for model, columns, rows in (
        (TieShare, SHARE_COLUMNS, shares),
        (TieMonth, MONTH_COLUMNS, months),
    ):
        marks = ", ".join("?" if sqlite else "%s" for _ in columns)
        sql = (
            f"INSERT INTO {_table(model).name} ({', '.join(columns)}) VALUES ({marks})"
        )
        for batch in _batches(rows):
            connection.exec_driver_sql(sql, batch)


def _pair_order(row: tuple) -> tuple:
    a, b, case_id, extra = row[0], row[1], row[2], row[3]
    return a, b, case_id or 0, extra


def _same(value: date) -> date:
    return value


def _batches(rows: Iterable[tuple]) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def refresh(connection: Connection, people: set[int]) -> None:
    """Recompute the rows of every pair among ``people``."""
    if len(people) < 2:
        return
    _serialize(connection, people)
    tables = compute(connection, people)
    for model in (TieShare, TieMonth):
        table = _table(model)
        connection.execute(
            delete(table).where(
                table.c.person_a_id.in_(people), table.c.person_b_id.in_(people)
            )
        )
    _write(connection, tables)


def _serialize(connection: Connection, people: set[int]) -> None:
    """On PostgreSQL, one transaction at a time refreshes a person's pairs:
    two contacts between the same people logged at once would otherwise each
    recompute the pair without the other's contact and both rows would stay.
    A transaction-scoped advisory lock per person, taken in id order (no
    deadlock between refreshes), until commit; the second transaction then
    reads the first one's contact. SQLite writers are one at a time already."""
    if connection.dialect.name != "postgresql":
        return
    connection.execute(
        text(
            "SELECT pg_advisory_xact_lock(18, person) FROM "
            "(SELECT unnest(CAST(:people AS integer[])) AS person ORDER BY 1) AS ids"
        ),
        {"people": sorted(people)},
    )


def rebuild(
    connection: Connection, progress: Callable[[int], None] | None = None
) -> Tables:
    """Empty the table and fill it from every contact; the computed rows.

    In bulk: the secondary indexes are dropped, the rows inserted in index
    order and the indexes built again from them, all in the caller's
    transaction (on PostgreSQL the tables are locked until it commits). At
    10,000 people and 300,000 contacts (1.2 million rows) keeping the indexes
    up to date row by row took most of the time.
    """
    tables = compute(connection, progress=progress)
    indexes = [
        index for model in (TieShare, TieMonth) for index in _table(model).indexes
    ]
    for index in indexes:
        index.drop(connection)
    for model in (TieShare, TieMonth):
        connection.execute(delete(_table(model)))
    _write(connection, tables, ordered=True)
    for index in indexes:
        index.create(connection)
    return tables


def stored(connection: Connection) -> Tables:
    """The table as it stands, in the shape ``compute`` returns."""
    tables = Tables()
    shares = select(
        TieShare.person_a_id,
        TieShare.person_b_id,
        TieShare.case_id,
        TieShare.kind,
        TieShare.level,
        TieShare.contacts,
        TieShare.first_on,
        TieShare.last_on,
    )
    # mypy unpacks SQLAlchemy 2.1's Row[*Ts] as objects: the types, spelled out.
    rows = cast(
        Iterable[tuple[int, int, int | None, str, float, int, date, date]],
        connection.execute(shares),
    )
    for a, b, case_id, kind, level, contacts, first_on, last_on in rows:
        key = (a, b, case_id, KIND_VALUES[kind])
        tables.shares[key] = Share(level, contacts, first_on, last_on)
    months = select(
        TieMonth.person_a_id,
        TieMonth.person_b_id,
        TieMonth.case_id,
        TieMonth.month,
        TieMonth.days,
    )
    month_rows = cast(
        Iterable[tuple[int, int, int | None, date, int]], connection.execute(months)
    )
    for a, b, case_id, month, days in month_rows:
        tables.months[(a, b, case_id, month)] = days
    return tables


def differences(left: Tables, right: Tables, limit: int = 10) -> list[str]:
    """What differs between two tables (levels to a relative 1e-9)."""
    found: list[str] = []
    for key in sorted(set(left.shares) | set(right.shares), key=repr):
        mine, theirs = left.shares.get(key), right.shares.get(key)
        same = (
            mine is not None
            and theirs is not None
            and (mine.contacts, mine.first_on, mine.last_on)
            == (theirs.contacts, theirs.first_on, theirs.last_on)
            and math.isclose(mine.level, theirs.level, rel_tol=1e-9, abs_tol=1e-12)
        )
        if not same:
            found.append(f"share {key}: {mine} != {theirs}")
    for month in sorted(set(left.months) | set(right.months), key=repr):
        if left.months.get(month) != right.months.get(month):
            found.append(
                f"month {month}: {left.months.get(month)} != {right.months.get(month)}"
            )
    return found[:limit]
