"""The bell's page: my notifications, newest first, marked read one by one
or all at once; and my settings for how I hear about them."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from caseboard.extensions import db
from caseboard.forms.notifications import settings_form
from caseboard.loaders import load_case
from caseboard.models import Notification
from caseboard.queries import notifications as queries
from caseboard.queries.paging import page_number
from caseboard.services import notification_settings as settings_service
from caseboard.services import notifications as service
from caseboard.unit_of_work import attempt
from caseboard.views import require_login, safe_next

bp = Blueprint("notifications", __name__)
bp.before_request(require_login)


def _mine(notification_id: int) -> Notification:
    """One of my notifications whose object I may still see, else 404."""
    found = db.session.scalar(
        queries.visible_notifications(current_user).where(
            Notification.id == notification_id
        )
    )
    if found is None:
        abort(404)
    return found


@bp.route("/notifications")
def index():
    page = queries.notifications_page(current_user, page_number(request.args))
    return render_template(
        "notifications/index.html", page=page, link_of=queries.link_of
    )


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
def read(notification_id: int):
    notification = _mine(notification_id)
    attempt(lambda: service.mark_read(current_user, notification))
    return redirect(safe_next(request.form.get("next"), url_for(".index")))


@bp.route("/notifications/read-all", methods=["POST"])
def read_all():
    attempt(lambda: service.mark_all_read(current_user))
    return redirect(url_for(".index"))


@bp.route("/account/notifications", methods=["GET", "POST"])
def settings():
    row = settings_service.settings_row(current_user)
    form = settings_form(**settings_service.form_data(current_user, row))
    if form.validate_on_submit() and attempt(
        lambda: settings_service.save_settings(
            current_user, form.version.data, form.digest.data, form.choices()
        ),
        form=form,
    ):
        flash("Your notification settings are saved.", "info")
        return redirect(url_for(".settings"))
    return render_template("notifications/settings.html", form=form)


@bp.route("/cases/<int:case_id>/mentions")
def mentions(case_id: int):
    """The @mention picker's answer to ``?q=``: who the writer may mention
    on the case (those who may see it)."""
    case = load_case(case_id)
    found = queries.mentionable(current_user, case, request.args.get("q", ""))
    return {"people": [{"name": n, "organization": o} for n, o in found]}
