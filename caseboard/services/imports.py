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

import json
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import current_app

from caseboard.extensions import db
from caseboard.models import (
    Case,
    Coalition,
    Organization,
    Person,
    User,
)
from caseboard.services.audit import record_import
from caseboard.services.coalitions import add_organization
from caseboard.services.contacts import declare_tie, log_interaction
from caseboard.services.errors import ServiceError
from caseboard.services.import_plans import PLANNERS
from caseboard.services.import_rows import (
    KINDS,
    Action,
    ImportFileError,
    ImportRefused,
    Preview,
    read_rows,
)
from caseboard.services.organizations import create_organization
from caseboard.services.people import create_person

# Writing -------------------------------------------------------------------------


def _write_organization(actor: User | None, values: dict[str, Any]) -> None:
    values = dict(values)
    coalition_id = values.pop("coalition_id", None)
    organization = create_organization(actor, **values)
    if coalition_id is not None and not any(
        m.coalition_id == coalition_id for m in organization.coalition_memberships
    ):
        coalition = db.session.get_one(Coalition, coalition_id)
        add_organization(actor, coalition, organization)


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
    rows, ignored = read_rows(kind, data)
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
    counts = {
        "kind": kind,
        "created": len(result.to_create),
        "skipped": len(result.skipped),
    }
    record_import(actor, data, counts, f"Import of {kind}")
    return result


# Holding an upload between the preview and the confirmation -------------------
# On the server, named by an unguessable token: the file is too big for the
# cookie session, and the user should not have to choose it twice.

HOLD_SECONDS = 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def holding_area() -> Path:
    """Where an upload waits between its preview and its import."""
    return Path(current_app.instance_path) / "imports"


def hold_upload(folder: Path, *, kind: str, data: bytes, user_id: int) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    _forget_old_uploads(folder)
    token = secrets.token_urlsafe(24)
    held = {"kind": kind, "user_id": user_id, "text": data.decode("utf-8-sig")}
    fd = os.open(folder / f"{token}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(held, handle)
    return token


def held_upload(
    folder: Path, token: str, user_id: int, kinds: tuple[str, ...] = KINDS
) -> tuple[str, bytes] | None:
    """The kind (one of ``kinds``) and content held under ``token``, if this
    user uploaded it and it has not expired; else None."""
    path = _held_path(folder, token)
    if path is None or time.time() - _mtime(path) > HOLD_SECONDS:
        return None
    try:
        held = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if held.get("user_id") != user_id or held.get("kind") not in kinds:
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
