from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm

from caseboard.extensions import db
from caseboard.forms.auth import LoginForm
from caseboard.services.users import authenticate, sign_in, sign_out
from caseboard.views import safe_next

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = "That email and password do not match an active account."


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.commit()  # keep the audited failure
            form.form_errors.append(BAD_CREDENTIALS)
        else:
            sign_in(user, remember=form.remember.data)
            db.session.commit()
            return redirect(
                safe_next(request.args.get("next"), url_for("main.dashboard"))
            )
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
@login_required
def logout():
    """GET asks to confirm: signing out must not happen from a link on another site."""
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        sign_out(current_user)
        db.session.commit()
        logout_user()
        flash("You are signed out.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/logout.html", form=form)
