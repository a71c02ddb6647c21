"""Importing organizations, people, relationships and interactions from CSV.

Coalitions start from spreadsheets. An import has two steps, so nothing is
written before someone has seen what will happen:

- ``preview`` reads the file and says, row by row, what it would do: create,
  skip (already recorded), or refuse with the column and the bad value;
- ``apply`` does it for every row or for none: it plans again (the data may
  have changed since the preview) and refuses the whole file when any row has
  an error.

Matching makes a second import of the same file change nothing:
organizations by case-insensitive name; people by email, else by exact name;
relationships by their pair and type while active; interactions by date,
type, the same set of participants and case. Existing records are never
updated. Row numbers are a spreadsheet's: the header is row 1.

Every write goes through the usual services, so each created record is on the
audit trail under the importing user (None from the command line). Like every
service, ``apply`` flushes and never commits.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import secrets
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, or_, select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.inputs import control_characters
from caseboard.models import (
    Case,
    Interaction,
    InteractionKind,
    InteractionParticipant,
    Organization,
    OrganizationKind,
    Person,
    PersonTie,
    TieKind,
    User,
)
from caseboard.permissions import visible_cases, visible_organizations, visible_people
from caseboard.services.audit import record
from caseboard.services.contacts import declare_tie, log_interaction
from caseboard.services.errors import ServiceError
from caseboard.services.organizations import create_organization
from caseboard.services.people import create_person

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
        ("kind", "services", "description", "website", "phone", "email", "address"),
    ),
    "people": Columns(("name",), ("email", "organization", "title")),
    "relationships": Columns(("person_a", "person_b", "type"), ("since", "notes")),
    "interactions": Columns(("date", "type", "participants"), ("case", "notes")),
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


class Action(StrEnum):
    CREATE = "create"
    SKIP = "skip"
    ERROR = "error"

    @property
    def label(self) -> str:
        return {"create": "Create", "skip": "Already there", "error": "Error"}[self]


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


# Reading the file -----------------------------------------------------------


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


def _quote(value: str, limit: int = 40) -> str:
    return f"“{value if len(value) <= limit else value[: limit - 1] + '…'}”"


class _Row:
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
    def malformed(cls, number: int, problem: str) -> _Row:
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
                column, f"{_quote(value)} is {len(value)} characters; at most {limit}"
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


def _read(kind: str, data: bytes) -> tuple[list[_Row], list[str]]:
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
            rows.append(_Row.malformed(number, cells))
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
        rows.append(_Row(number, values))
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
            f"A {kind} file needs {'these columns' if len(missing) > 1 else 'a column'}"
            f" in its first row: {', '.join(missing)} (it reads "
            f"{', '.join(columns.names)})."
        )
    return positions


# Parsing cells ---------------------------------------------------------------

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _normal(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text.strip().lower())


def _choice(row: _Row, column: str, enum: type[Any], default: Any = None) -> Any:
    """A member of ``enum`` named by its value or its label, in any case."""
    raw = row.get(column)
    if not raw:
        if default is None:
            row.fail(column, "required, but empty")
        return default
    wanted = _normal(raw)
    for member in enum:
        if wanted in (_normal(member.value), _normal(member.label)):
            return member
    options = ", ".join(member.label.lower() for member in enum)
    row.fail(column, f"{_quote(raw)} is not one of: {options}")
    return None


def _date(row: _Row, column: str, *, required: bool) -> date | None:
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
        row.fail(column, f"{_quote(raw)} is not a date in the form YYYY-MM-DD")
        return None
    if value > today():
        row.fail(column, f"{_quote(raw)} is in the future")
        return None
    return value


def _email(row: _Row, column: str) -> str | None:
    raw = row.text(column, 254)
    if not raw:
        return None
    try:
        validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        row.fail(column, f"{_quote(raw)} is not an email address")
        return None
    return raw


def _split(value: str) -> list[str]:
    return list(
        dict.fromkeys(part.strip() for part in value.split(SEPARATOR) if part.strip())
    )


def _result(
    row: _Row, summary: str, *, exists: str | None, values: dict[str, Any]
) -> RowResult:
    if row.errors:
        return RowResult(row.number, Action.ERROR, summary, "; ".join(row.errors))
    if exists:
        return RowResult(row.number, Action.SKIP, summary, exists)
    return RowResult(row.number, Action.CREATE, summary, values=values)


# What is already recorded ------------------------------------------------------
# Loaded once per file, so thousands of rows cost a few queries, not one each.


def _visible(
    query_for: Callable[[User], Select[Any]], actor: User | None, *columns: Any
) -> list[Any]:
    """``columns`` of what the actor may see (everything from the command line)."""
    query = (
        select(*columns)
        if actor is None
        else query_for(actor).with_only_columns(*columns)
    )
    return list(db.session.execute(query).all())


def _organizations(actor: User | None) -> dict[str, tuple[int, str]]:
    """Case-insensitive name → (id, name as recorded)."""
    rows = _visible(visible_organizations, actor, Organization.id, Organization.name)
    return {name.lower(): (id_, name) for id_, name in rows}


class _People:
    """Recorded people, found by email (case-insensitive) or exact name."""

    def __init__(self, actor: User | None) -> None:
        self.by_email: dict[str, list[int]] = defaultdict(list)
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.without_email: set[int] = set()
        rows = _visible(
            visible_people, actor, Person.id, Person.full_name, Person.email
        )
        for id_, name, email in rows:
            if email:
                self.by_email[email.strip().lower()].append(id_)
            else:
                self.without_email.add(id_)
            self.by_name[name].append(id_)

    def find(self, row: _Row, column: str, reference: str) -> int | None:
        """The one person ``reference`` names: by email if it is one, else by
        exact name; a row error when no one or several people match."""
        if "@" in reference:
            found = self.by_email.get(reference.lower(), [])
            who, fix = f"with the email {_quote(reference)}", "tidy them up first"
        else:
            found = self.by_name.get(reference, [])
            who, fix = f"named {_quote(reference)}", "use their email instead"
        if not found:
            row.fail(column, f"no one {who} is recorded (import people first)")
            return None
        if len(found) > 1:
            row.fail(column, f"{len(found)} people are {who}; {fix}")
            return None
        return found[0]


# Planning each kind ------------------------------------------------------------


def _plan_organizations(rows: list[_Row], actor: User | None) -> list[RowResult]:
    known = {
        key: f"already recorded as {name}"
        for key, (_, name) in _organizations(actor).items()
    }
    results = []
    for row in rows:
        name = row.text("name", 200, required=True)
        kind = _choice(row, "kind", OrganizationKind, default=OrganizationKind.OTHER)
        services = _split(row.get("services"))
        for service in services:
            if len(service) > 200:
                row.fail("services", f"{_quote(service)} is longer than 200 characters")
        values = {
            "name": name,
            "kind": kind,
            "services": services,
            "description": row.text("description", 5000),
            "website": row.text("website", 300) or None,
            "phone": row.text("phone", 50) or None,
            "email": _email(row, "email"),
            "address": row.text("address", 300) or None,
        }
        summary = f"{name} ({kind.label})" if kind else name
        exists = known.get(name.lower())
        results.append(_result(row, summary, exists=exists, values=values))
        if results[-1].action is Action.CREATE:
            known[name.lower()] = f"same name as row {row.number}"
    return results


def _plan_people(rows: list[_Row], actor: User | None) -> list[RowResult]:
    people = _People(actor)
    organizations = _organizations(actor)
    seen_emails: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    seen_names_without_email: dict[str, int] = {}
    results = []
    for row in rows:
        name = row.text("name", 200, required=True)
        email = _email(row, "email")
        organization_name = row.text("organization", 200)
        title = row.text("title", 200)
        organization_id = None
        if organization_name:
            found = organizations.get(organization_name.lower())
            if found is None:
                row.fail(
                    "organization",
                    f"no organization named {_quote(organization_name)} is recorded; "
                    "import or add it first",
                )
            else:
                organization_id, organization_name = found
        elif title:
            row.fail("title", f"{_quote(title)} is given without an organization")
        exists = None
        if email:
            key = email.lower()
            if people.by_email.get(key):
                exists = "already recorded with this email"
            elif any(p in people.without_email for p in people.by_name.get(name, [])):
                exists = "already recorded under this name, without an email"
            elif key in seen_emails:
                exists = f"same email as row {seen_emails[key]}"
            elif name in seen_names_without_email:
                exists = f"same name as row {seen_names_without_email[name]}"
        elif people.by_name.get(name):
            exists = "already recorded under this name"
        elif name in seen_names:
            exists = f"same name as row {seen_names[name]}"
        values = {
            "full_name": name,
            "email": email,
            "organization_id": organization_id,
            "title": title,
        }
        job = ", ".join(part for part in (organization_name, title) if part)
        summary = " · ".join(part for part in (name, email, job) if part)
        results.append(_result(row, summary, exists=exists, values=values))
        if results[-1].action is Action.CREATE:
            seen_names.setdefault(name, row.number)
            if email:
                seen_emails[email.lower()] = row.number
            else:
                seen_names_without_email.setdefault(name, row.number)
    return results


def _plan_relationships(rows: list[_Row], actor: User | None) -> list[RowResult]:
    people = _People(actor)
    active = select(PersonTie.person_a_id, PersonTie.person_b_id, PersonTie.kind).where(
        or_(PersonTie.until.is_(None), PersonTie.until > today())
    )
    known = {tuple(key): "already recorded" for key in db.session.execute(active)}
    results = []
    for row in rows:
        references = {
            column: row.text(column, 254, required=True)
            for column in ("person_a", "person_b")
        }
        a, b = (
            people.find(row, column, reference) if reference else None
            for column, reference in references.items()
        )
        kind = _choice(row, "type", TieKind)
        since = _date(row, "since", required=False)
        notes = row.text("notes", 500)
        if a is not None and a == b:
            row.fail("person_b", "is the same person as person_a")
        label = kind.label if kind else row.get("type")
        summary = f"{references['person_a']} – {references['person_b']}: {label}"
        key = (min(a, b), max(a, b), str(kind)) if a and b and kind else None
        values = {
            "person_id": a,
            "other_id": b,
            "kind": kind,
            "since": since,
            "notes": notes,
        }
        results.append(_result(row, summary, exists=known.get(key), values=values))
        if results[-1].action is Action.CREATE:
            known[key] = f"same relationship as row {row.number}"
    return results


def _plan_interactions(rows: list[_Row], actor: User | None) -> list[RowResult]:
    people = _People(actor)
    cases: dict[str, list[int]] = defaultdict(list)
    for id_, title in _visible(visible_cases, actor, Case.id, Case.title):
        cases[title].append(id_)
    planned = []
    for row in rows:
        occurred_on = _date(row, "date", required=True)
        kind = _choice(row, "type", InteractionKind)
        references = _split(row.get("participants"))
        before = len(row.errors)
        found = [people.find(row, "participants", ref) for ref in references]
        participants = {person_id for person_id in found if person_id is not None}
        if not references:
            row.fail("participants", "required, but empty")
        elif len(row.errors) == before and len(participants) < 2:
            row.fail(
                "participants",
                f"{_quote(row.get('participants'))} names fewer than two different "
                f"people (separate them with “{SEPARATOR}”)",
            )
        case_title = row.text("case", 200)
        case_id = None
        if case_title:
            matches = cases.get(case_title, [])
            if not matches:
                row.fail("case", f"no case titled {_quote(case_title)} is recorded")
            elif len(matches) > 1:
                row.fail(
                    "case", f"{len(matches)} cases are titled {_quote(case_title)}"
                )
            else:
                case_id = matches[0]
        values = {
            "occurred_on": occurred_on,
            "kind": kind,
            "people_ids": sorted(participants),
            "case_id": case_id,
            "notes": row.text("notes", 2000),
        }
        summary = " ".join(
            part
            for part in (
                row.get("date"),
                kind.label if kind else row.get("type"),
                "with " + ", ".join(references) if references else "",
                f"({case_title})" if case_title else "",
            )
            if part
        )
        planned.append((row, summary, values))
    known = _recorded_interactions(
        [values["occurred_on"] for _, _, values in planned if values["occurred_on"]]
    )
    results = []
    for row, summary, values in planned:
        key = (
            values["occurred_on"],
            str(values["kind"]),
            frozenset(values["people_ids"]),
            values["case_id"],
        )
        results.append(_result(row, summary, exists=known.get(key), values=values))
        if results[-1].action is Action.CREATE:
            known[key] = f"same contact as row {row.number}"
    return results


def _recorded_interactions(dates: list[date]) -> dict[tuple[Any, ...], str]:
    """Interactions between the file's first and last date, keyed like a row."""
    if not dates:
        return {}
    query = (
        select(
            Interaction.id,
            Interaction.occurred_on,
            Interaction.kind,
            Interaction.case_id,
            InteractionParticipant.person_id,
        )
        .join(Interaction.participants)
        .where(Interaction.occurred_on.between(min(dates), max(dates)))
    )
    found: dict[int, tuple[date, str, int | None, set[int]]] = {}
    for id_, occurred_on, kind, case_id, person_id in db.session.execute(query):
        found.setdefault(id_, (occurred_on, kind, case_id, set()))[3].add(person_id)
    return {
        (occurred_on, kind, frozenset(people), case_id): "already recorded"
        for occurred_on, kind, case_id, people in found.values()
    }


