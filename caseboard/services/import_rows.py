"""The files an import reads: their kinds and columns, rows and cells, and
what each row will do (``Preview``). See ``services.imports`` for the steps."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from email_validator import EmailNotValidError, validate_email

from caseboard.clock import today
from caseboard.inputs import control_characters
from caseboard.models.choices import LabelledEnum
from caseboard.services.errors import ServiceError
from caseboard.words import with_article

KINDS = ("organizations", "people", "relationships", "interactions")


MAX_BYTES = 5 * 1024 * 1024


MAX_ROWS = 50_000


SEPARATOR = ";"  # between services, and between an interaction's participants


@dataclass(frozen=True)
class Columns:
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return self.required + self.optional


COLUMNS = {
    "organizations": Columns(
        ("name",),
        (
            "kind",
            "services",
            "description",
            "website",
            "phone",
            "email",
            "address",
            "coalition",
        ),
    ),
    "people": Columns(("name",), ("email", "organization", "title")),
    "relationships": Columns(("person_a", "person_b", "type"), ("since", "notes")),
    "interactions": Columns(("date", "type", "participants"), ("case", "notes")),
    # Imported from the case's Assessment tab and ``caseboard import measures``,
    # not from the import page (so not among ``KINDS``).
    "measures": Columns(("case", "measure", "area", "period", "value"), ("note",)),
}


class ImportFileError(ServiceError):
    """The file as a whole cannot be read: too big, not UTF-8, bad header."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "file")


class ImportRefused(ServiceError):
    """``apply`` found rows with errors, so it wrote nothing (the caller rolls
    back whatever the rows before a late refusal flushed)."""

    def __init__(self, preview: Preview) -> None:
        count = len(preview.errors)
        super().__init__(
            f"{count} row{'s' if count != 1 else ''} with errors, "
            "so nothing was imported.",
            "file",
        )
        self.preview = preview


class Action(LabelledEnum):
    CREATE = "create"
    SKIP = "skip", "Already there"
    ERROR = "error"


@dataclass
class RowResult:
    """What one row of the file will do. ``values`` are the row's parsed
    values, ready for the service that creates it."""

    number: int
    action: Action
    summary: str
    message: str = ""
    values: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Preview:
    kind: str
    rows: list[RowResult]
    ignored_columns: list[str] = field(default_factory=list)

    def _with(self, action: Action) -> list[RowResult]:
        return [row for row in self.rows if row.action is action]

    @property
    def to_create(self) -> list[RowResult]:
        return self._with(Action.CREATE)

    @property
    def skipped(self) -> list[RowResult]:
        return self._with(Action.SKIP)

    @property
    def errors(self) -> list[RowResult]:
        return self._with(Action.ERROR)

    @property
    def ok(self) -> bool:
        return not self.errors

    def shown(self, limit: int = 1000) -> list[RowResult]:
        """The rows a page shows: all of a short file; of a long one, its
        errors first, then as many other rows as fit, in file order."""
        if len(self.rows) <= limit:
            return self.rows
        others = [row for row in self.rows if row.action is not Action.ERROR]
        return sorted((self.errors + others)[:limit], key=lambda row: row.number)

    def summary(self) -> str:
        rows = len(self.rows)
        return (
            f"{rows} row{'s' if rows != 1 else ''}: {len(self.to_create)} to create, "
            f"{len(self.skipped)} already there, {len(self.errors)} with errors."
        )


def read_limited(stream: IO[bytes]) -> bytes:
    """Read an upload without holding more than the limit in memory."""
    data = stream.read(MAX_BYTES + 1)
    _check_size(data)
    return data


def _check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; "
            "split it into smaller files."
        )


def _column_name(header: str) -> str:
    """'Person A' and 'person-a' are the column ``person_a``."""
    return re.sub(r"[\s-]+", "_", header.strip().lower())


def quote(value: str, limit: int = 40) -> str:
    return f"“{value if len(value) <= limit else value[: limit - 1] + '…'}”"


class Row:
    """One data row's cells by column, and the problems found in it."""

    def __init__(self, number: int, cells: dict[str, str]) -> None:
        self.number = number
        self.cells = cells
        self.errors: list[str] = []
        for column, value in cells.items():
            if bad := control_characters(value, multiline=True):
                names = ", ".join(f"U+{ord(ch):04X}" for ch in bad)
                self.fail(column, f"contains a control character ({names})")

    @classmethod
    def malformed(cls, number: int, problem: str) -> Row:
        row = cls(number, {})
        row.errors.append(f"not a readable row ({problem}); nothing in it is used")
        return row

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def fail(self, column: str, problem: str) -> None:
        if not self.unreadable:  # its one message says it all
            self.errors.append(f"{column}: {problem}")

    def text(self, column: str, limit: int, *, required: bool = False) -> str:
        value = self.get(column)
        if required and not value:
            self.fail(column, "required, but empty")
        elif len(value) > limit:
            self.fail(
                column, f"{quote(value)} is {len(value)} characters; at most {limit}"
            )
        return value

    @property
    def unreadable(self) -> bool:
        return not self.cells and bool(self.errors)


