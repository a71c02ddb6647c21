"""Personal API tokens at Security: made (the secret shown once), listed,
revoked; administrators list and revoke everyone's."""

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from caseboard.extensions import db
from caseboard.forms.api_tokens import NewTokenForm
from caseboard.loaders import HiddenObject
from caseboard.models import ApiToken
from caseboard.permissions import require
from caseboard.permissions_tokens import can_see_every_token, visible_tokens
from caseboard.services.api_tokens import create_token, every_token, revoke_token
from caseboard.unit_of_work import attempt
from caseboard.views import require_login

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")
bp.before_request(require_login)


@bp.after_request
def never_cached(response: Response) -> Response:
    # The page that shows a new token's secret must not be kept anywhere.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("", methods=["POST"])
def create():
    form = NewTokenForm()
    me = current_user._get_current_object()
    if form.validate_on_submit():
        outcome = attempt(
            lambda: create_token(
                me, me, form.name.data, form.scope.data, form.expires_days.data
            ),
            form=form,
        )
        if outcome:
            made = outcome.value
            return render_template(
                "tokens/created.html", token=made.token, secret=made.secret
            )
    for errors in form.errors.values():
        flash("The token was not made: " + " ".join(errors), "error")
    return redirect(url_for("account.security"))


@bp.route("/<int:token_id>/revoke", methods=["POST"])
def revoke(token_id: int):
    token = db.session.scalar(
        visible_tokens(current_user).where(ApiToken.id == token_id)
    )
    if token is None:
        raise HiddenObject(ApiToken, token_id)
    if attempt(lambda: revoke_token(current_user, token)):
        flash(f"The token “{token.name}” is revoked: it stops working now.", "info")
    if token.user_id != current_user.id:
        return redirect(url_for(".every"))
    return redirect(url_for("account.security"))


@bp.route("/all")
def every():
    require(can_see_every_token(current_user))
    return render_template(
        "tokens/all.html", tokens=every_token(), plain_form=FlaskForm()
    )
