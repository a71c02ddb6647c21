from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from caseboard.extensions import db
from caseboard.forms import choices as options
from caseboard.forms.cases import (
    CommentForm,
    EditCaseForm,
    EndRoleForm,
    MoveStageForm,
    NewCaseForm,
    PlaceForm,
    ResponseForm,
    ResponseStatusForm,
    RoleForm,
)
from caseboard.forms.common import values
from caseboard.inputs import parse_id
from caseboard.loaders import (
    load_case,
    load_child,
    load_coalition,
    load_organization,
    load_person,
    load_picked,
)
from caseboard.models import CaseStage, ProblemType, User
from caseboard.permissions import (
    can_create_case,
    can_edit_case,
    require,
)
from caseboard.queries import asks as ask_queries
from caseboard.queries import cases as case_queries
from caseboard.queries import tasks as task_queries
from caseboard.queries import timeline as timeline_queries
from caseboard.queries.paging import page_number
from caseboard.sara import PROMPTS
from caseboard.services import audit, cases
from caseboard.services.errors import ServiceError
from caseboard.unit_of_work import DEFAULT_LOST_RACE as DEFAULT_RACE
from caseboard.unit_of_work import attempt
from caseboard.views import add_picker, add_post_rule, require_login
from caseboard.views.case_forms import (
    TRIANGLE_LINKS,
    case_values,
    editable_case,
    fill_case_choices,
    saved_case_values,
)
from caseboard.views.editing import Edit, create_page, page_of
from caseboard.views.notes import notes_section
from caseboard.views.posting import post_form

bp = Blueprint("cases", __name__, url_prefix="/cases")
bp.before_request(require_login)
add_picker(bp, "cases")