PLANNERS = {
    "organizations": _plan_organizations,
    "people": _plan_people,
    "relationships": _plan_relationships,
    "interactions": _plan_interactions,
}


# Writing -------------------------------------------------------------------------


def _write_organization(actor: User | None, values: dict[str, Any]) -> None:
    create_organization(actor, **values)


def _write_person(actor: User | None, values: dict[str, Any]) -> None:
    values = dict(values)
    organization_id = values.pop("organization_id")
    organization = (
        db.session.get(Organization, organization_id) if organization_id else None
    )
    create_person(actor, organization=organization, **values)


def _write_relationship(actor: User | None, values: dict[str, Any]) -> None:
    declare_tie(
        actor,
        db.session.get_one(Person, values["person_id"]),
        db.session.get_one(Person, values["other_id"]),
        kind=values["kind"],
        since=values["since"],
        notes=values["notes"],
    )


def _write_interaction(actor: User | None, values: dict[str, Any]) -> None:
    case_id = values["case_id"]
    log_interaction(
        actor,
        occurred_on=values["occurred_on"],
        kind=values["kind"],
        people=[db.session.get_one(Person, id_) for id_ in values["people_ids"]],
        case=db.session.get_one(Case, case_id) if case_id else None,
        notes=values["notes"],
    )


