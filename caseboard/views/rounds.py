"""Visit rounds: today's route on a phone, one-tap visits, each stop's
contact card, and the team's coverage by beat and week."""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.forms import choices as options
from caseboard.forms.common import values
from caseboard.forms.rounds import (
    EditRoundForm,
    EditStopForm,
    EndStopForm,
    RoundForm,
    StopForm,
    VisitForm,
)
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
from caseboard.views.editing import Edit, create_page, page_of
from caseboard.views.maps import geojson
from caseboard.views.notes import notes_section
from caseboard.views.posting import post_form

STOP_FIELDS = ("place", "ideal_days", "max_days", "latitude", "longitude")
ROUND_FIELDS = ("name", "beat")

F = TypeVar("F", bound=StopForm)

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
    form = _stop_form(StopForm)
    return render_template(
        "rounds/show.html",
        round=round_,
        statuses=statuses,
        stop_form=form,
        legend=maps.LEGEND,
    )


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
def edit(round_id: int):
    round_ = load_round(round_id)
    require(can_manage_rounds(current_user, round_.coalition_id))
    form = EditRoundForm(obj=round_)
    form.officer_id.choices = [options.NONE, *options.coordinator_choices()]
    options.fill(form.team_id, current_user, "organizations", options.NONE)
    edit = Edit(form, lambda: load_round(round_id), _saved_round)
    return edit.answer(
        edit.update(
            service.update_round,
            round_,
            lambda: {
                **values(form, ROUND_FIELDS),
                **load_picked(form, officer=officer, team=load_organization),
            },
        ),
        template="rounds/edit.html",
        round=round_,
    )


def _saved_round(round_) -> dict:
    names = (*ROUND_FIELDS, "officer_id", "team_id")
    return {name: getattr(round_, name) for name in names}


@bp.route("/rounds/<int:round_id>/map.geojson")
def round_geojson(round_id: int):
    round_ = load_round(round_id)
    statuses = queries.round_statuses(current_user, round_, today())
    return geojson(maps.round_map(round_.name, statuses), f"round-{round_id}.geojson")


@bp.route("/rounds/<int:round_id>/stops", methods=["POST"])
def add_stop(round_id: int):
    round_ = load_round(round_id)
    require(can_manage_rounds(current_user, round_.coalition_id))
    form = _stop_form(StopForm)
    post_form(
        form,
        lambda: service.add_stop(current_user, round_, **_stop_fields(form)),
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


@bp.route("/rounds/stops/<int:stop_id>/edit", methods=["GET", "POST"])
def edit_stop(stop_id: int):
    stop = load_stop(stop_id, queries.STOP_CARD)
    require(can_manage_rounds(current_user, stop.round.coalition_id))
    form = _stop_form(EditStopForm, obj=stop)
    edit = Edit(form, lambda: load_stop(stop_id), _saved_stop)
    return edit.answer(
        edit.update(service.update_stop, stop, lambda: _stop_fields(form)),
        template="rounds/edit_stop.html",
        done=url_for(".stop", stop_id=stop_id),
        stop=stop,
        end_form=EndStopForm(formdata=None, version=stop.version),
    )


def _saved_stop(stop) -> dict:
    names = (*STOP_FIELDS, "organization_id", "person_id")
    return {name: getattr(stop, name) for name in names}


@bp.route("/rounds/stops/<int:stop_id>/end", methods=["POST"])
def end_stop(stop_id: int):
    """Take the stop off the round (ended, never deleted)."""
    stop = load_stop(stop_id, queries.STOP_CARD)
    require(can_manage_rounds(current_user, stop.round.coalition_id))
    form = EndStopForm()
    outcome = post_form(
        form,
        lambda: service.end_stop(
            current_user, stop, expected_version=form.version.data
        ),
        invalid="The stop was not taken off",
        done=f"{stop.label} is off the round; its visits and notes stay.",
    )
    if outcome:
        return redirect(url_for(".show", round_id=stop.round_id) + "#stops")
    return redirect(url_for(".edit_stop", stop_id=stop_id))


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


def _stop_form(form_class: type[F], **kwargs) -> F:
    form = form_class(**kwargs)
    options.fill(form.organization_id, current_user, "organizations", options.NONE)
    options.fill_people(form.person_id, current_user, options.NONE)
    return form


def _stop_fields(form: StopForm) -> dict:
    return {
        **values(form, STOP_FIELDS),
        **load_picked(form, organization=load_organization, person=load_person),
    }