@bp.route("")
def index():
    query = case_queries.CaseQuery.from_args(request.args)
    page = case_queries.cases_page(current_user, query)
    return render_template(
        "cases/index.html",
        page=page,
        query=query,
        figures=case_queries.case_figures([c.id for c in page.items]),
        problem_types=options.problem_type_choices(),
        **options.organization_filter(current_user, query.organization_id),
        coordinators=options.coordinator_choices(),
        stages=list(CaseStage),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    require(can_create_case(current_user))
    form = fill_case_choices(NewCaseForm(), current_user)
    options.fill(form.lead_organization_id, current_user, "organizations")
    if request.method == "GET":
        form.coordinator_id.data = current_user.id
    return create_page(
        form,
        _create_case,
        done=page_of("case_id"),
        template="cases/form.html",
        case=None,
    )


def _create_case(form):
    return cases.create_case(
        current_user,
        problem_type=db.get_or_404(ProblemType, form.problem_type_id.data),
        lead_organization=load_organization(form.lead_organization_id.data),
        **load_picked(form, coalition=load_coalition),
        coordinator=_coordinator(form.coordinator_id.data),
        place_name=form.place_name.data,
        place_address=form.place_address.data,
        latitude=form.latitude.data,
        longitude=form.longitude.data,
        beat=form.beat.data,
        **case_values(form, exclude={"title", "coordinator_id", "problem_type_id"}),
        title=form.title.data,
    )


def _coordinator(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


@bp.route("/<int:case_id>")
def show(case_id: int):
    case = load_case(case_id, case_queries.case_page_options())
    editable = can_edit_case(current_user, case)
    return _render_case(case, editable, _case_forms(case) if editable else {})


def _render_case(case, editable: bool, forms: dict):
    """The case page; after a refused form, with that form open and its errors."""
    return render_template(
        "cases/show.html",
        case=case,
        editable=editable,
        prompts=PROMPTS,
        open_tasks=task_queries.open_tasks_of_case(case),
        figures=case_queries.case_figures([case.id])[case.id],
        timeline=timeline_queries.case_timeline(case, page=1, per_page=15),
        triangle_links=TRIANGLE_LINKS,
        asks_by_stage=ask_queries.asks_by_stage(case),
        **notes_section(case),
        **forms,
    )


def _case_forms(case, **overrides):
    role_form = RoleForm()
    options.fill(role_form.organization_id, current_user, "organizations", options.NONE)
    options.fill_people(role_form.person_id, current_user, options.NONE)
    response_form = ResponseForm()
    response_form.partner_organization_id.choices = [
        options.NONE,
        *options.case_organization_choices(case),
    ]
    forms = {
        "stage_form": MoveStageForm(version=case.version),
        "role_form": role_form,
        "end_role_form": EndRoleForm(),
        "place_form": PlaceForm(),
        "response_form": response_form,
        "response_status_form": ResponseStatusForm(),
        "comment_form": CommentForm(),
    }
    forms.update(overrides)
    return forms


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
def edit(case_id: int):
    case = editable_case(case_id)
    form = fill_case_choices(EditCaseForm(obj=case), current_user, case)
    edit = Edit(form, reload=lambda: load_case(case_id), saved_values=saved_case_values)
    return edit.answer(
        edit.update(cases.update_case, case, lambda: case_values(form)),
        template="cases/form.html",
        case=case,
    )


@bp.route("/<int:case_id>/stage", methods=["POST"])
def move_stage(case_id: int):
    case = editable_case(case_id)
    form = MoveStageForm()
    post_form(
        form,
        lambda: _move_stage(case, form),
        invalid="The case was not moved",
        done=lambda: f"The case is now in {case.stage.label.lower()}.",
        lost_race=STAGE_RACE,
    )
    return redirect(url_for(".show", case_id=case_id) + "#stage")


STAGE_RACE = "Someone moved or edited the case meanwhile; look again before moving it."


def _move_stage(case, form):
    try:
        return cases.move_stage(
            current_user,
            case,
            to_stage=form.to_stage.data,
            reason=form.reason.data,
            expected_version=form.version.data,
        )
    except ValueError as error:
        raise ServiceError("That is not a SARA stage.") from error


@bp.route("/<int:case_id>/sara", methods=["GET", "POST"])
def sara(case_id: int):
    case = editable_case(case_id)
    stage = request.args.get("stage", case.stage)
    stage = CaseStage(stage) if stage in {s.value for s in CaseStage} else case.stage
    yours = None
    if request.method == "POST":
        yours = {p.key: request.form.get(p.key, "")[:10000] for p in PROMPTS[stage]}
        outcome = attempt(
            lambda: cases.save_sara_answers(
                current_user, case, expected_version=_version(), answers=yours
            ),
            lost_race=SARA_RACE,
        )
        if outcome:
            return redirect(url_for(".show", case_id=case_id) + "#sara")
        case = load_case(case_id)
    return render_template(
        "cases/sara.html", case=case, stage=stage, prompts=PROMPTS[stage], yours=yours
    )


SARA_RACE = (
    "Someone saved these notes after you opened them. Their version is "
    "shown beside yours; save again to keep yours."
)


def _version() -> int | None:
    # ASCII digits only: int() would read "٣" as 3 and save over version 3.
    return parse_id(request.form.get("version"))


@dataclass(frozen=True)
class CasePageForm:
    """A form on the case page that adds to one of its sections: the service
    it calls with the case, its fields and the objects its pickers name."""

    section: str
    save: Callable[..., Any]
    fields: tuple[str, ...]
    picked: dict[str, Callable[[int], Any]] = field(default_factory=dict)
    # Said when the save lost a race (else the form shows the usual message).
    lost_race: str | None = None


CASE_PAGE_FORMS = {
    "role": CasePageForm(
        "#roles",
        cases.add_role,
        ("role", "started_on", "note"),
        {"organization": load_organization, "person": load_person},
        # The one-active-lead index: someone named a lead at the same moment.
        "Someone changed the lead meanwhile; look again before adding.",
    ),
    "place": CasePageForm(
        "#places", cases.add_place, ("name", "address", "latitude", "longitude", "beat")
    ),
    "response": CasePageForm(
        "#responses",
        cases.add_response,
        ("description", "status"),
        {"partner_organization": load_organization},
    ),
}


def _case_form_post(case_id: int, name: str):
    """A form of the case page: saved, back to its section; refused, the
    page again with that form open and its errors. A lost race goes back to
    the section too, with the form's ``lost_race`` saying what happened."""
    spec = CASE_PAGE_FORMS[name]
    case = editable_case(case_id, case_queries.case_page_options())
    forms = _case_forms(case)
    form = forms[f"{name}_form"]
    if form.validate_on_submit():
        outcome = attempt(
            lambda: spec.save(
                current_user,
                case,
                **values(form, spec.fields),
                **load_picked(form, **spec.picked),
            ),
            form=form,
            lost_race=spec.lost_race or DEFAULT_RACE,
        )
        if outcome or (spec.lost_race and outcome.lost_race):
            return redirect(url_for(".show", case_id=case_id) + spec.section)
    return _render_case(case, True, forms)


# cases.add_role, cases.add_place, cases.add_response: POST /<case_id>/roles, ...
for _name, _spec in CASE_PAGE_FORMS.items():
    _rule = f"/<int:case_id>/{_spec.section[1:]}"
    add_post_rule(bp, _rule, f"add_{_name}", _case_form_post, name=_name)


def _editable_child(case_id: int, children: str, child_id: int):
    """A role or response of a case the viewer may edit (404 before 403)."""
    case = load_case(case_id)
    child = load_child(getattr(case, children), child_id)
    require(can_edit_case(current_user, case))
    return child


@bp.route("/<int:case_id>/roles/<int:role_id>/end", methods=["POST"])
def end_role(case_id: int, role_id: int):
    role = _editable_child(case_id, "roles", role_id)
    form = EndRoleForm()
    post_form(
        form,
        lambda: cases.end_role(current_user, role, form.ended_on.data),
        invalid="The role was not ended",
        done=f"{role.holder_name} is no longer {role.role.label.lower()}.",
    )
    return redirect(url_for(".show", case_id=case_id) + "#roles")


@bp.route("/<int:case_id>/responses/<int:response_id>/status", methods=["POST"])
def response_status(case_id: int, response_id: int):
    response = _editable_child(case_id, "responses", response_id)
    form = ResponseStatusForm()
    post_form(
        form,
        lambda: cases.set_response_status(current_user, response, form.status.data),
        invalid="The response was not updated",
    )
    return redirect(url_for(".show", case_id=case_id) + "#responses")


@bp.route("/<int:case_id>/comments", methods=["POST"])
def comment(case_id: int):
    case = editable_case(case_id)
    form = CommentForm()
    post_form(
        form,
        lambda: cases.add_comment(current_user, case, form.body.data),
        invalid="The comment was not added",
    )
    return redirect(url_for(".show", case_id=case_id) + "#timeline")


@bp.route("/<int:case_id>/timeline")
def timeline(case_id: int):
    case = load_case(case_id)
    page = timeline_queries.case_timeline(
        case, page=page_number(request.args), per_page=50
    )
    return render_template("cases/timeline.html", case=case, page=page)


@bp.route("/<int:case_id>/history")
def history(case_id: int):
    """The audit events of the case and its tasks, for whoever may see it."""
    case = load_case(case_id)
    page = audit.case_history(case, page_number(request.args), current_user)
    return render_template("cases/history.html", case=case, page=page)


@bp.route("/<int:case_id>/board")
def board(case_id: int):
    case = load_case(case_id)
    columns, done_total = task_queries.board_columns(case)
    return render_template(
        "cases/board.html",
        case=case,
        columns=columns,
        done_total=done_total,
        editable=can_edit_case(current_user, case),
    )
