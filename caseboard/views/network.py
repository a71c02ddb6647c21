from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from caseboard.clock import today
from caseboard.forms import choices as options
from caseboard.forms.common import first_error
from caseboard.forms.network import HandoverForm
from caseboard.loaders import (
    load_case,
    load_coalition,
    load_organization,
    load_person,
)
from caseboard.models import Case, TieKind
from caseboard.network import brokering, drawing, queries
from caseboard.network.communities import community_lists
from caseboard.network.coverage import case_coverage
from caseboard.network.explain import METRIC_MEANINGS
from caseboard.network.exports import FORMATS, export
from caseboard.network.graph import Scope, filter_problems
from caseboard.network.introductions import warm_introduction
from caseboard.network.neighbourhood import analyse_scope, is_neighbourhood
from caseboard.permissions import can_plan_handover, require
from caseboard.queries.paging import id_or_none
from caseboard.services import handovers
from caseboard.services.audit import record
from caseboard.unit_of_work import attempt, write_during_read
from caseboard.views import attachment, require_login, try_again_later

bp = Blueprint("network", __name__, url_prefix="/network")
bp.before_request(require_login)


def _scope_from_args():
    """The scope in the query string, the case it is about (if any) and its
    subject; ids the viewer may not see are 404."""
    scope = Scope.from_args(request.args)
    if scope.object_id is None:  # the whole coalition: nothing to load
        return scope, None, None
    if scope.kind == "case":
        case = load_case(scope.object_id, (selectinload(Case.roles),))
        return scope, case, None
    if scope.kind == "organization":
        return scope, None, load_organization(scope.object_id)
    if scope.kind == "person":
        return scope, None, load_person(scope.object_id)
    if scope.kind == "coalition":
        return scope, None, load_coalition(scope.object_id)
    return scope, None, None


@bp.route("")
def index():
    scope, case, subject = _scope_from_args()
    analysis = analyse_scope(current_user, scope, case)
    return render_template(
        "network/index.html",
        coverage=(
            case_coverage(case, analysis.built.graph)
            if case is not None and analysis.built is not None and analysis.ready
            else None
        ),
        key_people=_key_people(scope, analysis),
        filter_problems=filter_problems(request.args),
        community_lists=community_lists(analysis.report.metrics)
        if analysis.report is not None
        else [],
        scope=scope,
        case=case,
        subject=subject,
        analysis=analysis,
        built=analysis.built,
        report=analysis.report,
        meanings=METRIC_MEANINGS,
        data_url=_with_query(url_for(".data")),
        status_url=_with_query(url_for(".status")),
        tie_kinds=list(TieKind),
        **_filter_choices(),
    )


def _key_people(scope, analysis) -> set[int]:
    """The role holders the "going cold" list looks for: of a neighbourhood,
    only its people are read."""
    if analysis.ready and is_neighbourhood(scope):
        return queries.key_role_holders(current_user, set(analysis.built.graph))
    return queries.key_role_holders(current_user)


@bp.route("/status")
def status():
    """The background computation's state, polled by the page while it waits;
    tells htmx to reload the page once the figures are ready."""
    scope, case, _ = _scope_from_args()
    analysis = analyse_scope(current_user, scope, case)
    page = render_template("network/_status.html", analysis=analysis, polling=True)
    return page, {"HX-Refresh": "true"} if analysis.fresh else {}


def _filter_choices() -> dict:
    """The scope selects' choices, or — where there are too many — the
    type-ahead search each uses instead."""
    pickers = {
        kind: options.picker_url(current_user, kind)
        for kind in ("cases", "organizations", "people")
    }
    return {
        "pickers": pickers,
        "case_choices": None
        if pickers["cases"]
        else options.open_case_choices(current_user),
        "organization_choices": None
        if pickers["organizations"]
        else options.organization_choices(current_user),
        "person_choices": None
        if pickers["people"]
        else options.people_choices(current_user),
    }


def _with_query(url: str) -> str:
    """``url`` with this request's whole query string (repeated keys kept)."""
    query = request.query_string.decode()
    return f"{url}?{query}" if query else url


