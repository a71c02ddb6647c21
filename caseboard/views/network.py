from datetime import timedelta
from itertools import combinations

import networkx as nx
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseboard.clock import today
from caseboard.database import start_writing
from caseboard.extensions import db
from caseboard.forms.common import first_error
from caseboard.forms.network import HandoverForm
from caseboard.inputs import parse_date, parse_float, parse_int
from caseboard.loaders import load_case, load_organization, load_person
from caseboard.models import Case, CaseRole, CaseStatus, TieKind, User
from caseboard.network import analysis as analysis_module
from caseboard.network.coverage import case_coverage
from caseboard.network.drawing import for_drawing
from caseboard.network.exports import FORMATS, export
from caseboard.network.graph import Scope
from caseboard.network.snapshots import analyse
from caseboard.permissions import (
    can_edit_case,
    can_plan_handover,
    require,
    visible_cases,
)
from caseboard.services import choices as options
from caseboard.services import handovers
from caseboard.services.audit import record
from caseboard.services.paging import id_or_none
from caseboard.views import require_login

bp = Blueprint("network", __name__, url_prefix="/network")
bp.before_request(require_login)


def _scope_from_args():  # type: ignore[no-untyped-def]
    """The scope and filters in the query string; unknown values are ignored,
    ids the viewer may not see are 404."""
    args = request.args
    case = organization = person = None
    if case_id := id_or_none(args.get("case")):
        case = load_case(case_id, (selectinload(Case.roles),))
    elif org_id := id_or_none(args.get("org")):
        organization = load_organization(org_id)
    elif person_id := id_or_none(args.get("person")):
        person = load_person(person_id)
    radius = parse_int(args.get("radius"), 1, 1, 3)
    min_strength = parse_float(args.get("min"), 0.0, 0.0, 1.0)
    as_of = parse_date(args.get("as_of"))
    kind, object_id = "coalition", None
    if case is not None:
        kind, object_id = "case", case.id
    elif organization is not None:
        kind, object_id = "organization", organization.id
    elif person is not None:
        kind, object_id = "person", person.id
    scope = Scope(
        kind=kind,
        object_id=object_id,
        radius=radius,
        min_strength=min_strength,
        types=tuple(t for t in args.getlist("type") if t in {k.value for k in TieKind}),
        as_of=as_of,
        # The checkbox form sends a hidden "0" then, when ticked, "1": the last
        # value is the user's choice; no value at all (a link) shows cold ties.
        include_cold=(args.getlist("cold") or ["1"])[-1] != "0",
    )
    return scope, case, organization or person


@bp.route("")
def index():
    scope, case, subject = _scope_from_args()
    analysis = analyse(current_user, scope, case)
    return render_template(
        "network/index.html",
        coverage=(
            case_coverage(case, analysis.built.graph)
            if case is not None and analysis.ready
            else None
        ),
        key_people=_key_role_holders(),
        scope=scope,
        case=case,
        subject=subject,
        analysis=analysis,
        built=analysis.built,
        report=analysis.report,
        meanings=analysis_module.METRIC_MEANINGS,
        data_url=_with_query(url_for(".data")),
        status_url=_with_query(url_for(".status")),
        tie_kinds=list(TieKind),
        **_filter_choices(),
    )


@bp.route("/status")
def status():
    """The background computation's state, polled by the page while it waits;
    tells htmx to reload the page once the figures are ready."""
    scope, case, _ = _scope_from_args()
    analysis = analyse(current_user, scope, case)
    response = Response(
        render_template("network/_status.html", analysis=analysis, polling=True)
    )
    if analysis.fresh:
        response.headers["HX-Refresh"] = "true"
    return response


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


def _analysis_or_503():  # type: ignore[no-untyped-def]
    """The analysis for the request's scope; 503 with a retry hint while the
    background job has not produced any result yet."""
    scope, case, _ = _scope_from_args()
    analysis = analyse(current_user, scope, case)
    if not analysis.ready:
        abort(
            Response(
                "The figures for this view are being computed; try again shortly.",
                status=503,
                headers={"Retry-After": "10"},
                mimetype="text/plain",
            )
        )
    return scope, analysis


@bp.route("/data.json")
def data():
    scope, analysis = _analysis_or_503()
    graph, report = analysis.built.graph, analysis.report
    drawn = for_drawing(graph)
    roles = _roles_on_open_cases(set(drawn.nodes))
    return {
        "scope": scope.kind,
        "hidden_people": analysis.built.hidden_people,
        "people": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
        "note": drawn.note,
        "computed_at": analysis.computed_at.isoformat()
        if analysis.computed_at
        else None,
        "fresh": analysis.fresh,
        "betweenness_method": report.centrality.betweenness_method,
        "sample_size": report.centrality.sample_size,
        "nodes": [
            {"id": node, "roles": roles.get(node, []), **report.metrics[node]}
            for node in drawn.nodes
        ],
        "edges": [{"source": a, "target": b, **attrs} for a, b, attrs in drawn.edges],
    }


@bp.route("/export.<fmt>")
def download(fmt: str):
    if fmt not in FORMATS:
        abort(404)
    _, analysis = _analysis_or_503()
    start_writing(db.session)
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
    db.session.commit()  # a GET: nothing else would commit the event
    return Response(
        export(analysis.built.graph, fmt),
        mimetype=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="network.{fmt}"'},
    )


