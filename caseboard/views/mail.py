"""The outbox, for administrators: every email, queued, sent, failed (with
the server's reason) or withheld, and where mail goes without a server."""

from flask import Blueprint, current_app, render_template

from caseboard.mail import outbox_folder
from caseboard.permissions import can_manage_users
from caseboard.services import mail
from caseboard.views import signed_in_and

bp = Blueprint("mail", __name__)
bp.before_request(signed_in_and(can_manage_users))


@bp.route("/admin/mail")
def outbox():
    return render_template(
        "notifications/outbox.html",
        emails=mail.outbox(),
        server=bool(current_app.config.get("SMTP_URL")),
        folder=outbox_folder(),
    )