def _decode(data: bytes) -> str:
    _check_size(data)
    try:
        return data.decode("utf-8-sig")  # with or without a byte order mark
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "The file is not UTF-8 text. In your spreadsheet, save it as "
            "“CSV UTF-8 (comma delimited)”."
        ) from error


def _records(text: str) -> Any:
    """(row number, cells or the reason the row cannot be read), header
    first. Strict parsing: an unclosed quote would otherwise swallow every
    line after it into one cell (and import them as one person's name); a
    stray character after a closing quote is refused rather than guessed."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0
    while True:
        number += 1
        try:
            yield number, next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problem = (
                "a quote is opened and never closed"
                if "unexpected end of data" in str(error)
                else str(error)
            )
            yield number, problem


def read_rows(kind: str, data: bytes) -> tuple[list[Row], list[str]]:
    """The file's non-blank data rows and the header columns it will not use."""
    records = _records(_decode(data))
    _, header = next(records, (1, None))
    if isinstance(header, str):
        raise ImportFileError(f"The first row is not readable CSV ({header}).")
    if not header or not any(cell.strip() for cell in header):
        raise ImportFileError(
            "The file is empty: the first row should name the columns."
        )
    positions = _positions(kind, header)
    rows = []
    for number, cells in records:
        if isinstance(cells, str):
            rows.append(Row.malformed(number, cells))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                f"The file has more than {MAX_ROWS:,} rows; "
                "split it into smaller files."
            )
        values = {
            column: cells[i].strip() if i < len(cells) else ""
            for column, i in positions.items()
        }
        rows.append(Row(number, values))
    ignored = [
        cell.strip()
        for cell in header
        if cell.strip() and _column_name(cell) not in COLUMNS[kind].names
    ]
    return rows, ignored


def _positions(kind: str, header: list[str]) -> dict[str, int]:
    columns = COLUMNS[kind]
    positions: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = _column_name(cell)
        if name not in columns.names:
            continue
        if name in positions:
            raise ImportFileError(f"The column “{name}” appears twice in the header.")
        positions[name] = i
    missing = [name for name in columns.required if name not in positions]
    if missing:
        raise ImportFileError(
            f"{with_article(kind + ' file').capitalize()} needs "
            f"{'these columns' if len(missing) > 1 else 'a column'}"
            f" in its first row: {', '.join(missing)} (it reads "
            f"{', '.join(columns.names)})."
        )
    return positions


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def normal(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


def choice(row: Row, column: str, enum: type[Any], default: Any = None) -> Any:
    """A member of ``enum`` named by its value or its label, in any case."""
    raw = row.get(column)
    if not raw:
        if default is None:
            row.fail(column, "required, but empty")
        return default
    wanted = normal(raw)
    for member in enum:
        if wanted in (normal(member.value), normal(member.label)):
            return member
    options = ", ".join(member.label.lower() for member in enum)
    row.fail(column, f"{quote(raw)} is not one of: {options}")
    return None


def date_cell(row: Row, column: str, *, required: bool) -> date | None:
    raw = row.get(column)
    if not raw:
        if required:
            row.fail(column, "required, but empty")
        return None
    try:
        if not ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        value = date.fromisoformat(raw)
    except ValueError:
        row.fail(column, f"{quote(raw)} is not a date in the form YYYY-MM-DD")
        return None
    if value > today():
        row.fail(column, f"{quote(raw)} is in the future")
        return None
    return value


def email_cell(row: Row, column: str) -> str | None:
    raw = row.text(column, 254)
    if not raw:
        return None
    try:
        validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        row.fail(column, f"{quote(raw)} is not an email address")
        return None
    return raw


def split_cell(value: str) -> list[str]:
    return list(
        dict.fromkeys(part.strip() for part in value.split(SEPARATOR) if part.strip())
    )


def row_result(
    row: Row, summary: str, *, exists: str | None, values: dict[str, Any]
) -> RowResult:
    if row.errors:
        return RowResult(row.number, Action.ERROR, summary, "; ".join(row.errors))
    if exists:
        return RowResult(row.number, Action.SKIP, summary, exists)
    return RowResult(row.number, Action.CREATE, summary, values=values)
