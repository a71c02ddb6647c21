"""Visit rounds: today's route on a phone, one-tap visits, each stop's
contact card, and the team's coverage by beat and week."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.forms import choices as options
from caseboard.forms.common import values
from caseboard.forms.rounds import RoundForm, StopForm, VisitForm
from caseboard.loaders import (
    load_coalition,
    load_organization,
    load_person,
    load_picked,
    load_round,
    load_stop,
)
from caseboard.maps import rounds as maps
from caseboard.models import User
from caseboard.permissions import require
from caseboard.permissions_coalitions import scope_ids
from caseboard.permissions_rounds import can_log_visit, can_manage_rounds
from caseboard.queries import rounds as queries
from caseboard.services import rounds as service
from caseboard.views import require_login, safe_next
from caseboard.views.editing import create_page, page_of
from caseboard.views.maps import geojson
from caseboard.views.notes import notes_section
from caseboard.views.posting import post_form

STOP_FIELDS = ("place", "ideal_days", "max_days", "latitude", "longitude")

bp = Blueprint("rounds", __name__)
bp.before_request(require_login)


@bp.route("/rounds")
def index():
    rounds = queries.scoped_rounds(current_user)
    may_create = any(
        can_manage_rounds(current_user, cid) for cid in _coalition_choices()
    )
    return render_template("rounds/index.html", rounds=rounds, may_create=may_create)


@bp.route("/rounds/today")
def today_route():
    """The viewer's due and overdue stops, most overdue first, by place."""
    groups = queries.todays_route(current_user, today())
    return render_template(
        "rounds/today.html",
        groups=groups,
        form=VisitForm(),
        on=today(),
        legend=[*maps.LEGEND, maps.ROUTE],
    )


@bp.route("/rounds/today/map.geojson")
def today_geojson():
    groups = queries.todays_route(current_user, today())
    return geojson(maps.route_map(groups), f"round-{today().isoformat()}.geojson")


@bp.route("/rounds/coverage")
def coverage():
    weeks = queries.coverage(current_user, today())
    return render_template("rounds/coverage.html", weeks=weeks)


@bp.route("/rounds/new", methods=["GET", "POST"])
def new():
    require(any(can_manage_rounds(current_user, c) for c in _coalition_choices()))
    form = RoundForm()
    form.coalition_id.choices = [
        c
        for c in options.coalition_choices(current_user)[1:]
        if can_manage_rounds(current_user, c.value)
    ]
    form.officer_id.choices = [options.NONE, *options.coordinator_choices()]
    options.fill(form.team_id, current_user, "organizations", options.NONE)
    return create_page(
        form,
        lambda f: service.create_round(
            current_user,
            load_coalition(f.coalition_id.data),
            **values(f, ("name", "beat")),
            **load_picked(f, officer=officer, team=load_organization),
        ),
        done=page_of("round_id"),
        template="rounds/new.html",
    )


@bp.route("/rounds/<int:round_id>")
def show(round_id: int):
    round_ = load_round(round_id)
    statuses = queries.round_statuses(current_user, round_, today())
    form = _stop_form()
    return render_template(
        "rounds/show.html",
        round=round_,
        statuses=statuses,
        stop_form=form,
        legend=maps.LEGEND,
    )


@bp.route("/rounds/<int:round_id>/map.geojson")
def round_geojson(round_id: int):
    round_ = load_round(round_id)
    statuses = queries.round_statuses(current_user, round_, today())
    return geojson(maps.round_map(round_.name, statuses), f"round-{round_id}.geojson")


@bp.route("/rounds/<int:round_id>/stops", methods=["POST"])
def add_stop(round_id: int):
    round_ = load_round(round_id)
    require(can_manage_rounds(current_user, round_.coalition_id))
    form = _stop_form()
    post_form(
        form,
        lambda: service.add_stop(
            current_user,
            round_,
            **values(form, STOP_FIELDS),
            **load_picked(form, organization=load_organization, person=load_person),
        ),
        invalid="The stop was not added",
        done="Stop added.",
    )
    return redirect(url_for(".show", round_id=round_id) + "#stops")


@bp.route("/rounds/stops/<int:stop_id>")
def stop(stop_id: int):
    """The stop's contact card: its visits and notes."""
    stop = load_stop(stop_id, queries.STOP_CARD)
    # First: reading restricted notes is audited and commits (expiring
    # whatever was loaded before).
    notes = notes_section(stop)
    return render_template(
        "rounds/stop.html",
        stop=stop,
        status=queries.statuses(current_user, [stop], today())[0],
        visits=queries.visits_of(stop),
        form=VisitForm(),
        **notes,
    )


@bp.route("/rounds/stops/<int:stop_id>/visits", methods=["POST"])
def visit(stop_id: int):
    """One tap (and an optional note): the visit is logged as a contact."""
    stop = load_stop(stop_id)
    require(can_log_visit(current_user, stop.round))
    form = VisitForm()
    back = safe_next(request.args.get("next"), url_for(".today_route"))
    post_form(
        form,
        lambda: service.log_visit(
            current_user, stop, note=form.note.data, open_note=form.open_note.data
        ),
        invalid="The visit was not logged",
        done=f"Visit to {stop.label} logged.",
    )
    return redirect(back)


def officer(user_id: int) -> User | None:
    """One of the form's choices (any active user who may write)."""
    return db.session.get(User, user_id)


def _coalition_choices() -> set[int]:
    ids = scope_ids(current_user)
    if ids is None:
        return {c.value for c in options.coalition_choices(current_user)[1:]}
    return ids


def _stop_form() -> StopForm:
    form = StopForm()
    options.fill(form.organization_id, current_user, "organizations", options.NONE)
    options.fill_people(form.person_id, current_user, options.NONE)
    return form
