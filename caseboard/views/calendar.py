"""My calendar feed: make (or renew) and revoke it; the feed itself, read
by calendar apps without signing in, by the token in its URL."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from caseboard.services import calendar as service
from caseboard.unit_of_work import attempt
from caseboard.views import require_login

bp = Blueprint("calendar", __name__)
PUBLIC_ENDPOINTS = {"calendar.feed"}


@bp.before_request
def guard():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    return require_login()


@bp.route("/account/calendar", methods=["GET", "POST"])
def settings():
    url = None
    if request.method == "POST":
        outcome = attempt(lambda: service.new_feed(current_user))
        if outcome:
            url = url_for(".feed", token=outcome.value, _external=True)
    return render_template(
        "notifications/calendar.html", url=url, has_feed=service.has_feed(current_user)
    )


@bp.route("/account/calendar/revoke", methods=["POST"])
def revoke():
    if attempt(lambda: service.revoke_feed(current_user)):
        flash("Your calendar feed is revoked: its address shows nothing now.", "info")
    return redirect(url_for(".settings"))


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    user = service.user_of_token(token[:100])
    if user is None:
        abort(404)
    return Response(service.feed_ics(user), mimetype="text/calendar")
