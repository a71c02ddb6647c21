"""Unsubscribing from a mail's link, without signing in.

GET asks to confirm (a link scanner following the link changes nothing);
POST turns the setting off. The POST is also RFC 8058's one-click request
(a mail client posting ``List-Unsubscribe=One-Click``, without cookies), so
it takes no CSRF token: the signed token in the address is the proof.
"""

from flask import Blueprint, render_template, request

from caseboard.auth import sign_in_rate_limit
from caseboard.extensions import csrf, limiter
from caseboard.services import unsubscribe as service
from caseboard.unit_of_work import attempt

bp = Blueprint("unsubscribe", __name__)
PUBLIC_ENDPOINTS = {"unsubscribe.confirm"}


def _refused():
    return render_template("notifications/unsubscribe_refused.html"), 400


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@limiter.limit(sign_in_rate_limit)
@csrf.exempt
def confirm(token: str):
    found = service.read_token(token[:500])
    if found is None:
        return _refused()
    if request.method == "GET":
        return render_template("notifications/unsubscribe.html", found=found)
    outcome = attempt(lambda: service.unsubscribe(found))
    return render_template(
        "notifications/unsubscribed.html", found=found, done=bool(outcome)
    )
