"""What every resource of the API does the same way: pages of a list with
``Link`` headers (RFC 8288), an ``ETag`` from an object's version, and
``If-Match`` required before an update (428 without it, 412 when stale:
nothing changes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from flask_sqlalchemy.pagination import Pagination
from marshmallow import Schema, fields, validate
from sqlalchemy import Select
from werkzeug.http import HTTP_STATUS_CODES

from caseboard.api.problems import stop
from caseboard.queries.paging import paginate
from caseboard.services.errors import ServiceError
from caseboard.unit_of_work import LOST_RACES, unit_of_work

PER_PAGE = 50
MOST_PER_PAGE = 200
# Documented on every operation: what any request may be answered.
COMMON_ERRORS = (400, 401, 403, 404, 422, 429)
UPDATE_ERRORS = (409, 412, 428)


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10**6))
    per_page = fields.Integer(
        load_default=PER_PAGE, validate=validate.Range(min=1, max=MOST_PER_PAGE)
    )


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict()
    report = fields.Dict()


def a_page(statement: Select, args: dict[str, Any]) -> Pagination:
    """One page of ``statement`` (which carries a stable order)."""
    return paginate(statement, args["page"], args["per_page"])


@dataclass
class ListPage:
    """A page of a list already in memory (computed, not queried), with the
    attributes ``page_links`` reads of a query's page."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return -(-self.total // self.per_page)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def page_links(page: Pagination | ListPage) -> dict[str, str]:
    """``Link`` (first, prev, next, last) and ``X-Total-Count`` for a page."""

    def link(number: int, rel: str) -> str:
        query: dict[str, Any] = {**request.args.to_dict(), **(request.view_args or {})}
        query.update(page=number, per_page=page.per_page)
        url = url_for(str(request.endpoint), **query)
        return f'<{url}>; rel="{rel}"'

    last = max(page.pages, 1)
    links = [link(1, "first"), link(last, "last")]
    if page.has_prev:
        links.append(link(page.page - 1, "prev"))
    if page.has_next:
        links.append(link(page.page + 1, "next"))
    return {"Link": ", ".join(links), "X-Total-Count": str(page.total)}


def etag_of(obj: Any) -> str:
    return f'"{type(obj).__tablename__}-{obj.id}-v{obj.version}"'


def with_etag(
    obj: Any, status: int = 200, body: Any = None
) -> tuple[Any, int, dict[str, str]]:
    """The answer ``obj`` (or ``body``, when the answer is built apart from
    it) with ``status`` and the ETag a later ``If-Match`` must carry."""
    return obj if body is None else body, status, {"ETag": etag_of(obj)}


def checked_version(obj: Any) -> int:
    """The version the client saw, proved by ``If-Match``: 428 without it,
    412 when the object changed since. Given to the service as the expected
    version, so a race after this check is still caught there."""
    sent = request.headers.get("If-Match", "")
    if not sent:
        stop(428, "Send If-Match with the ETag of the object you read.")
    if etag_of(obj) not in {part.strip() for part in sent.split(",")}:
        stop(412, "The object changed since you read it; read it again.")
    return obj.version


ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}
IF_MATCH = {
    "parameters": [
        {
            "in": "header",
            "name": "If-Match",
            "required": True,
            "description": "The ETag of the object as last read.",
            "schema": {"type": "string"},
        }
    ]
}


def headers_doc(*names: str) -> dict[str, Any]:
    return {name: {"schema": {"type": "string"}} for name in names}


def link_headers() -> dict[str, Any]:
    return headers_doc("Link", "X-Total-Count")


def save(work: Callable[[], Any]) -> Any:
    """The API's unit of work boundary: run the service call and commit; a
    refusal is a 422 naming the field, a lost race a 412; nothing is kept."""
    uow = unit_of_work()
    try:
        value = work()
        uow.commit()
    except ServiceError as error:
        uow.rollback()
        stop(422, error.message, errors={error.field or "json": [error.message]})
    except LOST_RACES:
        uow.rollback()
        stop(412, "Someone changed it at the same moment; read it again.")
    return value


def documented(
    blp: Any, *statuses: int, name: str | None = None
) -> Callable[[Any], Any]:
    """Document the problem answers an operation may give, and name the
    operation after its view (``get_task`` → ``getTask``; ``name`` for a
    method of a MethodView) for links."""

    def decorate(view: Any) -> Any:
        for status in statuses:
            view = blp.alt_response(
                status,
                schema=ProblemSchema,
                content_type="application/problem+json",
                description=HTTP_STATUS_CODES[status],
            )(view)
        return blp.doc(operationId=operation_id(name or view.__name__))(view)

    return decorate


def operation_id(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.title() for word in rest)


