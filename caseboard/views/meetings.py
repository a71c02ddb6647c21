from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from caseboard.clock import coalition_zone, local_date, today
from caseboard.forms import choices as options
from caseboard.forms.cases import CommentForm
from caseboard.forms.meetings import (
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    EditMeetingForm,
    MeetingForm,
)
from caseboard.forms.tasks import TaskStatusForm
from caseboard.loaders import load_case, load_meeting, load_optional, load_person
from caseboard.models import Meeting
from caseboard.permissions import can_run_meeting, can_schedule_meeting, require
from caseboard.queries import meetings as meeting_queries
from caseboard.queries import tasks as task_queries
from caseboard.queries.amendments import amendments
from caseboard.queries.paging import id_or_none, page_number
from caseboard.services import meetings, minutes
from caseboard.templating import format_date
from caseboard.unit_of_work import attempt
from caseboard.views import attachment, require_login
from caseboard.views.editing import create_page, page_of
from caseboard.views.notes import notes_section
from caseboard.words import plural

bp = Blueprint("meetings", __name__, url_prefix="/meetings")
bp.before_request(require_login)


def _fill_meeting_form(form):
    """Choices after the form's data is set: pickers keep the chosen values."""
    options.fill(form.case_id, current_user, "cases", options.NONE_COALITION)
    options.fill_people(form.invitees, current_user)
    return form


def _starts_at(form) -> datetime:
    local = datetime.combine(form.day.data, form.time.data, tzinfo=coalition_zone())
    return local.astimezone(UTC)


def _meeting_values(form) -> dict:
    return {
        "title": form.title.data,
        "starts_at": _starts_at(form),
        "duration_minutes": form.duration_minutes.data,
        "location": form.location.data,
        "video_link": form.video_link.data,
        "repeats": form.repeats.data,
    }


def _invitees(form) -> list:
    return [load_person(person_id) for person_id in form.invitees.data or []]


@bp.route("")
def index():
    upcoming, past = meeting_queries.meetings_list(
        current_user, page_number(request.args)
    )
    return render_template("meetings/index.html", upcoming=upcoming, past=past)


@bp.route("/new", methods=["GET", "POST"])
def new():
    case_id = id_or_none(request.args.get("case"))
    case = load_case(case_id) if case_id else None
    require(can_schedule_meeting(current_user, case))
    form = MeetingForm()
    if request.method == "GET":
        form.case_id.data = case.id if case else None
    return create_page(
        _fill_meeting_form(form),
        _schedule,
        done=page_of("meeting_id"),
        template="meetings/form.html",
        meeting=None,
    )


def _schedule(form: MeetingForm) -> Meeting:
    chosen = load_optional(load_case, form.case_id.data)
    require(can_schedule_meeting(current_user, chosen))
    return meetings.schedule_meeting(
        current_user, case=chosen, invitees=_invitees(form), **_meeting_values(form)
    )


@bp.route("/<int:meeting_id>")
def show(meeting_id: int):
    return show_page(load_meeting(meeting_id, meeting_queries.meeting_page_options()))


def show_page(meeting: Meeting, form=None):
    """The meeting's page; with a refused "add an item" form, its errors and
    what was typed."""
    return render_template(
        "meetings/show.html",
        **_agenda_context(meeting),
        item_form=item_form(meeting, form),
        following=meeting_queries.following_meeting(meeting),
        can_run=can_run_meeting(current_user, meeting),
        **notes_section(meeting),
    )


def item_form(meeting, form=None):
    form = form or AgendaItemForm()
    if meeting.case_id and request.method == "GET":
        form.case_id.data = meeting.case_id
    options.fill(form.case_id, current_user, "cases", options.NONE)
    options.fill_people(form.presenter_id, current_user, options.NONE)
    return form


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int):
    meeting = load_meeting(meeting_id)
    require(can_run_meeting(current_user, meeting))
    form = _edit_meeting_form(meeting)
    if not form.validate_on_submit():
        return render_template("meetings/form.html", form=form, meeting=meeting)
    outcome = attempt(
        lambda: meetings.update_meeting(
            current_user,
            meeting,
            expected_version=form.version.data,
            invitees=_invitees(form),
            **_meeting_values(form),
        ),
        form=form,
        lost_race=MEETING_RACE,
    )
    if outcome:
        return redirect(url_for(".show", meeting_id=meeting_id))
    if outcome.lost_race:
        return redirect(url_for(".edit", meeting_id=meeting_id))
    return render_template("meetings/form.html", form=form, meeting=meeting)


