"""Visit rounds: the rounds of the caller's coalitions (in the chosen one),
one round with its stops — when each is due, overdue, and why it is
flagged — and a stop's visits. Everyone working in the coalition reads them
(``permissions_rounds``); another coalition's get 404."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema

from caseboard.api.conventions import list_operation, paged_list, read_operation
from caseboard.api.schemas.rounds import RoundDetailSchema, RoundSchema, VisitSchema
from caseboard.clock import today
from caseboard.loaders import load_round, load_stop
from caseboard.queries import rounds as queries
from caseboard.queries.rounds import StopStatus

blp = Blueprint(
    "api_rounds", __name__, url_prefix="/api/v1/rounds", description="Rounds"
)
STOP_FIELDS = (
    *("id", "round_id", "kind", "place", "latitude", "longitude"),
    *("organization_id", "person_id", "ideal_days", "max_days", "added_on"),
)
STATUS_FIELDS = ("last_visit", "days", "state", "due", "overdue", "flags")


class NoFilters(Schema):
    pass


def as_is(item: Any) -> Any:
    return item


def stop_body(status: StopStatus) -> dict[str, Any]:
    return {name: getattr(status.stop, name) for name in STOP_FIELDS} | {
        name: getattr(status, name) for name in STATUS_FIELDS
    }


@list_operation(blp, NoFilters, RoundSchema)
def list_rounds(args: dict[str, Any]):
    """Rounds by id."""
    rounds = sorted(queries.scoped_rounds(current_user), key=lambda r: r.id)
    return paged_list(rounds, args, as_is)


@read_operation(blp, "/<int:round_id>", RoundDetailSchema)
def get_round(round_id: int):
    """A round and its stops, most urgent first, each as of today."""
    round_ = load_round(round_id)
    statuses = queries.round_statuses(current_user, round_, today())
    return {
        **{name: getattr(round_, name) for name in RoundSchema().fields},
        "stops": [stop_body(status) for status in statuses],
    }


@list_operation(blp, NoFilters, VisitSchema, "/stops/<int:stop_id>/visits")
def list_visits(args: dict[str, Any], stop_id: int):
    """A stop's visits, latest first."""
    return paged_list(queries.visits_of(load_stop(stop_id)), args, as_is)