# The updates a link may lead to: they take the ETag the answer carried.
NEEDS_IF_MATCH = frozenset({"updateTask", "changeStatus", "moveStage"})
IF_MATCH_LINK = {"header.If-Match": "$response.header.ETag"}


def links(blp: Any, status: int, parameter: str, *operations: str) -> Any:
    """OpenAPI links from an answer to the operations that take its id as
    ``parameter`` (``createTask`` → ``getTask``): a client, or schemathesis'
    stateful phase, follows them with the id it was given."""
    found = {
        operation: {
            "operationId": operation,
            "parameters": {parameter: "$response.body#/id"}
            | (IF_MATCH_LINK if operation in NEEDS_IF_MATCH else {}),
        }
        for operation in operations
    }
    # Keyed as flask-smorest keys the response (an int), so the two merge.
    return blp.doc(responses={status: {"links": found}})


def stacked(*steps: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The decorators ``steps`` as one, the first outermost (as written)."""

    def decorate(view: Any) -> Any:
        for step in reversed(steps):
            view = step(view)
        return view

    return decorate


def list_operation(
    blp: Any, filters: type[Schema], schema: type[Schema], rule: str = ""
) -> Callable[[Any], Any]:
    """A paged list: GET ``rule`` taking ``filters`` and the page in the query
    string, answering ``schema`` items with Link and X-Total-Count."""
    query = type(f"{filters.__name__}Paged", (PageArgs, filters), {})
    return stacked(
        blp.get(rule),
        blp.arguments(query, location="query"),
        blp.response(200, schema(many=True), headers=link_headers()),
        documented(blp, *COMMON_ERRORS),
    )


def read_operation(
    blp: Any,
    rule: str | None,
    schema: Schema | type[Schema],
    etag: bool = False,
    name: str | None = None,
) -> Callable[[Any], Any]:
    """GET ``rule`` answering ``schema`` (with the object's ETag when
    ``etag``: an object a client may then update). ``rule`` None: the ``get``
    of a MethodView, routed by its class and named by ``name``."""
    steps = (
        blp.response(200, schema, headers=ETAG_HEADER if etag else None),
        documented(blp, *COMMON_ERRORS, name=name),
    )
    return stacked(*steps) if rule is None else stacked(blp.get(rule), *steps)


def create_operation(
    blp: Any,
    arguments: type[Schema],
    schema: type[Schema],
    link: tuple[str, ...],
    etag: bool = True,
) -> Callable[[Any], Any]:
    """POST to the list: a new object read from ``arguments``, answered 201 as
    ``schema`` (with its ETag when ``etag``) and linked to the operations
    ``link`` names (its parameter, then the operations; see ``links``)."""
    return post_operation(blp, "", arguments, 201, schema, etag, links(blp, 201, *link))


def post_operation(
    blp: Any,
    rule: str,
    arguments: type[Schema],
    status: int,
    schema: type[Schema],
    etag: bool = False,
    *docs: Callable[[Any], Any],
) -> Callable[[Any], Any]:
    """POST ``rule`` reading ``arguments``, answered ``status`` as ``schema``
    (with the object's ETag when ``etag``); ``docs`` add to its description."""
    return stacked(
        blp.post(rule),
        blp.arguments(arguments),
        blp.response(status, schema, headers=ETAG_HEADER if etag else None),
        *docs,
        documented(blp, *COMMON_ERRORS),
    )


def update_operation(
    blp: Any,
    arguments: type[Schema],
    status: int,
    schema: type[Schema],
    name: str | None = None,
) -> Callable[[Any], Any]:
    """An update read from ``arguments`` that needs ``If-Match`` (see
    ``checked_version``), answered ``status`` as ``schema`` with the new ETag;
    the route is the caller's (a rule, or a method of a MethodView)."""
    return stacked(
        blp.arguments(arguments),
        blp.response(status, schema, headers=ETAG_HEADER),
        blp.doc(**IF_MATCH),
        documented(blp, *COMMON_ERRORS, *UPDATE_ERRORS, name=name),
    )


def paged_list(
    items: list[Any], args: dict[str, Any], dump: Callable[[Any], Any]
) -> tuple[list[Any], int, dict[str, str]]:
    """One page of ``items`` (already in a stable order), as a list answer."""
    first = (args["page"] - 1) * args["per_page"]
    rows = items[first : first + args["per_page"]]
    page = ListPage(rows, args["page"], args["per_page"], len(items))
    return [dump(item) for item in rows], 200, page_links(page)


def paged(
    statement: Select, args: dict[str, Any], dump: Callable[[Any], Any] | None = None
) -> tuple[list[Any], int, dict[str, str]]:
    """One page of ``statement`` (ordered stably), as a list answer."""
    page = a_page(statement, args)
    items = [dump(item) for item in page.items] if dump else list(page.items)
    return items, 200, page_links(page)