MEETING_RACE = (
    "Someone changed this meeting after you opened it; nothing was "
    "saved. Here is their version: make your changes again."
)


def _edit_meeting_form(meeting: Meeting) -> EditMeetingForm:
    form = _fill_meeting_form(EditMeetingForm(obj=meeting))
    if request.method == "GET":
        local = meeting.starts_at.astimezone(coalition_zone())
        form.day.data, form.time.data = local.date(), local.time()
        form.invitees.data = [i.person_id for i in meeting.invitations]
        options.fill_people(form.invitees, current_user)  # keep the invited
    del form.case_id  # a meeting stays with the case it was made for
    return form


def back_to_meeting(meeting_id: int, anchor: str = "") -> str:
    default = url_for(".show", meeting_id=meeting_id)
    target = request.form.get("next", "")
    if target.startswith(f"/meetings/{meeting_id}/") or target == default:
        return target + anchor
    return default + anchor


def action_form(meeting, item, *, blank: bool = False):
    """The action item form, its selects filled after the data is set (so a
    picker keeps the chosen value); ``blank`` ignores what was posted, for
    the form the run page shows under every item but a refused one."""
    form = ActionItemForm(formdata=None) if blank else ActionItemForm()
    options.fill_people(form.assignee_id, current_user, options.NONE)
    options.fill(form.organization_id, current_user, "organizations", options.NONE)
    options.fill(form.case_id, current_user, "cases", options.NONE)
    return form


@bp.route("/<int:meeting_id>/run")
def run(meeting_id: int):
    meeting = load_meeting(meeting_id, meeting_queries.meeting_page_options())
    require(can_run_meeting(current_user, meeting))
    return run_page(meeting)


def run_page(meeting: Meeting, *, refused_action=None, refused_item=None):
    """The run screen; with a refused action item (``(item id, form)``) or
    agenda item form, its errors beside its fields and what was typed kept."""
    attendance_form = AttendanceForm()
    options.fill_people(attendance_form.person_id, current_user)
    return render_template(
        "meetings/run.html",
        **_agenda_context(meeting),
        attendance_form=attendance_form,
        action_form=action_form(meeting, None, blank=True),
        refused_action=refused_action,
        refused_item=refused_item,
        review=task_queries.open_tasks_for_review(current_user, meeting),
        status_form=TaskStatusForm(),
        comment_form=CommentForm(),
        group_by=request.args.get("group", "organization"),
    )


@bp.route("/<int:meeting_id>/attendance", methods=["POST"])
def attendance(meeting_id: int):
    """One person's attendance. htmx swaps the row (or, for a walk-in, the
    section) in place; a plain post comes back to the page at #attendance."""
    meeting = load_meeting(meeting_id)
    require(can_run_meeting(current_user, meeting))
    form = AttendanceForm()
    options.fill_people(form.person_id, current_user)
    problem = None
    if form.validate_on_submit():
        # A lost race is a double click: the first click already recorded them.
        attempt(
            lambda: meetings.record_attendance(
                current_user,
                meeting,
                load_person(form.person_id.data),
                status=form.status.data,
                walk_in=form.walk_in.data,
            ),
            lost_race=None,
        )
    else:
        problem = _attendance_problem(form)
    return _attendance_answer(meeting, problem, person_id=form.person_id.data)


@bp.route("/<int:meeting_id>/attendance/all", methods=["POST"])
def all_present(meeting_id: int):
    meeting = load_meeting(meeting_id)
    require(can_run_meeting(current_user, meeting))
    if not FlaskForm().validate_on_submit():
        abort(400)
    attempt(lambda: meetings.mark_invited_present(current_user, meeting))
    return _attendance_answer(meeting, None)


def _attendance_problem(form) -> str:
    problem = f"Attendance was not recorded: {next(iter(form.errors.values()))[0]}"
    if request.headers.get("HX-Request") != "true":
        flash(problem, "error")
    return problem


