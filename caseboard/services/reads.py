"""Who opened which person's or case's page (``CASEBOARD_AUDIT_READS``).

CJIS and HMIS audits ask who looked at a person's record, not only who
changed it. A read is written after the response has been sent, in its own
short transaction on its own connection, so the page never waits for it and
a failure to record it never fails the page (it is logged). It is kept out
of the hash-chained audit trail: every page view appending to that chain
would serialise all readers behind one row.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseboard.extensions import db
from caseboard.models import RecordRead, User
from caseboard.queries.paging import paginate

log = logging.getLogger(__name__)


def recording() -> bool:
    """Whether this site records reads (``CASEBOARD_AUDIT_READS``)."""
    return bool(current_app.config.get("AUDIT_READS", False))


# The pages that show a personal record: endpoint -> (object type, URL arg).
READ_PAGES = {
    "people.show": ("person", "person_id"),
    "people.history": ("person", "person_id"),
    "cases.show": ("case", "case_id"),
    "cases.history": ("case", "case_id"),
    "cases.timeline": ("case", "case_id"),
}
OBJECT_TYPES = frozenset(kind for kind, _ in READ_PAGES.values())


def read_of(
    endpoint: str | None, view_args: dict[str, Any] | None
) -> tuple[str, int] | None:
    """(object type, id) of the record a page shows, or None."""
    page = READ_PAGES.get(endpoint or "")
    if page is None or not view_args or page[1] not in view_args:
        return None
    return page[0], int(view_args[page[1]])


def write_read(
    app: Flask, user_id: int, object_type: str, object_id: int, path: str
) -> None:
    """Store one read; called after the response, outside its request."""
    try:
        with app.app_context():
            db.session.add(
                RecordRead(
                    user_id=user_id,
                    object_type=object_type,
                    object_id=object_id,
                    path=path[:200],
                )
            )
            db.session.commit()
    except Exception:  # the page was served; losing the row must not crash
        log.exception("could not record a read of %s %s", object_type, object_id)


def reads_page(object_type: str, object_id: int, page: int) -> Pagination:
    """Reads of one record, newest first (for administrators)."""
    return paginate(
        select(RecordRead)
        .where(RecordRead.object_type == object_type, RecordRead.object_id == object_id)
        .options(joinedload(RecordRead.user).joinedload(User.person))
        .order_by(RecordRead.id.desc()),
        page,
    )
