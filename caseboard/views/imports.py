"""Importing spreadsheets: upload, a row-by-row preview, then confirm."""

from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from caseboard.extensions import db
from caseboard.forms.common import add_service_error
from caseboard.forms.imports import ConfirmImportForm, ImportForm
from caseboard.permissions import can_import, require
from caseboard.services import import_rows, imports
from caseboard.views import require_login

bp = Blueprint("imports", __name__, url_prefix="/imports")

# Where to look at the result of each kind of import.
AFTER = {
    "organizations": "organizations.index",
    "people": "people.index",
    "relationships": "people.index",
    "interactions": "people.index",
}


@bp.before_request
def editors_only():
    refused = require_login()
    if refused is not None:
        return refused
    require(can_import(current_user))
    return None


def _held_uploads() -> Path:
    return Path(current_app.instance_path) / "imports"


def _new_page(form: ImportForm):
    return render_template("imports/new.html", form=form, columns=import_rows.COLUMNS)


@bp.route("")
def new():
    return _new_page(ImportForm(kind=request.args.get("kind")))


@bp.route("/preview", methods=["POST"])
def preview():
    form = ImportForm()
    if not form.validate_on_submit():
        return _new_page(form)
    try:
        data = import_rows.read_limited(form.file.data.stream)
        result = imports.preview(form.kind.data, data, current_user)
    except import_rows.ImportFileError as error:
        add_service_error(form, error)
        return _new_page(form)
    token = None
    if result.ok and result.to_create:
        token = imports.hold_upload(
            _held_uploads(), kind=result.kind, data=data, user_id=current_user.id
        )
    confirm = ConfirmImportForm(formdata=None, token=token) if token else None
    return render_template(
        "imports/preview.html",
        preview=result,
        confirm=confirm,
        filename=form.file.data.filename,
    )


@bp.route("/apply", methods=["POST"])
def apply():
    form = ConfirmImportForm()
    token = form.token.data or ""
    held = form.validate_on_submit() and imports.held_upload(
        _held_uploads(), token, current_user.id
    )
    if not held:
        flash(
            "That upload has expired or was already imported: choose the file again.",
            "error",
        )
        return redirect(url_for(".new"))
    kind, data = held
    imports.drop_upload(_held_uploads(), token)
    try:
        result = imports.apply(kind, data, current_user)
    except import_rows.ImportRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return render_template("imports/preview.html", preview=refused.preview)
    db.session.commit()
    flash(
        f"Imported {kind}: {len(result.to_create)} created, "
        f"{len(result.skipped)} already there.",
        "info",
    )
    return redirect(url_for(AFTER[kind]))