def _attendance_answer(meeting: Meeting, problem: str | None, person_id=None):
    """htmx: the row its button targets (with the count), else the section."""
    if request.headers.get("HX-Request") != "true":
        return redirect(back_to_meeting(meeting.id, "#attendance"))
    here = url_for(".run", meeting_id=meeting.id)
    entry = next((a for a in meeting.attendance if a.person_id == person_id), None)
    target = request.headers.get("HX-Target")
    if problem is None and entry and target == f"attendee-{person_id}":
        return render_template(
            "meetings/_attendance_row.html",
            meeting=meeting,
            person=entry.person,
            entry=entry,
            here=here,
        )
    form = AttendanceForm()
    options.fill_people(form.person_id, current_user)
    section = render_template(
        "meetings/_attendance_section.html",
        meeting=meeting,
        attendance_form=form,
        here=here,
        problem=problem,
    )
    # Whatever the pressed button targeted, the whole section is replaced.
    return section, {"HX-Retarget": "#attendance", "HX-Reswap": "outerHTML"}


def _agenda_context(meeting: Meeting) -> dict:
    """The meeting and the agenda items the viewer may see; ``hidden_items``
    counts those about cases they cannot."""
    agenda, hidden = meeting_queries.agenda_for(current_user, meeting)
    return {"meeting": meeting, "agenda": agenda, "hidden_items": hidden}


def _minutes_context(meeting: Meeting) -> dict:
    """Everything the minutes show, in every format, for the current viewer."""
    context = _agenda_context(meeting)
    return {
        **context,
        "groups": minutes.attendance_by_organization(meeting),
        "amendments": amendments(meeting, context["agenda"]),
        "following": meeting_queries.following_meeting(meeting),
    }


@bp.route("/<int:meeting_id>/minutes")
def minutes_page(meeting_id: int, confirm_early: bool = False, email: bool = True):
    meeting = load_meeting(meeting_id, meeting_queries.meeting_page_options())
    context = _minutes_context(meeting)
    return render_template(
        "meetings/minutes.html",
        summary=render_template("meetings/minutes.txt", **context),
        can_run=can_run_meeting(current_user, meeting),
        confirm_early=confirm_early,
        email=email,
        **context,
    )


@bp.route("/<int:meeting_id>/publish", methods=["POST"])
def publish(meeting_id: int):
    """Publishing before the meeting's day asks first (``early=yes`` says so);
    the minutes are emailed only while ``email=yes`` stays ticked."""
    meeting = load_meeting(meeting_id)
    require(can_run_meeting(current_user, meeting))
    if not FlaskForm().validate_on_submit():
        return redirect(url_for(".minutes_page", meeting_id=meeting_id))
    email = request.form.get("email") == "yes"
    early = local_date(meeting.starts_at) > today()
    if early and request.form.get("early") != "yes":
        return minutes_page(meeting_id, confirm_early=True, email=email)
    if attempt(lambda: meetings.publish_minutes(current_user, meeting, email)):
        flash("The minutes are published.", "info")
    return redirect(url_for(".minutes_page", meeting_id=meeting_id))


@bp.route("/<int:meeting_id>/minutes.md")
def minutes_markdown(meeting_id: int):
    meeting = load_meeting(meeting_id, meeting_queries.meeting_page_options())
    text = render_template("meetings/minutes.md", **_minutes_context(meeting))
    name = f"minutes-{meeting.starts_at:%Y-%m-%d}-{meeting.id}.md"
    return attachment(text, "text/markdown", name)


@bp.route("/<int:meeting_id>/calendar.ics")
def calendar(meeting_id: int):
    """This meeting's invitation (the minutes link to the next one's)."""
    meeting = load_meeting(meeting_id)
    url = url_for(".show", meeting_id=meeting.id, _external=True)
    text = minutes.calendar_ics(meeting, url, request.host.split(":")[0])
    return attachment(text, "text/calendar", f"meeting-{meeting.id}.ics")


@bp.route("/<int:meeting_id>/next", methods=["POST"])
def schedule_next(meeting_id: int):
    meeting = load_meeting(meeting_id, meeting_queries.meeting_page_options())
    require(can_run_meeting(current_user, meeting))
    if not FlaskForm().validate_on_submit():
        abort(400)
    outcome = attempt(lambda: meetings.create_next_meeting(current_user, meeting))
    if not outcome:
        return redirect(url_for(".show", meeting_id=meeting_id))
    following = outcome.value
    when = following.starts_at.astimezone(coalition_zone())
    carried = len(following.items)
    flash(
        f"Next meeting: {when:%A} {format_date(when)} at {when:%H:%M}, "
        f"{plural(carried, 'item')} "
        "carried over.",
        "info",
    )

    return redirect(url_for(".show", meeting_id=following.id))