WRITERS = {
    "organizations": _write_organization,
    "people": _write_person,
    "relationships": _write_relationship,
    "interactions": _write_interaction,
}


# The two steps ---------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ImportFileError(
            f"Cannot import “{kind}”; choose one of {', '.join(KINDS)}."
        )


def preview(kind: str, data: bytes, actor: User | None) -> Preview:
    """What importing ``data`` as ``kind`` would do, row by row; writes nothing.

    Raises ``ImportFileError`` when the file as a whole cannot be read."""
    _check_kind(kind)
    rows, ignored = _read(kind, data)
    return Preview(kind, PLANNERS[kind](rows, actor), ignored)


def apply(
    kind: str,
    data: bytes,
    actor: User | None,
    on_row: Callable[[], None] | None = None,
) -> Preview:
    """Create every new row of the file through the services, or none.

    Plans again first and raises ``ImportRefused`` (having written nothing)
    when any row has an error. Should a service still refuse a row, it raises
    ``ImportRefused`` too, and the caller's rollback undoes the rows before.
    ``on_row`` is called once per row, for a progress bar."""
    result = preview(kind, data, actor)
    if not result.ok:
        raise ImportRefused(result)
    write = WRITERS[kind]
    for row in result.rows:
        if row.action is Action.CREATE:
            try:
                write(actor, row.values)
            except ServiceError as error:
                row.action, row.message = Action.ERROR, error.message
                raise ImportRefused(result) from error
        if on_row is not None:
            on_row()
    # The import itself, besides an event per created record: the file's
    # digest ties the trail to the spreadsheet someone kept.
    record(
        actor,
        "import",
        None,
        {
            "kind": [None, kind],
            "created": [None, len(result.to_create)],
            "skipped": [None, len(result.skipped)],
            "file_sha256": [None, hashlib.sha256(data).hexdigest()],
        },
        label=f"Import of {kind}",
        object_type="imports",
    )
    db.session.flush()
    return result


