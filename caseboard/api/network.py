"""The relationship network: ties from the maintained tie table, and a
scope's metrics as last computed — never computed while the request waits
(202 and a Location to poll while nothing is stored)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import jsonify, make_response, request
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload

from caseboard.api.conventions import (
    COMMON_ERRORS,
    ListPage,
    PageArgs,
    documented,
    headers_doc,
    link_headers,
    list_operation,
    page_links,
)
from caseboard.api.schemas.network import (
    ComputingSchema,
    NetworkMetricsSchema,
    ScopeArgs,
    TieFilters,
    TieSchema,
)
from caseboard.loaders import (
    load_case,
    load_coalition,
    load_organization,
    load_person,
)
from caseboard.models import Case
from caseboard.network.graph import Scope
from caseboard.network.reading import stored_network, tie_page

blp = Blueprint("api_network", __name__, url_prefix="/api/v1", description="Network")
RETRY_AFTER_SECONDS = 10


def scope_of(args: dict[str, Any]) -> tuple[Scope, Case | None]:
    """The scope the query names, its object loaded (404 when hidden)."""
    case = None
    if "case" in args:
        case = load_case(args["case"], (selectinload(Case.roles),))
        return Scope(kind="case", object_id=case.id), case
    loaders: dict[str, Callable[[int], Any]] = {
        "person": load_person,
        "organization": load_organization,
        "coalition": load_coalition,
    }
    for kind, load in loaders.items():
        if kind in args:
            return Scope(kind=kind, object_id=load(args[kind]).id), None
    return Scope(), None


@list_operation(blp, TieFilters, TieSchema, "/ties")
def list_ties(args: dict[str, Any]):
    """Today's ties, strongest first: a person's, or among a scope's people,
    counting only contacts the caller may know of."""
    scope, case = scope_of(args)
    wanted = args["min_strength"], args["page"], args["per_page"]
    found, total = tie_page(current_user, scope, case, *wanted)
    page = ListPage(found, args["page"], args["per_page"], total)
    return [tie_body(tie) for tie in found], 200, page_links(page)


def tie_body(tie: Any) -> dict[str, Any]:
    return {
        "a": tie.a,
        "b": tie.b,
        "strength": round(tie.strength, 4),
        "state": tie.state(),
        "last_contact": tie.last_contact,
        "contacts": tie.contacts,
        "declared": sorted(tie.declared),
    }


# The metrics come a page of people at a time (Link, X-Total-Count), with
# the whole result's points of failure and tie count on every page.
MetricsArgs = type("MetricsArgs", (PageArgs, ScopeArgs), {})


@blp.get("/network")
@blp.arguments(MetricsArgs, location="query")
@blp.response(200, NetworkMetricsSchema, headers=link_headers())
@blp.alt_response(
    202,
    schema=ComputingSchema,
    description="Being computed; nothing stored yet",
    headers=headers_doc("Location", "Retry-After"),
)
@documented(blp, *COMMON_ERRORS)
def get_metrics(args: dict[str, Any]):
    """The scope's metrics per person as last computed (a page of people,
    by id), with their age."""
    scope, _ = scope_of(args)
    found = stored_network(current_user, scope, args["page"], args["per_page"])
    if found.people is None or found.computed_at is None:
        body = ComputingSchema().dump(found)
        headers = {"Location": request.full_path.rstrip("?")}
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return make_response(jsonify(body), 202, headers)
    age = (datetime.now(UTC) - found.computed_at).total_seconds()
    page = ListPage(found.people, args["page"], args["per_page"], found.total)
    body = {**vars(found), "age_seconds": max(int(age), 0)}
    return body, 200, page_links(page)
