"""The Assessment tab of a case, its measures and data, the scorecard and the
SARA case report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from flask_wtf import FlaskForm

from caseboard.assessment.readings import number
from caseboard.forms.common import add_service_error, values
from caseboard.forms.imports import ConfirmImportForm
from caseboard.forms.measures import (
    AssessmentDueForm,
    EditMeasureForm,
    MeasureForm,
    MeasureImportForm,
    WindowForm,
    parse_grid,
)
from caseboard.loaders import load_case, load_child, load_measure
from caseboard.maps.features import area_sentence
from caseboard.models import Area, Case
from caseboard.permissions import can_edit_case, require
from caseboard.queries import assessment as queries
from caseboard.queries.assessment_pages import (
    grid_rows,
    report_context,
    visible_case_list,
)
from caseboard.queries.maps import case_areas
from caseboard.services import import_rows, imports, measure_imports, measures
from caseboard.unit_of_work import attempt
from caseboard.views import add_post_rule, require_login
from caseboard.views.case_forms import editable_case
from caseboard.views.editing import Edit, create_page, page_of

bp = Blueprint("assessment", __name__)
bp.before_request(require_login)

MEASURE_FIELDS = (
    "name",
    "kind",
    "unit",
    "direction",
    "denominator",
    "harm_weight",
    "period",
    "source",
    "notes",
)


@bp.app_template_filter("figure")
def figure(value: float | None, digits: int = 1, plain: bool = False) -> str:
    """A figure as the assessment prints it; ``plain`` for an input's value."""
    if value is None:
        return "—"
    if plain:
        return f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return number(value, digits)


def _tab(case):
    return url_for(".show", case_id=case.id)


@bp.route("/cases/<int:case_id>/assessment")
def show(case_id: int):
    case = load_case(case_id)
    editable = can_edit_case(current_user, case)
    return render_template(
        "assessment/show.html",
        case=case,
        result=queries.case_assessment(case),
        starts=queries.response_starts(case),
        editable=editable,
        window_form=WindowForm(periods=queries.chosen_periods(case)),
        due_form=AssessmentDueForm(due_on=case.assessment_due_on, version=case.version),
        import_form=MeasureImportForm(),
        areas=case_areas(case),
        area_sentence=area_sentence,
    )


@bp.route("/cases/<int:case_id>/measures/new", methods=["GET", "POST"])
def new_measure(case_id: int):
    case = editable_case(case_id)
    form = MeasureForm()
    return create_page(
        form,
        lambda form: measures.create_measure(
            current_user, case, **values(form, MEASURE_FIELDS)
        ),
        done=page_of("measure_id", ".data"),
        template="assessment/measure_form.html",
        case=case,
        measure=None,
    )


@bp.route("/measures/<int:measure_id>/edit", methods=["GET", "POST"])
def edit_measure(measure_id: int):
    measure = load_measure(measure_id)
    require(can_edit_case(current_user, measure.case))
    form = EditMeasureForm(obj=measure)
    edit = Edit(
        form,
        reload=lambda: load_measure(measure_id),
        saved_values=lambda m: {name: getattr(m, name) for name in MEASURE_FIELDS},
    )
    return edit.answer(
        lambda: measures.update_measure(
            current_user,
            measure,
            expected_version=form.version.data,
            **values(form, MEASURE_FIELDS),
        ),
        done=_tab(measure.case),
        template="assessment/measure_form.html",
        case=measure.case,
        measure=measure,
    )


@bp.route("/measures/<int:measure_id>/data", methods=["GET", "POST"])
def data(measure_id: int):
    """The grid: one row a period, one column an area; Tab moves along."""
    measure = load_measure(measure_id)
    editable = can_edit_case(current_user, measure.case)
    periods = grid_rows(measure, request.args.get("more"))
    if request.method == "POST":
        require(editable)
        cells, problems = parse_grid(request.form, list(Area), periods)
        for problem in problems:
            flash(problem, "error")
        outcome = not problems and attempt(
            lambda: measures.save_grid(current_user, measure, cells),
            lost_race="Someone saved these data meanwhile; nothing of yours was "
            "saved. The grid below shows their values: enter yours again.",
        )
        if outcome:
            flash(f"Saved {outcome.value} changed values.", "info")
            return redirect(url_for(".data", measure_id=measure.id))
        measure = load_measure(measure_id)
    return render_template(
        "assessment/data.html",
        measure=measure,
        case=measure.case,
        periods=periods,
        areas=list(Area),
        editable=editable,
    )


# Apart from the import page's uploads, so neither can take the other's.
HELD_KINDS = ("measures-keep", "measures-replace")


def _held_uploads() -> Path:
    return Path(current_app.instance_path) / "measure-imports"


