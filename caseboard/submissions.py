"""One-time submission keys: a create form posted twice creates once.

Each create form carries a hidden ``submission_key`` (the ``submission_key()``
macro in ``templates/_macros.html``). Before the view runs, the key's row is
inserted into the request's own transaction:

- the view commits: the key is stored with what it created; after the
  response the redirect's target is recorded on the row;
- the view rolls back or fails: the key is forgotten too, so a retry works;
- a second post of the key while the first is in flight waits (SQLite: on the
  write lock every posting transaction takes; PostgreSQL: on the unique
  index), then finds the row and is redirected where the first one went,
  creating nothing.

Posts without a key (scripts, older pages) behave as before. All of it lives
at the web boundary, so every route inherits it without a line in its view.
"""

from __future__ import annotations

import re
import secrets
import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    flash,
    g,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import delete, event, select, update
from sqlalchemy.exc import IntegrityError

from caseboard.extensions import db
from caseboard.models import Submission
from caseboard.models.base import utcnow
from caseboard.views import safe_next

FIELD = "submission_key"
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
# How long a repeat waits for the first post to record where it went (the
# gap between its commit and its response is milliseconds).
WAIT_SECONDS = 5.0
_POLL_SECONDS = 0.05
KEEP = timedelta(days=7)
PRUNE_EVERY = 200  # keys; the pruning rides with one create in that many


def new_key() -> str:
    return secrets.token_urlsafe(24)


def hidden_field() -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, new_key())


def _posted_key() -> str | None:
    if request.method != "POST" or not current_user.is_authenticated:
        return None
    key = request.form.get(FIELD, "")
    return key if _KEY.fullmatch(key) else None


def _find(key: str) -> Submission | None:
    return db.session.scalar(select(Submission).where(Submission.key == key))


def _try_insert(key: str, user_id: int) -> Submission | None:
    """Insert the key's row in a savepoint; None when it is already taken
    (a concurrent post committed it first)."""
    row = Submission(key=key, user_id=user_id)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None
    if row.id % PRUNE_EVERY == 0:
        # A form left open longer than this is sent as new: keys of old posts
        # are of no use, and the table would only grow.
        db.session.execute(
            delete(Submission).where(Submission.created_at < utcnow() - KEEP)
        )
    return row


def claim() -> ResponseReturnValue | None:
    """``before_request``: claim the posted key, or answer a repeat."""
    key = _posted_key()
    if key is None:
        return None
    user_id = current_user.id
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        row = _find(key)
        if row is None and (claimed := _try_insert(key, user_id)) is not None:
            g.submission_key, g.submission_row = key, claimed
            return None
        if row is not None and (row.location or time.monotonic() > deadline):
            return _repeat(row, user_id)
        # The first post is still on its way: let go of the write lock it
        # needs to record its answer, then look again.
        db.session.rollback()
        time.sleep(_POLL_SECONDS)


def _repeat(row: Submission, user_id: int) -> ResponseReturnValue:
    location = row.location if row.user_id == user_id else None
    db.session.rollback()
    flash("That form was already sent; nothing was added twice.", "info")
    return redirect(location or url_for("main.dashboard"), 303)


def _local_location(response: Response) -> str | None:
    if response.status_code in (301, 302, 303, 307, 308) and response.location:
        target = response.location
    else:
        target = request.referrer or ""
        parts = urlsplit(target)
        if parts.netloc and parts.netloc != request.host:
            return None
        target = parts.path + (f"?{parts.query}" if parts.query else "")
    target = safe_next(target, "")
    return target[:500] or None


def record_location(response: Response) -> Response:
    """``after_request``: remember where the first post was sent."""
    key, row = g.get("submission_key"), g.get("submission_row")
    if key is None or row is None:
        return response
    location = _local_location(response)
    if g.get("submission_committed"):
        db.session.execute(
            update(Submission).where(Submission.key == key).values(location=location)
        )
        db.session.commit()
    else:
        # Not committed (yet): the location rides with the commit that stores
        # the key, if one follows, or goes with its rollback.
        row.location = location
    return response


def forget_uncommitted(_error: BaseException | None) -> None:
    """``teardown_request``: a key whose request committed nothing is let go
    now, as the end of the app context would; a test or a CLI that keeps one
    context across requests would otherwise see it and take the retry for a
    repeat."""
    if g.pop("submission_key", None) and not g.pop("submission_committed", False):
        db.session.rollback()
    g.pop("submission_row", None)


def _note_commit(session: object) -> None:
    if has_request_context() and g.get("submission_key"):
        g.submission_committed = True


def init_app(app: Flask) -> None:
    app.jinja_env.globals["submission_key_field"] = hidden_field
    app.before_request(claim)
    app.after_request(record_location)
    app.teardown_request(forget_uncommitted)
    if not getattr(init_app, "listening", False):
        event.listen(db.session, "after_commit", _note_commit)
        init_app.listening = True  # type: ignore[attr-defined]  # once per process
