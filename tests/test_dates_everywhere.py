"""Issue 19, everywhere: a date that does not exist is "not a valid date",
never "this field is required"."""

import pytest
from werkzeug.datastructures import MultiDict

from caseboard.forms.cases import EndRoleForm
from caseboard.forms.people import EndMembershipForm


@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (EndRoleForm, "ended_on"),
        (EndMembershipForm, "ended_on"),
    ],
)
def test_a_date_that_does_not_exist_is_not_a_valid_date(app, form_class, field):
    with app.test_request_context(method="POST"):
        form = form_class(
            formdata=MultiDict({field: "2026-02-30"}), meta={"csrf": False}
        )
        form.validate()
        assert form[field].errors == ["Not a valid date value."]
        empty = form_class(formdata=MultiDict({field: ""}), meta={"csrf": False})
        empty.validate()
        assert empty[field].errors == ["This field is required."]


def test_a_new_case_with_an_impossible_opening_date(app):
    from caseboard.forms.cases import NewCaseForm

    with app.test_request_context(method="POST"):
        form = NewCaseForm(
            formdata=MultiDict({"opened_on": "2026-02-30"}), meta={"csrf": False}
        )
        assert not form.opened_on.validate(form)
        assert form.opened_on.errors == ["Not a valid date value."]


def test_audit_values_show_as_dates(client, make_user, make_person):
    from caseboard.extensions import db
    from caseboard.services.audit import record
    from tests.conftest import sign_in

    admin = make_user(role="admin")
    person = make_person(full_name="Dana Scully")
    record(
        admin,
        "update",
        person,
        {
            "started_on": ["2026-01-05", "2026-02-03"],
            "seen_at": [None, "2026-02-03T14:05:00+00:00"],
        },
        label=person.full_name,
    )
    db.session.commit()
    sign_in(client, admin)
    page = client.get("/admin/audit").text
    assert "<del>5 Jan 2026</del> → <ins>3 Feb 2026</ins>" in page
    assert "2026-02-03" not in page.replace('datetime="2026-02-03', "")
