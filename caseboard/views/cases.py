from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from caseboard.extensions import db
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
from caseboard.forms.common import add_service_error
from caseboard.loaders import (
    load_case,
    load_child,
    load_optional,
    load_organization,
    load_person,
)
from caseboard.models import CaseStage, ProblemType, User
from caseboard.permissions import (
    can_create_case,
    can_edit_case,
    require,
)
from caseboard.sara import PROMPTS
from caseboard.services import audit, case_lists, cases
from caseboard.services import choices as options
from caseboard.services.errors import CONFLICTS, ServiceError
from caseboard.services.paging import page_number
from caseboard.views import require_login
from caseboard.views.case_forms import (
    TRIANGLE_LINKS,
    case_values,
    fill_case_choices,
    flash_form_errors,
    saved_case_values,
)
from caseboard.views.editing import save_edit
from caseboard.views.notes import notes_section

bp = Blueprint("cases", __name__, url_prefix="/cases")
bp.before_request(require_login)


@bp.route("/options")
def options_matching():
    """The type-ahead picker's matches for ``?q=``: open cases the viewer sees."""
    found = options.matching(current_user, "cases", request.args.get("q", ""))
    return {"options": [{"value": cid, "label": title} for cid, title in found]}


@bp.route("")
def index():
    query = case_lists.CaseQuery.from_args(request.args)
    page = case_lists.cases_page(current_user, query)
    return render_template(
        "cases/index.html",
        page=page,
        query=query,
        figures=case_lists.case_figures([c.id for c in page.items]),
        problem_types=options.problem_type_choices(),
        **_organization_filter(query.organization_id),
        coordinators=options.coordinator_choices(),
        stages=list(CaseStage),
    )


def _organization_filter(chosen: int | None) -> dict:
    """The "organization involved" filter: a select, or a type-ahead picker
    holding the chosen organization when there are too many."""
    picker = options.picker_url(current_user, "organizations")
    if picker is None:
        choices = options.organization_choices(current_user)
        return {
            "organizations": choices,
            "organization_picker": None,
            "organization_name": "",
        }
    # Not a loader: a stale or made-up id in a filter just matches nothing.
    name = options.label_of(current_user, "organizations", chosen)
    return {
        "organizations": None,
        "organization_picker": picker,
        "organization_name": name,
    }


@bp.route("/new", methods=["GET", "POST"])
def new():
    require(can_create_case(current_user))
    form = fill_case_choices(NewCaseForm(), current_user)
    options.fill(form.lead_organization_id, current_user, "organizations")
    if request.method == "GET":
        form.coordinator_id.data = current_user.id
    if form.validate_on_submit():
        try:
            case = cases.create_case(
                current_user,
                problem_type=db.get_or_404(ProblemType, form.problem_type_id.data),
                lead_organization=load_organization(form.lead_organization_id.data),
                coordinator=_coordinator(form.coordinator_id.data),
                place_name=form.place_name.data,
                place_address=form.place_address.data,
                latitude=form.latitude.data,
                longitude=form.longitude.data,
                beat=form.beat.data,
                **case_values(
                    form, exclude={"title", "coordinator_id", "problem_type_id"}
                ),
                title=form.title.data,
            )
            db.session.commit()
            return redirect(url_for(".show", case_id=case.id))
        except ServiceError as error:
            db.session.rollback()
            add_service_error(form, error)
    return render_template("cases/form.html", form=form, case=None)


