"""Maps: a case's places and assessment areas (drawn here), a coalition's
open cases by stage, the hot spots of the viewer's cases, each with its
GeoJSON (what the map draws, and the export)."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from caseboard.clock import today
from caseboard.forms.maps import AreaForm
from caseboard.inputs import parse_date, parse_id
from caseboard.loaders import load_case, load_child, load_coalition
from caseboard.maps.features import area_sentence, located
from caseboard.maps.hotspots import CELL_M, SMALL_COUNT
from caseboard.models import Area, Case, CaseStage
from caseboard.permissions import can_edit_case, require
from caseboard.queries import maps as queries
from caseboard.services import maps as service
from caseboard.unit_of_work import attempt
from caseboard.views import require_login

bp = Blueprint("maps", __name__)
bp.before_request(require_login)

AREA_LEGEND = [(area.value, f"{area.label} area") for area in Area]
STAGE_LEGEND = [(stage.value, stage.label) for stage in CaseStage]
CONFLICT = (
    "Someone changed this area meanwhile; nothing of yours was saved. "
    "The map shows theirs: draw yours again."
)


def geojson(data: dict, filename: str) -> Response:
    """GeoJSON for the map to fetch, saved as a file when downloaded."""
    return Response(
        json.dumps(data, ensure_ascii=False),
        mimetype="application/geo+json",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def area_form(case: Case) -> AreaForm:
    form = AreaForm()
    form.place_id.choices = [SelectChoice(p.id, p.name) for p in located(case.places)]
    return form


def case_page(case: Case, form: AreaForm) -> str:
    return render_template(
        "maps/case.html",
        case=case,
        areas=queries.case_areas(case),
        places=located(case.places),
        form=form,
        editable=can_edit_case(current_user, case),
        area_legend=AREA_LEGEND,
        area_sentence=area_sentence,
    )


@bp.route("/cases/<int:case_id>/map")
def case_map(case_id: int):
    case = load_case(case_id)
    return case_page(case, area_form(case))


@bp.route("/cases/<int:case_id>/map.geojson")
def case_geojson(case_id: int):
    return geojson(queries.case_map(load_case(case_id)), f"case-{case_id}.geojson")


@bp.route("/cases/<int:case_id>/areas", methods=["POST"])
def save_area(case_id: int):
    case = load_case(case_id)
    require(can_edit_case(current_user, case))
    form = area_form(case)
    circle = form.shape.data == "circle"
    place = next((p for p in case.places if p.id == form.place_id.data), None)
    if form.validate_on_submit():
        area = Area(form.area.data)
        saved = attempt(
            lambda: service.save_area(
                current_user,
                case,
                area=area,
                description=form.description.data or "",
                expected_version=parse_id(request.form.get(f"version_{area.value}")),
                place=place,
                radius_m=form.radius_m if circle else None,
                polygon=None if circle else form.polygon,
            ),
            form=form,
            lost_race=CONFLICT,
        )
        if saved or saved.lost_race:
            return redirect(url_for(".case_map", case_id=case.id) + "#areas")
    return case_page(case, form)


@bp.route("/cases/<int:case_id>/areas/<int:area_id>/remove", methods=["POST"])
def remove_area(case_id: int, area_id: int):
    case = load_case(case_id)
    require(can_edit_case(current_user, case))
    row = load_child(queries.case_areas(case), area_id)
    attempt(lambda: service.remove_area(current_user, row))
    return redirect(url_for(".case_map", case_id=case.id) + "#areas")


@bp.route("/coalitions/<int:coalition_id>/map")
def coalition_map(coalition_id: int):
    coalition = load_coalition(coalition_id)
    cases = queries.open_cases(current_user, coalition)
    return render_template(
        "maps/coalition.html",
        coalition=coalition,
        cases=cases,
        by_stage=queries.stage_counts(cases),
        legend=STAGE_LEGEND + AREA_LEGEND,
    )


@bp.route("/coalitions/<int:coalition_id>/map.geojson")
def coalition_geojson(coalition_id: int):
    coalition = load_coalition(coalition_id)
    data = queries.coalition_map(current_user, coalition)
    return geojson(data, f"coalition-{coalition_id}.geojson")


def _chosen_hot_spots() -> queries.HotSpots:
    """The measure and window asked for (``?measure=&start=&end=``); a
    date that cannot be read falls back to the last twelve months."""
    end = parse_date(request.args.get("end")) or today()
    start = parse_date(request.args.get("start")) or end - timedelta(days=365)
    start, end = min(start, end), max(start, end)
    names = queries.measure_names(current_user)
    measure = request.args.get("measure", "")
    return queries.hot_spots(
        current_user, measure if measure in names else "", start, end
    )


@bp.route("/hotspots")
def hot_spots():
    spots = _chosen_hot_spots()
    return render_template(
        "maps/hotspots.html",
        spots=spots,
        names=queries.measure_names(current_user),
        small_count=SMALL_COUNT,
        cell_m=CELL_M,
    )


@bp.route("/hotspots.geojson")
def hot_spots_geojson():
    return geojson(_chosen_hot_spots().as_geojson(), "hot-spots.geojson")