# Holding an upload between the preview and the confirmation -------------------
# On the server, named by an unguessable token: the file is too big for the
# cookie session, and the user should not have to choose it twice.

HOLD_SECONDS = 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def hold_upload(folder: Path, *, kind: str, data: bytes, user_id: int) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    _forget_old_uploads(folder)
    token = secrets.token_urlsafe(24)
    held = {"kind": kind, "user_id": user_id, "text": data.decode("utf-8-sig")}
    fd = os.open(folder / f"{token}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(held, handle)
    return token


def held_upload(folder: Path, token: str, user_id: int) -> tuple[str, bytes] | None:
    """The kind and content held under ``token``, if this user uploaded it
    and it has not expired; else None."""
    path = _held_path(folder, token)
    if path is None or time.time() - _mtime(path) > HOLD_SECONDS:
        return None
    try:
        held = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if held.get("user_id") != user_id or held.get("kind") not in KINDS:
        return None
    return held["kind"], held["text"].encode("utf-8")


def drop_upload(folder: Path, token: str) -> None:
    path = _held_path(folder, token)
    if path is not None:
        path.unlink(missing_ok=True)


def _held_path(folder: Path, token: str) -> Path | None:
    return folder / f"{token}.json" if TOKEN.fullmatch(token or "") else None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _forget_old_uploads(folder: Path) -> None:
    for path in folder.glob("*.json"):
        if time.time() - _mtime(path) > HOLD_SECONDS:
            path.unlink(missing_ok=True)