def _coordinator(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


@bp.route("/<int:case_id>")
def show(case_id: int):
    case = load_case(case_id, case_lists.case_page_options())
    editable = can_edit_case(current_user, case)
    return _render_case(case, editable, _case_forms(case) if editable else {})


def _render_case(case, editable: bool, forms: dict):  # type: ignore[no-untyped-def]
    """The case page; after a refused form, with that form open and its errors."""
    return render_template(
        "cases/show.html",
        case=case,
        editable=editable,
        prompts=PROMPTS,
        open_tasks=case_lists.open_tasks_of_case(case),
        figures=case_lists.case_figures([case.id])[case.id],
        timeline=case_lists.case_timeline(case, page=1, per_page=15),
        triangle_links=TRIANGLE_LINKS,
        **notes_section(case),
        **forms,
    )


def _case_forms(case, **overrides):  # type: ignore[no-untyped-def]
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
    case = load_case(case_id)
    require(can_edit_case(current_user, case))
    form = fill_case_choices(EditCaseForm(obj=case), current_user, case)
    conflict = None
    if form.validate_on_submit():
        outcome = save_edit(
            form,
            save=lambda: cases.update_case(
                current_user,
                case,
                expected_version=form.version.data,
                **case_values(form),
            ),
            reload=lambda: load_case(case_id),
            saved_values=saved_case_values,
        )
        if outcome is True:
            return redirect(url_for(".show", case_id=case_id))
        conflict = outcome or None
    return render_template("cases/form.html", form=form, case=case, conflict=conflict)


@bp.route("/<int:case_id>/stage", methods=["POST"])
def move_stage(case_id: int):
    case = load_case(case_id)
    require(can_edit_case(current_user, case))
    form = MoveStageForm()
    if form.validate_on_submit():
        try:
            cases.move_stage(
                current_user,
                case,
                to_stage=form.to_stage.data,
                reason=form.reason.data,
                expected_version=form.version.data,
            )
            db.session.commit()
            flash(f"The case is now in {case.stage_enum.label.lower()}.", "info")
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
        except ValueError:
            db.session.rollback()
            flash("That is not a SARA stage.", "error")
        except CONFLICTS:
            db.session.rollback()
            flash(
                "Someone moved or edited the case meanwhile; look again before "
                "moving it.",
                "warning",
            )
    else:
        flash_form_errors(form, "The case was not moved")
    return redirect(url_for(".show", case_id=case_id) + "#stage")


@bp.route("/<int:case_id>/sara", methods=["GET", "POST"])
def sara(case_id: int):
    case = load_case(case_id)
    require(can_edit_case(current_user, case))
    stage = request.args.get("stage", case.stage)
    stage = (
        CaseStage(stage) if stage in {s.value for s in CaseStage} else case.stage_enum
    )
    if request.method == "POST":
        answers = {p.key: request.form.get(p.key, "")[:10000] for p in PROMPTS[stage]}
        try:
            version = int(request.form.get("version", ""))
        except ValueError:
            version = None
        try:
            cases.save_sara_answers(
                current_user, case, expected_version=version, answers=answers
            )
            db.session.commit()
            return redirect(url_for(".show", case_id=case_id) + "#sara")
        except CONFLICTS:
            db.session.rollback()
            case = load_case(case_id)
            flash(
                "Someone saved these notes after you opened them. Their version is "
                "shown beside yours; save again to keep yours.",
                "warning",
            )
            return render_template(
                "cases/sara.html",
                case=case,
                stage=stage,
                prompts=PROMPTS[stage],
                yours=answers,
            )
    return render_template(
        "cases/sara.html", case=case, stage=stage, prompts=PROMPTS[stage], yours=None
    )


@bp.route("/<int:case_id>/roles", methods=["POST"])
def add_role(case_id: int):
    case = load_case(case_id, case_lists.case_page_options())
    require(can_edit_case(current_user, case))
    forms = _case_forms(case)
    form = forms["role_form"]
    if form.validate_on_submit():
        try:
            cases.add_role(
                current_user,
                case,
                role=form.role.data,
                organization=load_optional(
                    load_organization, form.organization_id.data
                ),
                person=load_optional(load_person, form.person_id.data),
                started_on=form.started_on.data,
                note=form.note.data,
            )
            db.session.commit()
            return redirect(url_for(".show", case_id=case_id) + "#roles")
        except ServiceError as error:
            db.session.rollback()
            add_service_error(form, error)
        except IntegrityError:
            # The one-active-lead index: someone named a lead at the same moment.
            db.session.rollback()
            flash(
                "Someone changed the lead meanwhile; look again before adding.",
                "warning",
            )
            return redirect(url_for(".show", case_id=case_id) + "#roles")
    return _render_case(case, True, forms)


@bp.route("/<int:case_id>/roles/<int:role_id>/end", methods=["POST"])
def end_role(case_id: int, role_id: int):
    case = load_case(case_id)
    role = load_child(case.roles, role_id)
    require(can_edit_case(current_user, case))
    form = EndRoleForm()
    if form.validate_on_submit():
        try:
            cases.end_role(current_user, role, form.ended_on.data)
            db.session.commit()
            flash(
                f"{role.holder_name} is no longer {role.role_enum.label.lower()}.",
                "info",
            )
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
    else:
        flash_form_errors(form, "The role was not ended")
    return redirect(url_for(".show", case_id=case_id) + "#roles")


@bp.route("/<int:case_id>/places", methods=["POST"])
def add_place(case_id: int):
    case = load_case(case_id, case_lists.case_page_options())
    require(can_edit_case(current_user, case))
    forms = _case_forms(case)
    form = forms["place_form"]
    if form.validate_on_submit():
        cases.add_place(
            current_user,
            case,
            name=form.name.data,
            address=form.address.data,
            latitude=form.latitude.data,
            longitude=form.longitude.data,
            beat=form.beat.data,
        )
        db.session.commit()
        return redirect(url_for(".show", case_id=case_id) + "#places")
    return _render_case(case, True, forms)


@bp.route("/<int:case_id>/responses", methods=["POST"])
def add_response(case_id: int):
    case = load_case(case_id, case_lists.case_page_options())
    require(can_edit_case(current_user, case))
    forms = _case_forms(case)
    form = forms["response_form"]
    if form.validate_on_submit():
        partner_id = form.partner_organization_id.data
        cases.add_response(
            current_user,
            case,
            description=form.description.data,
            partner_organization=load_organization(partner_id) if partner_id else None,
            status=form.status.data,
        )
        db.session.commit()
        return redirect(url_for(".show", case_id=case_id) + "#responses")
    return _render_case(case, True, forms)


@bp.route("/<int:case_id>/responses/<int:response_id>/status", methods=["POST"])
def response_status(case_id: int, response_id: int):
    case = load_case(case_id)
    response = load_child(case.responses, response_id)
    require(can_edit_case(current_user, case))
    form = ResponseStatusForm()
    if form.validate_on_submit():
        cases.set_response_status(current_user, response, form.status.data)
        db.session.commit()
    else:
        flash_form_errors(form, "The response was not updated")
    return redirect(url_for(".show", case_id=case_id) + "#responses")


@bp.route("/<int:case_id>/comments", methods=["POST"])
def comment(case_id: int):
    case = load_case(case_id)
    require(can_edit_case(current_user, case))
    form = CommentForm()
    if form.validate_on_submit():
        cases.add_comment(current_user, case, form.body.data)
        db.session.commit()
    else:
        flash_form_errors(form, "The comment was not added")
    return redirect(url_for(".show", case_id=case_id) + "#timeline")


@bp.route("/<int:case_id>/timeline")
def timeline(case_id: int):
    case = load_case(case_id)
    page = case_lists.case_timeline(case, page=page_number(request.args), per_page=50)
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
    columns, done_total = case_lists.board_columns(case)
    return render_template(
        "cases/board.html",
        case=case,
        columns=columns,
        done_total=done_total,
        editable=can_edit_case(current_user, case),
    )
