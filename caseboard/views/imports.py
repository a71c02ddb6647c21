"""Importing spreadsheets: upload, a row-by-row preview, then confirm."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from caseboard.forms.common import add_service_error
from caseboard.forms.imports import ConfirmImportForm, ImportForm
from caseboard.permissions import can_import
from caseboard.services import import_rows, imports
from caseboard.unit_of_work import attempt
from caseboard.views import signed_in_and

bp = Blueprint("imports", __name__, url_prefix="/imports")

# Where to look at the result of each kind of import.
AFTER = {
    "organizations": "organizations.index",
    "people": "people.index",
    "relationships": "people.index",
    "interactions": "people.index",
}


bp.before_request(signed_in_and(can_import))  # editors only


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
            imports.holding_area(), kind=result.kind, data=data, user_id=current_user.id
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
    held = _take_held_upload()
    if not held:
        flash(
            "That upload has expired or was already imported: choose the file again.",
            "error",
        )
        return redirect(url_for(".new"))
    kind, data = held
    outcome = attempt(lambda: imports.apply(kind, data, current_user))
    if isinstance(outcome.refusal, import_rows.ImportRefused):
        return render_template("imports/preview.html", preview=outcome.refusal.preview)
    if not outcome:
        return redirect(url_for(".new"))
    result = outcome.value
    flash(
        f"Imported {kind}: {len(result.to_create)} created, "
        f"{len(result.skipped)} already there.",
        "info",
    )
    return redirect(url_for(AFTER[kind]))


def _take_held_upload():
    """The confirmed upload's kind and data, taken out of the holding area
    (so it is imported once), or None when it has expired or was used."""
    form = ConfirmImportForm()
    token = form.token.data or ""
    held = form.validate_on_submit() and imports.held_upload(
        imports.holding_area(), token, current_user.id
    )
    if held:
        imports.drop_upload(imports.holding_area(), token)
    return held
