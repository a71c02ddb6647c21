from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.exceptions import TooManyRequests

from caseboard.api.problems import is_api_request, problem
from caseboard.auth import (
    begin_second_factor,
    pending_second_factor,
    sign_in_rate_limit,
)
from caseboard.extensions import limiter
from caseboard.forms.auth import LoginForm, SecondFactorForm
from caseboard.models import User
from caseboard.services.auth import authenticate, check_second_factor, sign_in, sign_out
from caseboard.unit_of_work import attempt
from caseboard.views import safe_next

bp = Blueprint("auth", __name__)

# One answer for every refusal, so it never tells whether the email exists,
# the password was right or the account is locked.
BAD_CREDENTIALS = "That email and password do not match an active account."
BAD_CODE = "That code is not right, or was already used."


def _next_page() -> str:
    return safe_next(request.args.get("next"), url_for("main.dashboard"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(sign_in_rate_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        # The counted attempt and its audit event are committed, always.
        user, needs_code = attempt(lambda: _first_step(form)).value or (None, False)
        if needs_code:
            return redirect(url_for(".second_factor", next=request.args.get("next")))
        if user is not None:
            return redirect(_next_page())
        form.form_errors.append(BAD_CREDENTIALS)
    return render_template("auth/login.html", form=form)


def _first_step(form: LoginForm) -> tuple[User | None, bool]:
    """The password: the user and whether a second factor must follow."""
    user = authenticate(form.email.data, form.password.data)
    if user is None:
        return None, False
    needs_code = user.has_second_factor
    if needs_code:
        begin_second_factor(user, remember=form.remember.data)
    else:
        sign_in(user, remember=form.remember.data)
    return user, needs_code


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(sign_in_rate_limit, methods=["POST"])
def second_factor():
    """The second step for users with a second factor; without a pending
    sign-in (or after five minutes) it sends back to the first."""
    pending = pending_second_factor()
    if pending is None:
        return redirect(url_for(".login", next=request.args.get("next")))
    user, remember = pending
    form = SecondFactorForm()
    if form.validate_on_submit():
        # The counted attempt, the used code and the audit, always committed.
        method = attempt(lambda: _second_step(user, remember, form.code.data)).value
        if method is not None:
            return redirect(_next_page())
        form.code.errors = [BAD_CODE]
    return render_template("auth/second_factor.html", form=form)


def _second_step(user: User, remember: bool, code: str) -> str | None:
    """The code: how it was proven (app or recovery code), None if wrong."""
    method = check_second_factor(user, code)
    if method is not None:
        sign_in(user, remember=remember, method=method)
    return method


@bp.app_errorhandler(TooManyRequests)
def too_many_requests(error: TooManyRequests):
    if is_api_request():
        return problem(429, "Too many requests with this token; wait, then retry.")
    title = "Too many sign-in attempts"
    text = (
        "Too many attempts came from your network in a short time. Wait a few "
        "minutes, then try again. Forgotten your password? Ask your "
        "coalition's administrator to set a new one."
    )
    if request.blueprint == "unsubscribe":
        title = "Too many requests"
        text = "Too many requests came from your network. Wait a few minutes."
    if request.accept_mimetypes.best == "application/json":
        return {"error": title, "detail": text}, 429
    return render_template("errors/error.html", status=429, title=title, text=text), 429


@bp.route("/logout", methods=["GET", "POST"])
@login_required
def logout():
    """GET asks to confirm: signing out must not happen from a link on another site."""
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        attempt(lambda: sign_out(current_user))
        flash("You are signed out, on this device and every other.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/logout.html", form=form)