def _analysis_or_503():
    """The analysis for the request's scope (the JSON and the exports carry
    no network over time); 503 with a retry hint while the background job
    has not produced any result yet."""
    scope, case, _ = _scope_from_args()
    analysis = analyse_scope(current_user, scope, case, with_history=False)
    if not analysis.ready:
        try_again_later(
            "The figures for this view are being computed; try again shortly.", 10
        )
    return scope, analysis


@bp.route("/data.json")
def data():
    scope, analysis = _analysis_or_503()
    drawn = drawing.for_drawing(analysis.built.graph)
    roles = queries.roles_on_open_cases(current_user, set(drawn.nodes))
    return drawing.as_json(scope, analysis, drawn, roles)


@bp.route("/export.<fmt>")
def download(fmt: str):
    if fmt not in FORMATS:
        abort(404)
    _, analysis = _analysis_or_503()
    write_during_read(lambda: _record_export(fmt, analysis))
    graph, metrics = analysis.built.graph, analysis.report.metrics
    return attachment(export(graph, fmt, metrics), FORMATS[fmt], f"network.{fmt}")


def _record_export(fmt: str, analysis) -> None:
    record(
        current_user,
        "export",
        None,
        {
            "format": [None, fmt],
            "scope": [None, request.query_string.decode()[:300]],
            "people": [None, analysis.built.graph.number_of_nodes()],
        },
        label=f"Network export ({fmt})",
        object_type="network",
    )


def _what_if_subject():
    """The person of a what-if, and the case it was asked from (if any): the
    answer and its handover tasks keep to that case."""
    person = load_person(id_or_none(request.args.get("person")) or abort(404))
    case_id = id_or_none(request.args.get("case"))
    return person, load_case(case_id) if case_id else None


def _what_if_url(person, case) -> str:
    return url_for(".what_if", person=person.id, case=case.id if case else None)


@bp.route("/what-if")
def what_if():
    """What the coalition loses if this person leaves (transfer, retirement)."""
    person, case = _what_if_subject()
    result, names, analysis = queries.what_if(current_user, person, case)
    planned = handovers.plan(result, person, names) if result else []
    return render_template(
        "network/what_if.html",
        person=person,
        case=case,
        result=result,
        names=names,
        analysis=analysis,
        planned=planned,
        editable_case_ids=queries.editable_case_ids(
            current_user, {item.case_id for item in planned}
        ),
        form=HandoverForm(due_on=today() + timedelta(days=14)),
    )


@bp.route("/what-if/handover", methods=["POST"])
def handover():
    """Turn the what-if into tasks on the cases that would lose a link."""
    person, case = _what_if_subject()
    require(can_plan_handover(current_user))
    form = HandoverForm()
    result, names, _ = queries.what_if(current_user, person, case)
    if not form.validate() or result is None:
        flash(first_error(form) or "The network is still being computed.", "error")
        return redirect(_what_if_url(person, case))
    planned = handovers.plan(result, person, names)
    outcome = attempt(
        lambda: handovers.create_handover_tasks(current_user, planned, form.due_on.data)
    )
    if outcome:
        created, skipped = outcome.value
        flash(_handover_message(created, skipped), "info" if created else "warning")
    return redirect(_what_if_url(person, case))


def _handover_message(created: list, skipped: list) -> str:
    made = f"{len(created)} handover task{'s' if len(created) != 1 else ''} created"
    if not skipped:
        return made + "."
    return (
        f"{made}; {len(skipped)} left out because the same open task is already "
        "on the case or you may not edit the case."
    )


@bp.route("/introduction")
def introduction():
    """The warmest chain of ties from one person to another, and who to ask."""
    start = load_person(id_or_none(request.args.get("from")) or abort(404))
    goal = load_person(id_or_none(request.args.get("to")) or abort(404))
    graph, analysis = queries.coalition_graph(current_user)
    path = None
    both = graph is not None and start.id in graph and goal.id in graph
    if graph is not None and both and start.id != goal.id:
        path = warm_introduction(graph, start.id, goal.id)
    return render_template(
        "network/introduction.html",
        start=start,
        goal=goal,
        path=path,
        analysis=analysis,
    )


@bp.route("/brokers")
def brokers():
    """Who ties one group to another: two organizations, kinds or coalitions."""
    page = brokering.page(current_user, request.args)
    return render_template("network/brokers.html", **page)