def _coalition_graph():  # type: ignore[no-untyped-def]
    """The whole coalition's graph for what-if and introductions, None while
    it is being computed. Shared with the cache: read it, never change it."""
    analysis = analyse(current_user, Scope())
    return analysis.built.graph if analysis.ready else None, analysis


@bp.route("/what-if")
def what_if():
    """What the coalition loses if this person leaves (transfer, retirement)."""
    person = load_person(id_or_none(request.args.get("person")) or abort(404))
    result, names, analysis = _what_if(person)
    planned = handovers.plan(result, person, names) if result else []
    return render_template(
        "network/what_if.html",
        person=person,
        result=result,
        names=names,
        analysis=analysis,
        planned=planned,
        editable_case_ids=_editable_case_ids({item.case_id for item in planned}),
        form=HandoverForm(due_on=today() + timedelta(days=14)),
    )


@bp.route("/what-if/handover", methods=["POST"])
def handover():
    """Turn the what-if into tasks on the cases that would lose a link."""
    person = load_person(id_or_none(request.args.get("person")) or abort(404))
    require(can_plan_handover(current_user))
    form = HandoverForm()
    result, names, _ = _what_if(person)
    if not form.validate() or result is None:
        flash(first_error(form) or "The network is still being computed.", "error")
        return redirect(url_for(".what_if", person=person.id))
    planned = handovers.plan(result, person, names)
    created, skipped = handovers.create_handover_tasks(
        current_user, planned, form.due_on.data
    )
    db.session.commit()
    flash(_handover_message(created, skipped), "info" if created else "warning")
    return redirect(url_for(".what_if", person=person.id))


def _what_if(person):  # type: ignore[no-untyped-def]
    graph, analysis = _coalition_graph()
    if graph is None:
        return None, {}, analysis
    if person.id not in graph:  # no ties at all: a graph of their own
        graph = nx.Graph()
        graph.add_node(person.id, name=person.full_name)
    result = analysis_module.what_if_leaves(graph, person.id, _open_case_role_pairs())
    names = {node: data.get("name", "") for node, data in graph.nodes(data=True)}
    return result, names, analysis


def _handover_message(created: list, skipped: list) -> str:
    made = f"{len(created)} handover task{'s' if len(created) != 1 else ''} created"
    if not skipped:
        return made + "."
    return (
        f"{made}; {len(skipped)} left out because the same open task is already "
        "on the case or you may not edit the case."
    )


def _editable_case_ids(case_ids: set[int]) -> set[int]:
    cases = db.session.scalars(
        visible_cases(current_user).where(Case.id.in_(case_ids))
    ).all()
    return {case.id for case in cases if can_edit_case(current_user, case)}


@bp.route("/introduction")
def introduction():
    """The warmest chain of ties from one person to another, and who to ask."""
    start = load_person(id_or_none(request.args.get("from")) or abort(404))
    goal = load_person(id_or_none(request.args.get("to")) or abort(404))
    graph, analysis = _coalition_graph()
    path = None
    both = graph is not None and start.id in graph and goal.id in graph
    if both and start.id != goal.id:
        path = analysis_module.warm_introduction(graph, start.id, goal.id)
    return render_template(
        "network/introduction.html",
        start=start,
        goal=goal,
        path=path,
        analysis=analysis,
    )


def _roles_on_open_cases(people: set[int]) -> dict[int, list[str]]:
    """ "Guardian · Eastgate courtyard" for each person's roles on open cases
    the viewer sees (for the side panel)."""
    rows = db.session.execute(
        select(CaseRole.person_id, CaseRole.role, Case.title)
        .join(Case, Case.id == CaseRole.case_id)
        .where(CaseRole.person_id.in_(people), CaseRole.ended_on.is_(None))
        .where(
            Case.id.in_(
                visible_cases(current_user)
                .where(Case.status != CaseStatus.CLOSED)
                .with_only_columns(Case.id)
            )
        )
    )
    roles: dict[int, list[str]] = {}
    for person_id, role, title in rows:
        roles.setdefault(person_id, []).append(
            f"{role.replace('_', ' ').capitalize()} · {title}"
        )
    return roles


def _key_role_holders() -> set[int]:
    """People who hold a role on, or coordinate, an open case the viewer sees."""
    open_cases = visible_cases(current_user).where(Case.status != CaseStatus.CLOSED)
    holders = set(
        db.session.scalars(
            select(CaseRole.person_id).where(
                CaseRole.case_id.in_(open_cases.with_only_columns(Case.id)),
                CaseRole.person_id.is_not(None),
                CaseRole.ended_on.is_(None),
            )
        )
    )
    coordinators = set(
        db.session.scalars(
            select(User.person_id).where(
                User.id.in_(open_cases.with_only_columns(Case.coordinator_id))
            )
        )
    )
    return holders | coordinators


def _open_case_role_pairs():  # type: ignore[no-untyped-def]
    """(case title, person, person) for each pair of people holding roles on
    an open case the viewer may see."""
    cases = db.session.scalars(
        visible_cases(current_user)
        .where(Case.status != CaseStatus.CLOSED)
        .options(selectinload(Case.roles))
    ).all()
    for case in cases:
        people = sorted({r.person_id for r in case.active_roles if r.person_id})
        ref = handovers.CaseRef(case.id, case.title)
        for a, b in combinations(people, 2):
            yield ref, a, b
