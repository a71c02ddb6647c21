"""Asks on a case: naming one, its page (stage, history, next steps), moving
its stage, tying it to a response, and a coalition's own next steps."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from caseboard.forms import choices as options
from caseboard.forms.asks import AskForm, AskPromptsForm, AskResponseForm, AskStageForm
from caseboard.forms.common import values
from caseboard.loaders import (
    load_ask,
    load_coalition,
    load_organization,
    load_person,
    load_picked,
)
from caseboard.models import Ask, AskStage
from caseboard.permissions import can_edit_case, require
from caseboard.permissions_coalitions import can_manage_coalition
from caseboard.queries import asks as queries
from caseboard.services import asks as service
from caseboard.views import require_login
from caseboard.views.case_forms import editable_case
from caseboard.views.editing import Edit, create_page, page_of
from caseboard.views.posting import post_form

bp = Blueprint("asks", __name__)
bp.before_request(require_login)

ASK_FIELDS = ("what", "stage", "note")
MOVE_FIELDS = ("to_stage", "on", "note")
RACE = "Someone moved this ask meanwhile; look again before moving it."


@bp.route("/cases/<int:case_id>/asks/new", methods=["GET", "POST"])
def new(case_id: int):
    case = editable_case(case_id)
    form = AskForm()
    options.fill_people(form.person_id, current_user, options.NONE)
    options.fill(form.organization_id, current_user, "organizations", options.NONE)
    return create_page(
        form,
        lambda f: service.create_ask(
            current_user,
            case,
            **values(f, ASK_FIELDS),
            **load_picked(f, person=load_person, organization=load_organization),
        ),
        done=page_of("ask_id"),
        template="asks/new.html",
        case=case,
    )


@bp.route("/asks/<int:ask_id>")
def show(ask_id: int):
    ask = load_ask(ask_id, queries.ask_page_options())
    stage_form = AskStageForm(version=ask.version)
    response_form = AskResponseForm(response_id=ask.response_id)
    response_form.response_id.choices = [
        options.NONE,
        *options.response_choices(ask.case),
    ]
    return render_template(
        "asks/show.html",
        ask=ask,
        prompts=queries.prompts_for(ask.case.coalition_id),
        stage_form=stage_form,
        response_form=response_form,
        editable=can_edit_case(current_user, ask.case),
    )


@bp.route("/asks/<int:ask_id>/stage", methods=["POST"])
def move(ask_id: int):
    ask = _editable_ask(ask_id)
    form = AskStageForm()
    post_form(
        form,
        lambda: service.move_stage(
            current_user,
            ask,
            expected_version=form.version.data,
            **values(form, MOVE_FIELDS),
        ),
        invalid="The ask was not moved",
        done=lambda: f"The ask is now at {ask.stage.label.lower()}.",
        lost_race=RACE,
    )
    return redirect(url_for(".show", ask_id=ask_id))


@bp.route("/asks/<int:ask_id>/response", methods=["POST"])
def tie(ask_id: int):
    ask = _editable_ask(ask_id)
    form = AskResponseForm()
    form.response_id.choices = [options.NONE, *options.response_choices(ask.case)]
    post_form(
        form,
        lambda: service.tie_response(
            current_user,
            ask,
            next(
                (r for r in ask.case.responses if r.id == form.response_id.data),
                None,
            ),
        ),
        invalid="The response was not tied",
        done="Saved.",
    )
    return redirect(url_for(".show", ask_id=ask_id))


def _editable_ask(ask_id: int) -> Ask:
    """An ask on a case the viewer may edit (404 before 403)."""
    ask = load_ask(ask_id)
    require(can_edit_case(current_user, ask.case))
    return ask


@bp.route("/coalitions/<int:coalition_id>/ask-prompts", methods=["GET", "POST"])
def prompts(coalition_id: int):
    """The next steps each stage suggests, in the coalition's own words."""
    coalition = load_coalition(coalition_id)
    may_edit = can_manage_coalition(current_user, coalition)
    if request.method == "POST":
        require(may_edit)
    form = AskPromptsForm()
    if not form.is_submitted():
        _fill_prompts(form, queries.prompt_set(coalition.id))
    edit = Edit(form, lambda: queries.prompt_set(coalition.id), _saved_prompts)

    def save():
        texts = {stage: form[stage.value].data for stage in AskStage}
        return service.set_prompts(
            current_user, coalition, texts, expected_version=form.version.data
        )

    return edit.answer(
        save,
        template="asks/prompts.html",
        done=url_for(".prompts", coalition_id=coalition_id),
        coalition=coalition,
        may_edit=may_edit,
    )


def _fill_prompts(form: AskPromptsForm, saved: queries.PromptSet) -> None:
    """Each box with the coalition's own steps, else the defaults shown."""
    current = queries.prompts_for(saved.id)
    for stage in AskStage:
        form[stage.value].data = "\n".join(current[stage])
    form.version.data = saved.version


def _saved_prompts(saved: queries.PromptSet) -> dict:
    """What the boxes show now (the defaults where the coalition has none)."""
    current = queries.prompts_for(saved.id)
    return {stage.value: "\n".join(current[stage]) for stage in AskStage}
