"""The signed-in user's own security: password, second factor, sessions."""

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from caseboard.auth import needs_second_factor_setup, renew_session
from caseboard.forms.account import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    SetUpSecondFactorForm,
)
from caseboard.forms.api_tokens import NewTokenForm
from caseboard.models import User
from caseboard.passwords import grouped, new_totp_secret, qr_svg, totp_uri
from caseboard.services.account import (
    change_password,
    disable_second_factor,
    enable_second_factor,
    replace_recovery_codes,
    unused_recovery_codes,
)
from caseboard.services.api_tokens import tokens_of
from caseboard.services.auth import sign_out_other_sessions
from caseboard.unit_of_work import attempt
from caseboard.views import require_login

bp = Blueprint("account", __name__, url_prefix="/account")
bp.before_request(require_login)

# The secret being set up, kept until the app shows a matching code.
SETUP_SECRET = "_totp_setup"
# What an administrator who must first set up a second factor may reach.
BEFORE_SECOND_FACTOR = frozenset(
    {
        "account.set_up_second_factor",
        "account.second_factor_qr",
        "auth.logout",
        "static",
        "main.healthz",
    }
)
REFUSED = object()


@bp.before_app_request
def second_factor_first() -> ResponseReturnValue | None:
    """Where a second factor is required, an administrator without one sets it
    up before anything else."""
    if request.endpoint in BEFORE_SECOND_FACTOR:
        return None
    if not needs_second_factor_setup(current_user):
        return None
    flash("Administrators sign in with a second factor. Set yours up first.", "info")
    return redirect(url_for("account.set_up_second_factor"))


@bp.after_request
def never_cached(response: Response) -> Response:
    # These pages show secrets: the authenticator key and recovery codes.
    response.headers["Cache-Control"] = "no-store"
    return response


def _me() -> User:
    # The user itself, not the proxy: Flask-Login stores what it is given.
    return current_user._get_current_object()


def _save(form: FlaskForm, action: Callable[[], Any]) -> Any:
    """For a valid form, run the service call and commit, even when it
    refuses: a wrong password it counted towards the lockout must stay
    counted. Its result, else REFUSED (the form invalid, or refused)."""
    if not form.validate_on_submit():
        return REFUSED
    outcome = attempt(action, form=form, keep_refused=True)
    return outcome.value if outcome else REFUSED


def _with_password(
    prefix: str, action: Callable[[User, str], Any]
) -> tuple[ConfirmPasswordForm, Any]:
    """The form that asks for the password again, and what ``action`` on
    the user gave once the password was accepted (else REFUSED)."""
    form = ConfirmPasswordForm(prefix=prefix)
    return form, _save(form, lambda: action(_me(), form.password.data))


def _security_page(**forms: FlaskForm) -> str:
    me = _me()
    return render_template(
        "account/security.html",
        password_form=forms.get("password_form") or ChangePasswordForm(formdata=None),
        off_form=forms.get("off_form") or ConfirmPasswordForm(prefix="off"),
        codes_form=forms.get("codes_form") or ConfirmPasswordForm(prefix="codes"),
        plain_form=FlaskForm(),
        unused_codes=unused_recovery_codes(me),
        tokens=tokens_of(me),
        token_form=NewTokenForm(formdata=None),
    )


@bp.route("/security")
def security():
    return _security_page()


@bp.route("/security/password", methods=["POST"])
def password():
    form = ChangePasswordForm()
    done = _save(
        form,
        lambda: change_password(
            _me(), form.current_password.data, form.new_password.data
        ),
    )
    if done is REFUSED:
        return _security_page(password_form=form)
    renew_session(_me())
    flash("Password changed. Every other session is signed out.", "info")
    return redirect(url_for(".security"))


@bp.route("/security/second-factor", methods=["GET", "POST"])
def set_up_second_factor():
    """Also moves an existing second factor to a new phone."""
    secret = session.get(SETUP_SECRET) or new_totp_secret()
    session[SETUP_SECRET] = secret
    form = SetUpSecondFactorForm()
    codes = _save(
        form,
        lambda: enable_second_factor(_me(), secret, form.code.data, form.password.data),
    )
    if codes is not REFUSED:
        session.pop(SETUP_SECRET)
        return render_template("account/recovery_codes.html", codes=codes)
    return render_template(
        "account/second_factor.html",
        form=form,
        secret=grouped(secret),
        uri=totp_uri(secret, _me().email),
    )


@bp.route("/security/second-factor/qr.svg")
def second_factor_qr():
    """The set-up address as a QR code, drawn here (never by an outside
    service), for the secret of the set-up page open in this session."""
    secret = session.get(SETUP_SECRET)
    if secret is None:
        abort(404)
    return Response(qr_svg(totp_uri(secret, _me().email)), mimetype="image/svg+xml")


@bp.route("/security/second-factor/off", methods=["POST"])
def turn_off_second_factor():
    form, done = _with_password("off", disable_second_factor)
    if done is REFUSED:
        return _security_page(off_form=form)
    flash("The second factor is off; its recovery codes no longer work.", "info")
    return redirect(url_for(".security"))


@bp.route("/security/recovery-codes", methods=["POST"])
def new_recovery_codes():
    form, codes = _with_password("codes", replace_recovery_codes)
    if codes is REFUSED:
        return _security_page(codes_form=form)
    return render_template("account/recovery_codes.html", codes=codes)


@bp.route("/security/sign-out-others", methods=["POST"])
def sign_out_others():
    # The CSRF check (CSRFProtect) is all this form has to pass.
    if attempt(lambda: sign_out_other_sessions(_me())):
        renew_session(_me())
        flash("Every other session is signed out; this one goes on.", "info")
    return redirect(url_for(".security"))