@bp.route("/cases/<int:case_id>/assessment/import", methods=["POST"])
def import_preview(case_id: int):
    case = editable_case(case_id)
    form = MeasureImportForm()
    result, token = None, None
    if form.validate_on_submit():
        replace = form.replace.data == "replace"
        try:
            data = import_rows.read_limited(form.file.data.stream)
            result = measure_imports.preview(data, current_user, replace)
        except import_rows.ImportFileError as error:
            add_service_error(form, error)
        if result is not None and result.ok and result.to_create:
            token = imports.hold_upload(
                _held_uploads(),
                kind=f"measures-{form.replace.data}",
                data=data,
                user_id=current_user.id,
            )
    confirm = ConfirmImportForm(formdata=None, token=token) if token else None
    return render_template(
        "assessment/import_preview.html",
        case=case,
        form=form,
        preview=result,
        confirm=confirm,
    )


@bp.route("/cases/<int:case_id>/assessment/import/apply", methods=["POST"])
def import_apply(case_id: int):
    case = editable_case(case_id)
    held = _take_held_upload()
    if not held:
        flash("That upload has expired or was already imported.", "error")
        return redirect(_tab(case))
    mode, data = held
    outcome = attempt(
        lambda: measure_imports.apply(data, current_user, mode == "measures-replace")
    )
    if isinstance(outcome.refusal, import_rows.ImportRefused):
        return render_template(
            "assessment/import_preview.html",
            case=case,
            form=None,
            preview=outcome.refusal.preview,
            confirm=None,
        )
    if outcome:
        flash(f"Imported: {outcome.value.summary()}", "info")
    return redirect(_tab(case))


def _take_held_upload():
    form = ConfirmImportForm()
    token = form.token.data or ""
    held = form.validate_on_submit() and imports.held_upload(
        _held_uploads(), token, current_user.id, HELD_KINDS
    )
    if held:
        imports.drop_upload(_held_uploads(), token)
    return held


def _save_window(case: Case, form: WindowForm) -> None:
    measures.set_window(current_user, case, form.periods.data)
    if form.starts_on.data:
        measures.add_response_start(
            current_user, case, form.starts_on.data, form.label.data
        )


def _save_due(case: Case, form: AssessmentDueForm) -> None:
    measures.set_assessment_due(current_user, case, form.due_on.data, form.version.data)


@dataclass(frozen=True)
class TabForm:
    """A small form of the Assessment tab, posted back to the tab: its
    address, what it saves, what is said when it is invalid and when saved."""

    path: str
    form: type[FlaskForm]
    save: Callable[[Case, Any], None]
    invalid: str
    done: str


TAB_FORMS = {
    # The window length, and a new response start when one is given.
    "window": TabForm(
        "window",
        WindowForm,
        _save_window,
        "Choose a whole number of periods and a valid date.",
        "Saved the assessment window.",
    ),
    # The next assessment's due date; a stale page is a conflict.
    "assessment_due": TabForm(
        "due",
        AssessmentDueForm,
        _save_due,
        "Give a valid date within the next years, or leave it blank.",
        "Saved the next assessment's due date.",
    ),
}


def _tab_form_post(case_id: int, name: str):
    """Save a form of the tab, or say it was invalid; back to the tab."""
    spec = TAB_FORMS[name]
    case = editable_case(case_id)
    form = spec.form()
    if not form.validate_on_submit():
        flash(spec.invalid, "error")
    elif attempt(lambda: spec.save(case, form)):
        flash(spec.done, "info")
    return redirect(_tab(case))


# assessment.window, assessment.assessment_due: POST /cases/<case_id>/assessment/...
for _name, _spec in TAB_FORMS.items():
    _rule = f"/cases/<int:case_id>/assessment/{_spec.path}"
    add_post_rule(bp, _rule, _name, _tab_form_post, name=_name)


@bp.route(
    "/cases/<int:case_id>/response-starts/<int:start_id>/delete", methods=["POST"]
)
def remove_start(case_id: int, start_id: int):
    case = editable_case(case_id)
    start = load_child(queries.response_starts(case), start_id)
    if attempt(lambda: measures.remove_response_start(current_user, start)):
        flash(f"Removed the response start of {start.starts_on.isoformat()}.", "info")
    return redirect(_tab(case))


@bp.route("/assessment/scorecard")
def scorecard():
    cases = visible_case_list(current_user)
    return render_template("assessment/scorecard.html", rows=queries.scorecard(cases))


@bp.route("/cases/<int:case_id>/report")
def report(case_id: int):
    case = load_case(case_id)
    return render_template("assessment/report.html", **report_context(case))


@bp.route("/cases/<int:case_id>/report.pdf")
def report_pdf(case_id: int):
    from caseboard.assessment.pdf import pdf_response

    case = load_case(case_id)
    html = render_template("assessment/report.html", pdf=True, **report_context(case))
    return pdf_response(html, f"case-{case.id}-report.pdf")
