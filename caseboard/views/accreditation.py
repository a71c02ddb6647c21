"""Accreditation: a coalition's list of establishments and their gaps (and
its CSV), the scheme editor, one establishment's page, and the steps on a
standard (in progress; a sign-off by the signing agency)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from caseboard.clock import today
from caseboard.forms.accreditation import (
    EditStandardForm,
    EnrolForm,
    NewSchemeForm,
    SchemeForm,
    StandardForm,
    StepForm,
)
from caseboard.forms.common import first_error, values
from caseboard.loaders import (
    load_child,
    load_coalition,
    load_establishment,
    load_standard,
)
from caseboard.models.accreditation import Decal, establishment_status
from caseboard.permissions import require
from caseboard.permissions_accreditation import (
    can_manage_accreditation,
    can_record_progress,
    can_sign_off,
)
from caseboard.queries import accreditation as queries
from caseboard.services import accreditation as service
from caseboard.unit_of_work import attempt
from caseboard.views import attachment, require_login
from caseboard.views.editing import Edit, create_page

SCHEME_FIELDS = ("name", "description", "renewal_window_days")
STANDARD_FIELDS = ("theme", "title", "evidence", "validity_days", "required")

bp = Blueprint("accreditation", __name__, url_prefix="/accreditation")
bp.before_request(require_login)


@bp.route("/<int:coalition_id>")
def index(coalition_id: int):
    coalition = load_coalition(coalition_id)
    scheme = queries.scheme_of(coalition)
    rows = queries.statuses(scheme, today()) if scheme else []
    filters = queries.Filters.read(request.args)
    return render_template(
        "accreditation/index.html",
        coalition=coalition,
        scheme=scheme,
        rows=queries.filtered(rows, filters),
        counts=queries.counts(rows),
        filters=filters,
        decals=list(Decal),
    )


@bp.route("/<int:coalition_id>/export.csv")
def export(coalition_id: int):
    coalition = load_coalition(coalition_id)
    scheme = queries.scheme_of(coalition) or abort(404)
    rows = queries.statuses(scheme, today())
    chosen = queries.filtered(rows, queries.Filters.read(request.args))
    name = f"accreditation-{coalition.id}-{today().isoformat()}.csv"
    return attachment(queries.as_csv(chosen), "text/csv", name)


def _choices(pairs, blank: str | None = None) -> list[SelectChoice]:
    found = [SelectChoice(value, label) for value, label in pairs]
    return [SelectChoice(None, blank), *found] if blank else found


def _editor(coalition, scheme, form, **forms):
    """The scheme editor with its forms (a refused one keeps its errors)."""
    if scheme is not None:
        forms.setdefault("standard_form", _standard_form(StandardForm, coalition))
        forms.setdefault("enrol_form", _enrol_form(coalition, scheme))
    form.case_id.choices = _choices(
        queries.case_choices(current_user, coalition), "No case"
    )
    return dict(coalition=coalition, scheme=scheme, form=form, **forms)


@bp.route("/<int:coalition_id>/scheme", methods=["GET", "POST"])
def scheme(coalition_id: int):
    coalition = load_coalition(coalition_id)
    require(can_manage_accreditation(current_user, coalition))
    current = queries.scheme_of(coalition)
    done = url_for(".index", coalition_id=coalition.id)
    if current is None:
        context = _editor(coalition, None, NewSchemeForm())
        return create_page(
            context.pop("form"),
            lambda form: _save_scheme(coalition, None, form),
            done=lambda _: url_for(".scheme", coalition_id=coalition.id),
            template="accreditation/scheme.html",
            **context,
        )
    context = _editor(coalition, current, SchemeForm(obj=current))
    form = context.pop("form")
    edit = Edit(form, lambda: queries.scheme_of(coalition), _scheme_values)

    def save():
        return _save_scheme(coalition, current, form)

    return edit.answer(save, template="accreditation/scheme.html", done=done, **context)


def _save_scheme(coalition, current, form):
    return service.save_scheme(
        current_user,
        coalition,
        current,
        expected_version=form.version.data if current else None,
        case=queries.case_by_id(form.case_id.data),
        **values(form, SCHEME_FIELDS),
    )


def _scheme_values(scheme) -> dict:
    return {name: getattr(scheme, name) for name in (*SCHEME_FIELDS, "case_id")}


def _standard_form(form_class, coalition, **kwargs):
    form = form_class(**kwargs)
    form.agency_id.choices = _choices(queries.agency_choices(coalition))
    return form


def _enrol_form(coalition, scheme) -> EnrolForm:
    form = EnrolForm()
    form.organization_id.choices = _choices(queries.business_choices(coalition, scheme))
    form.manager_id.choices = _choices(queries.manager_choices(coalition), "None yet")
    return form


def _managed_scheme(coalition_id: int):
    coalition = load_coalition(coalition_id)
    require(can_manage_accreditation(current_user, coalition))
    return coalition, queries.scheme_of(coalition) or abort(404)


@bp.route("/<int:coalition_id>/standards", methods=["POST"])
def add_standard(coalition_id: int):
    coalition, scheme = _managed_scheme(coalition_id)
    form = _standard_form(StandardForm, coalition)
    here = url_for(".scheme", coalition_id=coalition.id)
    if form.validate_on_submit():
        agency = queries.organization_by_id(form.agency_id.data)
        fields = values(form, STANDARD_FIELDS)

        def add():
            return service.add_standard(current_user, scheme, agency=agency, **fields)

        if attempt(add, form=form):
            return redirect(here + "#standards")
    context = _editor(coalition, scheme, SchemeForm(obj=scheme), standard_form=form)
    return render_template("accreditation/scheme.html", **context)


@bp.route("/standards/<int:standard_id>", methods=["GET", "POST"])
def edit_standard(standard_id: int):
    standard = load_standard(standard_id)
    coalition = standard.scheme.coalition
    require(can_manage_accreditation(current_user, coalition))
    form = _standard_form(EditStandardForm, coalition, obj=standard)
    edit = Edit(form, lambda: load_standard(standard_id), _standard_values)

    def fields():
        agency = queries.organization_by_id(form.agency_id.data)
        return {"agency": agency, **values(form, STANDARD_FIELDS)}

    return edit.answer(
        edit.update(service.update_standard, standard, fields),
        template="accreditation/standard.html",
        done=url_for(".scheme", coalition_id=coalition.id) + "#standards",
        standard=standard,
    )


def _standard_values(standard) -> dict:
    return {name: getattr(standard, name) for name in (*STANDARD_FIELDS, "agency_id")}


@bp.route("/<int:coalition_id>/establishments", methods=["POST"])
def enrol(coalition_id: int):
    coalition, scheme = _managed_scheme(coalition_id)
    form = _enrol_form(coalition, scheme)
    if form.validate_on_submit():
        business = queries.organization_by_id(form.organization_id.data)
        manager = queries.person_by_id(form.manager_id.data)
        place = form.place.data
        outcome = attempt(
            lambda: service.enrol(
                current_user, scheme, business, place=place, manager=manager
            ),
            form=form,
        )
        if outcome:
            return redirect(
                url_for(".establishment", establishment_id=outcome.value.id)
            )
    context = _editor(coalition, scheme, SchemeForm(obj=scheme), enrol_form=form)
    return render_template("accreditation/scheme.html", **context)


@bp.route("/venues/<int:establishment_id>")
def establishment(establishment_id: int):
    venue = load_establishment(establishment_id)
    return render_template(
        "accreditation/establishment.html",
        venue=venue,
        status=establishment_status(venue, today()),
        form=StepForm(),
    )


def _step(establishment_id: int, standard_id: int, allowed, record):
    """Record a step on one standard of an establishment, then back to it."""
    venue = load_establishment(establishment_id)
    standard = load_child(venue.scheme.standards, standard_id)
    require(allowed(current_user, venue, standard))
    form = StepForm()
    if form.validate_on_submit():
        note, on = form.note.data, form.on.data
        attempt(
            lambda: record(current_user, venue, standard, note=note, on=on),
            refused=f"“{standard.title}” was not changed: ",
        )
    else:
        flash(first_error(form) or "Nothing was saved.", "error")
    page = url_for(".establishment", establishment_id=venue.id)
    return redirect(f"{page}#standard-{standard.id}")


@bp.route(
    "/venues/<int:establishment_id>/<int:standard_id>/progress",
    methods=["POST"],
)
def progress(establishment_id: int, standard_id: int):
    return _step(
        establishment_id, standard_id, can_record_progress, service.record_progress
    )


@bp.route(
    "/venues/<int:establishment_id>/<int:standard_id>/sign-off",
    methods=["POST"],
)
def sign_off(establishment_id: int, standard_id: int):
    return _step(
        establishment_id,
        standard_id,
        lambda user, venue, standard: can_sign_off(user, standard),
        service.sign_off,
    )
