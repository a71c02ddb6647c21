"""Coalitions: the list of one's own, a coalition's page, its membership
(invitations and their answers, people named in it), the top bar's
coalition switcher, and sharing a case with another coalition."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from caseboard.forms import choices as options
from caseboard.forms.coalitions import (
    AddMemberForm,
    CoalitionForm,
    NamePersonForm,
    ShareForm,
)
from caseboard.forms.common import values
from caseboard.inputs import parse_id
from caseboard.loaders import (
    load_case,
    load_child,
    load_coalition,
    load_optional,
    load_organization,
    load_person,
)
from caseboard.models import CoalitionStatus
from caseboard.permissions import require
from caseboard.permissions_coalitions import (
    can_answer_invitation,
    can_change_coalition_membership,
    can_create_coalition,
    can_manage_coalition,
    can_name_coalition_people,
    can_share_case,
)
from caseboard.queries import coalitions as queries
from caseboard.services import coalitions as service
from caseboard.unit_of_work import attempt
from caseboard.views import require_login, safe_next
from caseboard.views.editing import create_page, page_of
from caseboard.views.posting import post_form

FIELDS = ("name", "purpose", "area")

bp = Blueprint("coalitions", __name__, url_prefix="/coalitions")
bp.before_request(require_login)


@bp.route("")
def index():
    return render_template(
        "coalitions/index.html", coalitions=queries.coalitions_list(current_user)
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    require(can_create_coalition(current_user))
    return create_page(
        CoalitionForm(),
        lambda form: service.create_coalition(current_user, **values(form, FIELDS)),
        done=page_of("coalition_id"),
        template="coalitions/form.html",
    )


@bp.route("/<int:coalition_id>")
def show(coalition_id: int):
    coalition = load_coalition(coalition_id, queries.coalition_page_options())
    form = _member_form(coalition)
    return render_template(
        "coalitions/show.html",
        coalition=coalition,
        form=form,
        name_form=_name_form() if can_name_coalition_people(current_user) else None,
        history=queries.membership_history(coalition),
        next_meeting=queries.next_meeting(current_user, coalition),
        by_stage=queries.cases_by_stage(current_user, coalition),
        overdue=queries.overdue_by_organization(current_user, coalition),
        follow_through=queries.coalition_follow_through(current_user, coalition),
        network=queries.network_summary(coalition),
    )


def _member_form(coalition) -> AddMemberForm:
    form = AddMemberForm()
    form.organization_id.choices = [
        SelectChoice(i, name) for i, name in queries.organizations_to_add(coalition)
    ]
    return form


@bp.route("/<int:coalition_id>/members", methods=["POST"])
def add_member(coalition_id: int):
    coalition = load_coalition(coalition_id, queries.coalition_page_options())
    require(can_manage_coalition(current_user, coalition))
    form = _member_form(coalition)
    if form.validate_on_submit():
        organization = load_organization(form.organization_id.data)
        require(can_change_coalition_membership(current_user, coalition, organization))
        status = CoalitionStatus(form.status.data)
        attempt(
            lambda: service.add_organization(
                current_user, coalition, organization, status=status
            ),
            refused="Not added: ",
        )
    return redirect(url_for(".show", coalition_id=coalition_id))


@bp.route("/<int:coalition_id>/members/<int:coalition_member_id>/end", methods=["POST"])
def end_member(coalition_id: int, coalition_member_id: int):
    coalition = load_coalition(coalition_id, queries.coalition_page_options())
    membership = load_child(coalition.memberships, coalition_member_id)
    allowed = can_change_coalition_membership(
        current_user, coalition, membership.organization
    )
    require(allowed)
    attempt(
        lambda: service.end_coalition_membership(current_user, membership),
        refused="Not ended: ",
    )
    return redirect(url_for(".show", coalition_id=coalition_id))


@bp.route(
    "/invitations/<int:organization_id>/<int:coalition_member_id>/<answer>",
    methods=["POST"],
)
def answer_invitation(organization_id: int, coalition_member_id: int, answer: str):
    """The invited organization's answer (accept or decline), from its own
    page: the inviting coalition is not yet visible to its people."""
    if answer not in ("accept", "decline"):
        abort(404)
    organization = load_organization(organization_id)
    invitation = load_child(organization.coalition_memberships, coalition_member_id)
    require(can_answer_invitation(current_user, invitation))
    accepted = answer == "accept"
    act = service.activate_membership if accepted else service.end_coalition_membership
    if attempt(lambda: act(current_user, invitation), refused="Not answered: "):
        done = "joined" if accepted else "declined to join"
        flash(f"{organization.name} {done} {invitation.coalition.name}.", "info")
    return redirect(url_for("organizations.show", organization_id=organization_id))


def _name_form() -> NamePersonForm:
    form = NamePersonForm()
    options.fill_people(form.person_id, current_user)
    return form


@bp.route("/<int:coalition_id>/people", methods=["POST"])
def name_person(coalition_id: int):
    """Name a coordinator, or someone who works in it with no member
    organization (a resident)."""
    coalition = load_coalition(coalition_id)
    require(can_name_coalition_people(current_user))
    form = _name_form()
    post_form(
        form,
        lambda: service.name_person(
            current_user,
            coalition,
            load_person(form.person_id.data),
            coordinator=bool(form.coordinator.data),
        ),
        invalid="Nobody was named",
        refused="Not named: ",
    )
    return redirect(url_for(".show", coalition_id=coalition_id))


@bp.route("/<int:coalition_id>/people/<int:coalition_person_id>/end", methods=["POST"])
def end_naming(coalition_id: int, coalition_person_id: int):
    coalition = load_coalition(coalition_id)
    naming = load_child(coalition.people, coalition_person_id)
    require(can_name_coalition_people(current_user))
    attempt(lambda: service.end_naming(current_user, naming), refused="Not ended: ")
    return redirect(url_for(".show", coalition_id=coalition_id))


@bp.route("/choose", methods=["POST"])
def choose():
    """The top bar's switcher: one coalition, or all of one's own."""
    chosen = load_optional(load_coalition, parse_id(request.form.get("coalition_id")))
    attempt(lambda: service.choose_coalition(current_user, chosen))
    return redirect(safe_next(request.form.get("next"), url_for("main.dashboard")))


@bp.route("/share/<int:case_id>", methods=["GET", "POST"])
def share(case_id: int):
    """Share a case with another coalition for a period, with a reason."""
    case = load_case(case_id)
    require(can_share_case(current_user, case))
    form = ShareForm()
    form.coalition_id.choices = [
        SelectChoice(i, name) for i, name in queries.share_choices(case)
    ]
    if form.validate_on_submit():
        coalition = queries.coalition_by_id(form.coalition_id.data)

        def shared():
            return service.share_case(
                current_user,
                case,
                coalition,
                reason=form.reason.data,
                until=form.until.data,
            )

        if attempt(shared, form=form):
            return redirect(url_for("cases.show", case_id=case_id))
    return render_template("coalitions/share.html", case=case, form=form)


@bp.route("/share/<int:case_id>/<int:case_share_id>/end", methods=["POST"])
def end_share(case_id: int, case_share_id: int):
    """Stop showing the case to the other coalition, from today."""
    case = load_case(case_id)
    share = load_child(case.shares, case_share_id)
    require(can_share_case(current_user, case))
    if attempt(lambda: service.end_share(current_user, share), refused="Not ended: "):
        flash(f"{share.coalition.name} no longer sees this case.", "info")
    return redirect(url_for("cases.show", case_id=case_id) + "#shares")
