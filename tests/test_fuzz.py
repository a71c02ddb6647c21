"""Bad input at volume: Hypothesis fills every form with what people (and
scripts) really send, and the app must never answer 500 nor let a form change
what it does not own.

Every state-changing route (the same list as ``tests/test_csrf.py``; a new one
fails ``test_every_form_is_fuzzed`` until it is added to ``FORMS``) is posted
its own WTForms fields, found on the form classes, filled with arbitrary text
(NUL bytes, right-to-left marks, huge strings, any Unicode), numbers (huge,
negative, NaN, infinity, Unicode digits), dates (invalid, year 1, year 9999)
and ids (real, missing, out of range, not numbers), plus fields no form has
(``org_id``, ``role``, ``is_admin``, ``site_role``, ``version``, ``id``,
``coordinator_id``). Each example is sent by an administrator or by a member
(the login forms by an anonymous visitor). After each one:

- the answer is not a 500 (nor an exception, which the test client raises);
- the member is still a member, not an administrator, still active; the
  administrator and coordinator keep their roles; no user appears except
  through the administrator's "new user" form;
- the case's coordinator changes only through the case's own edit form;
- a member posting to an administrator's form is refused (403).

Most examples are valid but for one field, so they get past validation to
the services and the database; the rest are anything at all.

The examples are derandomized, so a run is repeatable, and their number per
form is 25 by default. For the "bad input at volume" benchmark, ask for more:

    CASEBOARD_FUZZ_EXAMPLES=500 .venv/bin/pytest -q -s tests/test_fuzz.py
    .venv/bin/python -m bench.reliability fuzz --examples 500   # the same, timed

Each form prints how many examples it ran, the answers, how many saved
something and how many ended in a 500; the module prints the totals (run with
``-s`` to see them), as "Fuzz: F forms, N examples, E server errors", which
the benchmark reads.

What it found is kept fixed by ``test_inputs_that_once_gave_a_server_error``
at the end: NUL characters (PostgreSQL refuses them), a 400-digit number in
an integer field, an organization edit without its services field, and a
problem type or organization name that differs only in non-ASCII case
(SQLite's ``lower()`` folds only ASCII), and a service longer than its
column (PostgreSQL refuses it).
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from io import BytesIO
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TimeField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import Length

from caseboard.extensions import db
from caseboard.forms.account import (
    ChangePasswordForm,
    ConfirmPasswordForm,
    SetUpSecondFactorForm,
)
from caseboard.forms.accreditation import (
    EditStandardForm,
    EnrolForm,
    SchemeForm,
    StandardForm,
    StepForm,
)
from caseboard.forms.api_tokens import NewTokenForm
from caseboard.forms.asks import AskForm, AskPromptsForm, AskResponseForm, AskStageForm
from caseboard.forms.auth import LoginForm, SecondFactorForm
from caseboard.forms.cases import (
    CommentForm,
    EditCaseForm,
    EndRoleForm,
    MoveStageForm,
    NewCaseForm,
    PlaceForm,
    ProblemTypeForm,
    ResponseForm,
    ResponseStatusForm,
    RoleForm,
)
from caseboard.forms.coalitions import (
    AddMemberForm,
    CoalitionForm,
    NamePersonForm,
    ShareForm,
)
from caseboard.forms.common import VersionField
from caseboard.forms.contacts import ContactForm, TieForm
from caseboard.forms.imports import ConfirmImportForm, ImportForm
from caseboard.forms.maps import AreaForm
from caseboard.forms.measures import (
    AssessmentDueForm,
    EditMeasureForm,
    MeasureForm,
    MeasureImportForm,
    WindowForm,
)
from caseboard.forms.meetings import (
    ActionItemForm,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    EditMeetingForm,
    MeetingForm,
    NotesForm,
)
from caseboard.forms.network import HandoverForm
from caseboard.forms.notes import NoteForm
from caseboard.forms.organizations import EditOrganizationForm, OrganizationForm
from caseboard.forms.people import (
    EditPersonForm,
    EndMembershipForm,
    MembershipForm,
    NewPersonForm,
)
from caseboard.forms.rounds import (
    EditRoundForm,
    EditStopForm,
    EndStopForm,
    RoundForm,
    StopForm,
    VisitForm,
)
from caseboard.forms.tasks import EditTaskForm, NewTaskForm, TaskStatusForm
from caseboard.forms.users import EditUserForm, NewUserForm
from caseboard.models import AuditEvent, Case, Notification, ProblemType, User
from caseboard.queries.paging import MAX_ID
from caseboard.sara import ALL_KEYS
from caseboard.services import agenda, notes
from caseboard.services.import_rows import COLUMNS
from caseboard.services.unsubscribe import make_token
from tests.conftest import sign_in
from tests.factories import PASSWORD
from tests.test_csrf import (
    IDS,
    OTHER_VALUES,
    READ_AUDIT,
    accreditation_of,
    state_changing_rules,
    token_of,
)

EXAMPLES = int(os.environ.get("CASEBOARD_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is deterministic
    database=None,
    print_blob=False,
    suppress_health_check=list(HealthCheck),
)
# Fields a forger adds to any form, hoping one is bound to the model.
EXTRA_FIELDS = (
    "org_id",
    "role",
    "is_admin",
    "site_role",
    "version",
    "id",
    "coordinator_id",
)
World = SimpleNamespace


@dataclass(frozen=True)
class Form:
    """What a route reads: a WTForms class (with its prefix) and any fields
    the view reads from ``request.form`` itself."""

    form: type[FlaskForm] | None = None
    prefix: str = ""
    raw: dict[str, str] = field(default_factory=dict)  # name -> kind
    version_of: str | None = None  # the world object a VersionField names
    query: dict[str, str] = field(default_factory=dict)  # name -> kind


FORMS: dict[str, Form] = {
    "account.password": Form(ChangePasswordForm),
    "account.new_recovery_codes": Form(ConfirmPasswordForm, prefix="codes"),
    "account.set_up_second_factor": Form(SetUpSecondFactorForm),
    "account.turn_off_second_factor": Form(ConfirmPasswordForm, prefix="off"),
    "account.sign_out_others": Form(),
    "notifications.read": Form(raw={"next": "text"}),
    "notifications.read_all": Form(),
    "unsubscribe.confirm": Form(raw={"List-Unsubscribe": "text"}),
    "notifications.settings": Form(
        raw={"version": "text", "digest": "text", "kind_task_assigned": "text"}
    ),
    "calendar.settings": Form(),
    "calendar.revoke": Form(),
    "tokens.create": Form(NewTokenForm),
    "tokens.revoke": Form(),
    "admin.problem_types": Form(ProblemTypeForm),
    "admin.edit_user": Form(EditUserForm, version_of="target"),
    "accreditation.scheme": Form(SchemeForm, version_of="scheme"),
    "accreditation.add_standard": Form(StandardForm),
    "accreditation.edit_standard": Form(EditStandardForm, version_of="standard"),
    "accreditation.enrol": Form(EnrolForm),
    "accreditation.progress": Form(StepForm),
    "accreditation.sign_off": Form(StepForm),
    "admin.unlock": Form(),
    "admin.reset_factor": Form(),
    "admin.new_user": Form(NewUserForm, query={"person": "id"}),
    "assessment.new_measure": Form(MeasureForm),
    "assessment.edit_measure": Form(EditMeasureForm, version_of="measure"),
    "assessment.data": Form(
        raw={"v-target-2025-01-01": "text", "ver-target-2025-01-01": "text"},
        query={"more": "id"},
    ),
    "assessment.import_preview": Form(MeasureImportForm),
    "assessment.import_apply": Form(ConfirmImportForm),
    "assessment.window": Form(WindowForm),
    "assessment.remove_start": Form(),
    "assessment.assessment_due": Form(AssessmentDueForm, version_of="case"),
    "maps.save_area": Form(
        AreaForm, raw={f"version_{area}": "text" for area in ("target", "buffer")}
    ),
    "maps.remove_area": Form(),
    "auth.login": Form(LoginForm),
    "auth.second_factor": Form(SecondFactorForm),
    "auth.logout": Form(),
    "cases.comment": Form(CommentForm),
    "cases.edit": Form(EditCaseForm, version_of="case"),
    "cases.add_place": Form(PlaceForm),
    "cases.add_response": Form(ResponseForm),
    "cases.response_status": Form(ResponseStatusForm),
    "cases.add_role": Form(RoleForm),
    "cases.end_role": Form(EndRoleForm),
    "cases.sara": Form(
        raw={key: "text" for key in sorted(ALL_KEYS)} | {"version": "version"},
        version_of="case",
        query={"stage": "stage"},
    ),
    "cases.move_stage": Form(MoveStageForm, version_of="case"),
    "cases.new": Form(NewCaseForm),
    "coalitions.new": Form(CoalitionForm),
    "coalitions.add_member": Form(AddMemberForm),
    "coalitions.end_member": Form(),
    "coalitions.answer_invitation": Form(),
    "coalitions.name_person": Form(NamePersonForm),
    "coalitions.end_naming": Form(),
    "coalitions.end_share": Form(),
    "coalitions.choose": Form(raw={"coalition_id": "coalition", "next": "next"}),
    "coalitions.share": Form(ShareForm),
    "contacts.new": Form(ContactForm, query={"person": "id", "case": "id"}),
    "contacts.add_tie": Form(TieForm),
    "imports.preview": Form(ImportForm),
    "imports.apply": Form(ConfirmImportForm),
    "meetings.attendance": Form(AttendanceForm),
    "meetings.edit": Form(EditMeetingForm, version_of="meeting"),
    "meetings.add_item": Form(AgendaItemForm, raw={"next": "text"}),
    "meetings.add_action": Form(ActionItemForm),
    "meetings.add_decision": Form(DecisionForm),
    "meetings.move_item": Form(raw={"up": "text"}),
    "meetings.item_notes": Form(NotesForm, version_of="item"),
    "meetings.remove_item": Form(),
    "meetings.item_status": Form(raw={"status": "item_status"}),
    "meetings.schedule_next": Form(),
    "meetings.publish": Form(),
    "meetings.all_present": Form(),
    "meetings.suggest": Form(raw={"pick": "picks"}),
    "meetings.new": Form(MeetingForm, query={"case": "id"}),
    "network.handover": Form(HandoverForm, query={"person": "id"}),
    "notes.add_case": Form(NoteForm),
    "notes.add_person": Form(NoteForm),
    "notes.add_meeting": Form(NoteForm),
    "notes.add_stop": Form(NoteForm),
    "asks.new": Form(AskForm),
    "asks.move": Form(AskStageForm, version_of="ask"),
    "asks.tie": Form(AskResponseForm),
    "asks.prompts": Form(AskPromptsForm, version_of="prompts"),
    "rounds.new": Form(RoundForm),
    "rounds.add_stop": Form(StopForm),
    "rounds.visit": Form(VisitForm, query={"next": "next"}),
    "rounds.edit": Form(EditRoundForm, version_of="round"),
    "rounds.edit_stop": Form(EditStopForm, version_of="stop"),
    "rounds.end_stop": Form(EndStopForm, version_of="stop"),
    "notes.delete": Form(),
    "organizations.edit": Form(EditOrganizationForm, version_of="org"),
    "organizations.new": Form(OrganizationForm),
    "organizations.grant_administrator": Form(),
    "organizations.revoke_administrator": Form(),
    "people.add_membership_view": Form(MembershipForm),
    "people.end_membership_view": Form(EndMembershipForm),
    "people.edit": Form(EditPersonForm, version_of="colleague"),
    "people.new": Form(NewPersonForm, query={"organization": "id"}),
    "tasks.new": Form(NewTaskForm, query={"response": "id"}),
    "tasks.comment": Form(CommentForm, raw={"next": "text"}),
    "tasks.edit": Form(EditTaskForm, version_of="task"),
    "tasks.change_status": Form(
        TaskStatusForm, version_of="task", raw={"next": "text"}
    ),
}

# Who sends the examples: an administrator and a member; the sign-in forms
# are for visitors who are not signed in.
ANONYMOUS_ONLY = {"auth.login", "auth.second_factor"}


# Values ---------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "\u202eevil\u202c",
    "\u200b\u200d\ufeff",
    "e\u0301\u0301\u0301",
    "𝕳𝖆𝖗𝖇𝖔𝖗 🏙️👩🏽‍🚒",
    "Ḩ̵̛̺͐a̸r̴b̷o̸r̵",
    "'; DROP TABLE cases; --",
    "' OR '1'='1",
    "%s%s%s%n",
    "{{7*7}}",
    "{% raw %}",
    "${7*7}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "../../../etc/passwd",
    "\r\n\r\nSet-Cookie: x=1",
    "\\",
    "%",
    "_",
    "NaN",
    "None",
    "null",
    "true",
    "-1",
    "0",
]
NUMBERS = [
    "0",
    "-0",
    "-1",
    "1",
    "5",
    "60",
    "240",
    "601",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "-1e309",
    "1e-400",
    "0x10",
    "1_000",
    "٣",  # an Arabic-Indic digit: Python's int() accepts it
    "²",
    " 7 ",
    "7.5",
    str(MAX_ID),
    str(MAX_ID + 1),
    str(2**63),
    "9" * 400,
    "",
]
DATES = [
    "",
    "0000-00-00",
    "0001-01-01",
    "1899-12-31",
    "9999-12-31",
    "10000-01-01",
    "-0001-01-01",
    "2024-02-30",
    "2023-02-29",
    "2024-13-01",
    "2024-1-1",
    "01/02/2024",
    "2024-01-01T10:00",
    "today",
]
TIMES = ["10:00", "00:00", "23:59", "24:00", "25:61", "10:00:00", "10", "", "noon"]


def huge() -> st.SearchStrategy[str]:
    return st.builds(
        lambda piece, n: piece * n,
        st.sampled_from(["x", "é", "\x00", "𝕏", "<b>", "\u202e"]),
        st.integers(min_value=1_000, max_value=300_000),
    )


def text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=40),
        st.text(max_size=20).map(lambda s: f"{s}\x00{s}"),  # PostgreSQL refuses NUL
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=300),
        st.sampled_from(NASTY),
        huge(),
    )


def numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        text(),
    )


def dates() -> st.SearchStrategy[str]:
    return st.one_of(
        st.dates().map(date.isoformat), st.sampled_from(DATES), numbers(), text()
    )


def ids() -> st.SearchStrategy[str]:
    special = ["", "0", "-1", "None", str(MAX_ID), str(MAX_ID + 1), "1.0", "1e3"]
    return st.one_of(st.sampled_from(special), numbers())


# Values a person would type: most examples are valid but for one field, so
# they get past validation to the services and the database.
WORDS = st.text(
    st.characters(categories=["L", "Nd", "Zs", "P"], codec="utf-8"),
    min_size=1,
    max_size=40,
).filter(str.strip)
NEAR = st.integers(min_value=-60, max_value=60).map(
    lambda days: (date.today() + timedelta(days=days)).isoformat()
)
NEW_PASSWORD = "a quiet harbour at dawn"


def ids_named(name: str, world: World) -> list[int]:
    """The ids a select of this name offers (as far as the name tells)."""
    w = world.ids
    if "organization" in name or name in ("restricted_to", "org"):
        return [w["organization_id"], w["other_organization"]]
    if "person" in name or name in ("people", "invitees", "other_id"):
        return [w["person_id"], w["member_person"], w["admin_person"]]
    if "presenter" in name or "assignee" in name:
        return [w["person_id"], w["member_person"]]
    if name.startswith("case"):
        return [w["case_id"]]
    if name.startswith("response"):
        return [w["response_id"]]
    if name == "coordinator_id":
        return [w["admin_user"], w["member_user"], world.coordinator.id]
    if name == "problem_type_id":
        return w["problem_types"]
    return sorted({v for v in w.values() if isinstance(v, int)})


def good_value(name: str, unbound: UnboundField | None, world: World) -> Any:
    kind = unbound.field_class if unbound is not None else None
    static = unbound.kwargs.get("choices") if unbound is not None else None
    bare = name.split("-")[-1]
    if kind is None:
        return WORDS
    if issubclass(kind, SelectMultipleField):
        options = ids_named(bare, world)
        return st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True)
    if issubclass(kind, SelectField) and static:
        return st.sampled_from([str(choice_value(c)) for c in static])
    if issubclass(kind, SelectField):
        return st.sampled_from([str(i) for i in ids_named(bare, world)] + [""])
    if issubclass(kind, VersionField):
        return st.just(CURRENT)
    if issubclass(kind, IntegerField):
        return st.integers(min_value=1, max_value=120).map(str)
    if issubclass(kind, FloatField):
        return st.floats(min_value=-80, max_value=80).map(str)
    if issubclass(kind, DateField):
        return NEAR
    if issubclass(kind, TimeField):
        return st.times().map(lambda t: t.strftime("%H:%M"))
    if issubclass(kind, BooleanField):
        return st.sampled_from(["y", ""])
    if kind.__name__ == "FileField":
        return good_csv()
    if kind.__name__ == "PasswordField":
        new = bare in ("new_password", "confirm")
        return st.just(NEW_PASSWORD if new else PASSWORD)
    if kind.__name__ == "EmailField":
        return st.integers(1, 10**6).map(lambda n: f"fuzz{n}@example.org")
    if kind.__name__ == "URLField":
        return st.just("https://example.org/meet")
    if bare == "to_stage":
        return st.sampled_from(["scanning", "analysis", "response", "assessment"])
    longest = max_length(unbound)
    if longest:  # as long as the field takes: where summaries and columns overflow
        full = st.builds(lambda c: (c * longest)[:longest], WORDS)
        return st.one_of(WORDS, WORDS, full)
    return WORDS


def max_length(unbound: UnboundField) -> int | None:
    """The most characters the field's Length validator allows."""
    for validator in unbound.kwargs.get("validators") or []:
        if isinstance(validator, Length) and validator.max > 0:
            return validator.max  # type: ignore[no-any-return]
    return None


def bad_value(unbound: UnboundField | None) -> Any:
    kind = unbound.field_class if unbound is not None else None
    if kind is None:
        return text()
    if issubclass(kind, SelectMultipleField):
        return st.lists(st.one_of(ids(), text()), max_size=5)
    if issubclass(kind, SelectField):
        return st.one_of(ids(), text())
    if issubclass(kind, (IntegerField, FloatField)):
        return numbers()
    if issubclass(kind, DateField):
        return dates()
    if issubclass(kind, TimeField):
        return st.one_of(st.sampled_from(TIMES), st.times().map(str), text())
    if kind.__name__ == "FileField":
        return any_file()
    return text()


CURRENT = object()  # replaced by the record's version when the example is sent
MISSING = object()  # the field is left out of the request


def good_csv() -> st.SearchStrategy[tuple[BytesIO, str]]:
    def build(kind: str, rows: list[list[str]]) -> tuple[BytesIO, str]:
        head = list(COLUMNS[kind].names)
        lines = [head, *[(row * len(head))[: len(head)] for row in rows]]
        body = "\n".join(",".join(cells) for cells in lines)
        return BytesIO(body.encode()), f"{kind}.csv"

    row = st.lists(WORDS.map(lambda s: s.replace(",", " ")), min_size=1, max_size=3)
    return st.builds(build, st.sampled_from(sorted(COLUMNS)), st.lists(row, max_size=4))


def any_file() -> st.SearchStrategy[tuple[BytesIO, str]]:
    cell = st.one_of(st.text(max_size=300), st.sampled_from(NASTY))
    cells = st.lists(st.lists(cell, min_size=1, max_size=8), max_size=6)
    as_csv = cells.map(lambda rows: "\n".join(",".join(row) for row in rows).encode())
    name = st.sampled_from(["people.csv", "x.exe", "", "../../etc/passwd.csv"])
    return st.tuples(st.one_of(as_csv, st.binary(max_size=2000)), name).map(
        lambda pair: (BytesIO(pair[0]), pair[1])
    )


def choice_value(choice: Any) -> Any:
    """A static choice's value: a SelectChoice or a (value, label) pair."""
    return getattr(choice, "value", None) or choice[0]


RAW_FIELDS: dict[str, tuple[Callable[[World], Any], Any]] = {
    # kind: (good values, bad values)
    "text": (lambda w: WORDS, text()),
    "version": (lambda w: st.just(CURRENT), numbers()),
    "up": (lambda w: st.sampled_from(["1", ""]), text()),
    "next": (lambda w: st.sampled_from(["/tasks/mine", "/"]), text()),
    "item_status": (lambda w: st.sampled_from(["open", "done"]), text()),
    "stage": (
        lambda w: st.sampled_from(["scanning", "analysis", "response", "assessment"]),
        text(),
    ),
    "picks": (lambda w: st.lists(WORDS, max_size=3), st.lists(text(), max_size=4)),
    "coalition": (
        lambda w: st.sampled_from(["", str(w.ids["coalition_id"])]),
        numbers(),
    ),
}


def form_fields(spec: Form) -> dict[str, UnboundField]:
    if spec.form is None:
        return {}
    prefix = f"{spec.prefix}-" if spec.prefix else ""
    return {
        prefix + name: value
        for name in dir(spec.form)
        if isinstance(value := getattr(spec.form, name), UnboundField)
    }


def field_strategies(spec: Form, world: World) -> dict[str, tuple[Any, Any]]:
    """Each field the route reads, with its (good, bad) values."""
    fields = {
        name: (good_value(name, unbound, world), bad_value(unbound))
        for name, unbound in form_fields(spec).items()
    }
    for name, kind in spec.raw.items():
        good, bad = RAW_FIELDS[kind]
        fields[name] = (good(world), bad)
    return fields


def query_strategies(spec: Form, world: World) -> dict[str, tuple[Any, Any]]:
    return {
        name: (
            st.sampled_from([str(i) for i in ids_named(name, world)])
            if kind == "id"
            else RAW_FIELDS[kind][0](world),
            st.one_of(ids(), text()),
        )
        for name, kind in spec.query.items()
    }


@st.composite
def values(draw: Any, fields: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    """All fields valid, all but one valid, or anything at all (fields left
    out included)."""
    mode = draw(st.sampled_from(["valid", "one bad", "one bad", "anything"]))
    names = sorted(fields)
    spoiled = draw(st.sampled_from(names)) if names and mode == "one bad" else None
    chosen = {}
    for name in names:
        good, bad = fields[name]
        if mode == "valid" or (mode == "one bad" and name != spoiled):
            value = draw(good)
        elif mode == "one bad":
            value = draw(st.one_of(bad, st.just(MISSING)))
        else:
            value = draw(st.one_of(good, bad, st.just(MISSING)))
        if value is not MISSING:
            chosen[name] = value
    return chosen


def extra_fields(fields: dict[str, Any], world: World) -> Any:
    """Fields no form of this route has, that a forger would try."""
    forged = st.one_of(
        st.sampled_from(["1", "admin", "true", "y", str(world.ids["admin_user"])]),
        st.sampled_from(NUMBERS),
        st.integers().map(str),
    )
    return st.fixed_dictionaries(
        {}, optional={name: forged for name in EXTRA_FIELDS if name not in fields}
    )


# The world and its checks -----------------------------------------------------


def _assessment_of(world: World) -> int:
    """A measure (``world.measure``, for its version) and a response start of
    the world's case; the start's id."""
    from caseboard.services import measures

    world.measure = measures.create_measure(
        None, world.case, name=f"Fuzzed measure {world.case.id}"
    )
    start = measures.add_response_start(None, world.case, date(2025, 1, 1))
    db.session.commit()
    return start.id


def _area_of(world: World) -> int:
    from tests.test_csrf import area_of

    return area_of(world).id  # type: ignore[no-any-return]


def ids_of(world: World) -> dict[str, Any]:
    return {
        "start_id": _assessment_of(world),
        "area_id": _area_of(world),
        "measure_id": world.measure.id,
        "problem_types": sorted(db.session.scalars(db.select(ProblemType.id)))[:3],
        "case_id": world.case.id,
        "response_id": world.response.id,
        "role_id": world.role.id,
        "task_id": world.task.id,
        "meeting_id": world.meeting.id,
        "item_id": world.item.id,
        "note_id": world.note.id,
        "person_id": world.colleague.id,
        "membership_id": world.membership.id,
        "organization_id": world.org.id,
        "user_id": world.target.id,
        "coalition_id": world.coalition.id,
        "coalition_member_id": world.coalition_member.id,
        # Rows these routes would find under their parent, or answer 404.
        "coalition_person_id": world.coalition_member.id,
        "case_share_id": world.coalition_member.id,
        "answer": "decline",
        "establishment_id": accreditation_of(world).establishment.id,
        "standard_id": world.accreditation.standard.id,
        "round_id": world.round.id,
        "ask_id": world.ask.id,
        "stop_id": world.stop.id,
        # The member's: their task was assigned by the administrator.
        "notification_id": db.session.scalar(
            db.select(Notification.id).where(Notification.user_id == world.member.id)
        ),
        "other_organization": world.other.id,
        "member_person": world.member.person_id,
        "admin_person": world.admin.person_id,
        "admin_user": world.admin.id,
        "member_user": world.member.id,
        "token_id": token_of(world).id,
        # The member's own link, turning off the comments on their tasks.
        "token": make_token(world.member.id, "comment"),
    }


def version_now(world: World, name: str) -> int:
    db.session.expire_all()
    if name == "prompts":  # the coalition's set of ask prompts, not one row
        from caseboard.queries.asks import prompt_set

        return prompt_set(world.coalition.id).version
    return getattr(world, name).version  # type: ignore[no-any-return]


def fresh_targets(endpoint: str, world: World) -> dict[str, int]:
    """Routes that delete what they name get a new one for each example."""
    admin = db.session.get(User, world.ids["admin_user"])
    if endpoint == "notes.delete":
        case = db.session.get(Case, world.ids["case_id"])
        note = notes.add_note(admin, case, "To be deleted", [])
        db.session.commit()
        return {"note_id": note.id}
    if endpoint == "assessment.remove_start":
        from caseboard.services.measures import add_response_start

        start = add_response_start(admin, world.case, date(2025, 2, 1))
        db.session.commit()
        return {"start_id": start.id}
    if endpoint == "maps.remove_area":
        from tests.test_csrf import area_of

        return {"area_id": area_of(world).id}
    if endpoint == "meetings.remove_item":
        item = agenda.add_agenda_item(
            admin, world.meeting, title="To be removed", case=world.case
        )
        db.session.commit()
        return {"item_id": item.id}
    return {}


def protected_state(world: World) -> dict[str, Any]:
    db.session.rollback()
    db.session.expire_all()
    users = {u.id: u for u in db.session.scalars(db.select(User))}
    member = users[world.ids["member_user"]]
    return {
        "member": (member.site_role, member.is_admin, member.active, member.person_id),
        "admin": users[world.ids["admin_user"]].site_role,
        "coordinator": users[world.coordinator.id].site_role,
        "users": sorted(users),
        "case coordinator": db.session.get(Case, world.ids["case_id"]).coordinator_id,
    }


def audit_events() -> int:
    """Events of writes (reading restricted notes is audited too)."""
    writes = AuditEvent.action.not_in(READ_AUDIT)
    return db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(writes))  # type: ignore[no-any-return]


# What a form may legitimately change among the protected values.
MAY_CHANGE = {
    "admin.new_user": {"users"},
    "cases.edit": {"case coordinator"},
}


@dataclass
class Tally:
    examples: int = 0
    saved: int = 0  # examples that wrote something (an audit event)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


TOTALS: dict[str, Tally] = {}


@pytest.fixture(scope="module", autouse=True)
def _print_totals() -> Iterator[None]:
    yield
    examples = sum(t.examples for t in TOTALS.values())
    errors = sum(len(t.failures) for t in TOTALS.values())
    print(
        f"\nFuzz: {len(TOTALS)} forms, {examples} examples, {errors} server errors "
        f"({EXAMPLES} examples per form; CASEBOARD_FUZZ_EXAMPLES to change)"
    )


def test_every_form_is_fuzzed(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in state_changing_rules(app)}
    assert endpoints - set(FORMS) == set(), "add the new routes to FORMS"
    assert set(FORMS) - endpoints == set(), "FORMS names routes that are gone"


def send(
    client: FlaskClient, url: str, data: dict[str, Any], query: dict[str, Any]
) -> int:
    body = MultiDict()
    upload = any(isinstance(value, tuple) for value in data.values())
    for name, value in data.items():
        for one in value if isinstance(value, list) else [value]:
            if upload and isinstance(one, str):
                # The test client spools a multipart body over 500 kB to a
                # temporary file it never closes (a ResourceWarning).
                one = one[:20_000]
            body.add(name, one)
    return client.post(url, data=body, query_string=query).status_code


@pytest.mark.parametrize("endpoint", sorted(FORMS))
def test_no_form_input_gives_a_server_error_or_changes_what_it_does_not_own(
    app: Flask, world: World, endpoint: str
) -> None:
    spec = FORMS[endpoint]
    world.ids = ids_of(world)
    (rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    adapter = app.url_map.bind("localhost")
    actors = ["anonymous"] if endpoint in ANONYMOUS_ONLY else ["admin", "member"]
    clients = {actor: app.test_client() for actor in actors}
    fields = field_strategies(spec, world)
    tally = TOTALS.setdefault(endpoint, Tally())

    @FUZZ
    @given(
        actor=st.sampled_from(actors),
        data=values(fields),
        extra=extra_fields(fields, world),
        query=values(query_strategies(spec, world)),
    )
    def post(
        actor: str, data: dict[str, Any], extra: dict[str, Any], query: dict[str, Any]
    ) -> None:
        data = {**extra, **data}
        tally.examples += 1
        client = clients[actor]
        if actor == "anonymous":
            with client.session_transaction() as session:
                session.clear()
        else:
            user = db.session.get(User, world.ids[f"{actor}_user"])
            db.session.refresh(user)  # its session generation may have moved
            sign_in(client, user)
        targets = {**world.ids, **fresh_targets(endpoint, world)}
        url = adapter.build(endpoint, {n: targets[n] for n in rule.arguments})
        if any(value is CURRENT for value in data.values()):
            current = version_now(world, spec.version_of or "case")
            data = {k: current if v is CURRENT else v for k, v in data.items()}
        before = protected_state(world)
        events = audit_events()
        try:
            status = send(client, url, data, query)
        except Exception:
            db.session.rollback()
            tally.failures.append(
                f"{actor} POST {url} {short(data)} {short(query)}\n" + app_traceback()
            )
            return
        tally.statuses[status] += 1
        if status >= 500:
            tally.failures.append(f"{actor} POST {url} {short(data)}: {status}")
        after = protected_state(world)
        tally.saved += audit_events() > events
        allowed = MAY_CHANGE.get(endpoint, set())
        changed = [k for k in before if before[k] != after[k] and k not in allowed]
        assert not changed, f"{actor} POST {url} {short(data)} changed {changed}"
        if actor == "member" and endpoint.startswith("admin."):
            # A NUL character is refused before anything else (web.py).
            expected = 400 if contains_nul({**data, **query}) else 403
            assert status == expected, f"member POST {url} {short(data)}: {status}"

    post()
    answers = ", ".join(f"{n}×{s}" for s, n in sorted(tally.statuses.items()))
    print(
        f"\n{endpoint}: {tally.examples} examples ({answers}; {tally.saved} saved "
        f"something), {len(tally.failures)} 500s"
    )
    if tally.failures:
        pytest.fail(
            f"{len(tally.failures)} of {tally.examples} examples gave a server "
            "error; the first:\n" + "\n\n".join(tally.failures[:3]),
            pytrace=False,
        )


def contains_nul(data: dict[str, Any]) -> bool:
    texts = list(data)
    for value in data.values():
        texts += value if isinstance(value, list) else [value]
    return any(isinstance(text, str) and "\x00" in text for text in texts)


def app_traceback() -> str:
    """The exception being handled: the app's own frames and the error."""
    error = sys.exception()
    assert error is not None
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if "/caseboard/" in frame.filename
    ]
    where = "".join(traceback.format_list(frames[-6:]))
    return where + "".join(traceback.format_exception_only(error))


def short(value: Any, limit: int = 600) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


# Query strings of every GET route -------------------------------------------------

# Every name a route reads from request.args (grep request.args), and a few
# a route might read one day.
QUERY_NAMES = (
    "page", "q", "as_of", "since", "from", "to", "case", "person", "org",
    "organization", "coordinator", "radius", "min", "type", "stage", "status",
    "sort", "overdue", "group", "kind", "actor", "action", "object", "next",
    "response", "cold", "format", "id",
)  # fmt: skip
GET_EXAMPLES = max(5, EXAMPLES // 2)
OUT_OF_RANGE = ["99999-01-01", "0000-00-00", "9999-12-31", "0001-01-01", "٣", "３"]


def query_values() -> st.SearchStrategy[str]:
    short_text = st.one_of(st.text(max_size=40), st.sampled_from(NASTY))
    return st.one_of(
        st.sampled_from(OUT_OF_RANGE), ids(), st.sampled_from(DATES), short_text
    )


def get_rules(app: Flask) -> list[Any]:
    return sorted(
        (
            r
            for r in app.url_map.iter_rules()
            if "GET" in r.methods and r.endpoint != "static"
        ),
        key=lambda r: r.rule,
    )


def test_no_query_string_gives_a_server_error(app: Flask, world: World) -> None:
    """Every GET route, its URL filled with real ids, gets query strings of
    any names a route reads, with dates out of the calendar's range, digits
    that are not ASCII, huge numbers and any text."""
    adapter = app.url_map.bind("localhost")
    clients = {who: app.test_client() for who in ("admin", "member")}
    for who, client in clients.items():
        sign_in(client, getattr(world, who))
    failures: list[str] = []
    examples = 0

    def fuzz_get(url: str) -> Callable[[], None]:
        @settings(FUZZ, max_examples=GET_EXAMPLES)
        @given(
            who=st.sampled_from(sorted(clients)),
            query=st.dictionaries(st.sampled_from(QUERY_NAMES), query_values()),
        )
        def get(who: str, query: dict[str, str]) -> None:
            nonlocal examples
            examples += 1
            try:
                response = clients[who].get(url, query_string=query)
                response.close()
            except Exception:
                db.session.rollback()
                failures.append(f"{who} GET {url} {short(query)}\n{app_traceback()}")
                return
            if response.status_code >= 500:
                failures.append(
                    f"{who} GET {url} {short(query)}: {response.status_code}"
                )

        return get

    for rule in get_rules(app):
        values = {n: IDS[n](world) for n in rule.arguments if n in IDS}
        values |= {n: OTHER_VALUES[n][0] for n in rule.arguments if n not in IDS}
        url = adapter.build(rule.endpoint, values)

        fuzz_get(url)()
    print(
        f"\nFuzz: {len(get_rules(app))} GET routes, {examples} query strings, "
        f"{len(failures)} server errors"
    )
    assert not failures, "\n\n".join(failures[:3])


# Uploaded files of the import routes ------------------------------------------------

CELLS = st.one_of(
    WORDS.map(lambda s: s.replace(",", " ").replace('"', "")),
    st.sampled_from(NASTY),
    st.sampled_from(
        ['"unclosed', 'closed"', '"a""b"', '"x"y', "a\x0bb", "\x1f", "=1+1"]
    ),
    st.text(max_size=30),
)


@st.composite
def upload_files(draw: Any) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(sorted(COLUMNS)))
    head = list(COLUMNS[kind].names)
    rows = draw(st.lists(st.lists(CELLS, min_size=1, max_size=len(head)), max_size=5))
    text = "\r\n".join(",".join(row) for row in [head, *rows])
    data = text.encode("utf-8", "surrogatepass")
    mangle = draw(st.sampled_from(["none", "bom", "nul", "latin-1", "cut"]))
    if mangle == "bom":
        data = b"\xef\xbb\xbf" + data
    elif mangle == "nul":
        data = data.replace(b",", b",\x00", 1)
    elif mangle == "latin-1":
        data += "\r\nJosé".encode("latin-1")
    elif mangle == "cut":
        data = data[: max(1, len(data) - 3)]
    return kind, data


STORED_TEXT = {
    "people": ("full_name", "email", "notes"),
    "organizations": ("name", "description", "address"),
}


def test_no_uploaded_file_gives_a_server_error_or_stores_a_control_character(
    app: Flask, world: World
) -> None:
    """Preview every file, and import the ones the preview accepts: never a
    500, and nothing stored holds a control character (other than newline
    and tab) or comes from a row the reader could not read."""
    from caseboard.inputs import control_characters
    from caseboard.models import Organization, Person

    client = sign_in(app.test_client(), world.admin)
    failures: list[str] = []

    @settings(FUZZ, max_examples=EXAMPLES)
    @given(upload=upload_files())
    def post(upload: tuple[str, bytes]) -> None:
        kind, data = upload
        body = MultiDict({"kind": kind})
        body.add("file", (BytesIO(data), f"{kind}.csv"))
        try:
            preview = client.post("/imports/preview", data=body)
            token = re.search(
                r'name="token" type="hidden" value="([\w-]+)"', preview.text
            )
            if token:
                done = client.post("/imports/apply", data={"token": token[1]})
                assert done.status_code < 500, done.status_code
        except Exception:
            db.session.rollback()
            failures.append(f"{kind} {short(data)}\n{app_traceback()}")
            return
        if preview.status_code >= 500:
            failures.append(f"{kind} {short(data)}: {preview.status_code}")

    post()
    db.session.rollback()
    for model, names in (
        (Person, STORED_TEXT["people"]),
        (Organization, STORED_TEXT["organizations"]),
    ):
        for record in db.session.scalars(db.select(model)):
            for name in names:
                value = getattr(record, name) or ""
                assert not control_characters(value, multiline=True), (name, value)
    assert not failures, "\n\n".join(failures[:3])


# What the fuzzing found, kept fixed --------------------------------------------


@pytest.mark.parametrize(
    ("where", "data"),
    [
        ("cases.comment", {"body": "a\x00b"}),  # PostgreSQL refuses NUL: was a 500
        ("people.new", {"full_name": "x", "notes": "\x00"}),
        ("meetings.add_item", {"title": "Item", "minutes": "9" * 400}),  # Overflow
        ("organizations.edit", {"name": "Renamed", "kind": "school"}),  # no services
        ("admin.problem_types", {"name": "Ünïcode Öddities"}),  # twice: was a 500
        (
            "organizations.new",
            {"name": "Long", "kind": "school", "services": "x" * 201},
        ),
    ],
)
def test_inputs_that_once_gave_a_server_error(
    app: Flask, client: FlaskClient, world: World, where: str, data: dict[str, str]
) -> None:
    sign_in(client, world.admin)
    world.ids = ids_of(world)
    (rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == where]
    url = app.url_map.bind("localhost").build(
        where, {n: world.ids[n] for n in rule.arguments}
    )
    if where == "organizations.edit":
        data = {**data, "version": str(world.org.version)}
    services = [s.name for s in world.org.services]
    for _ in range(2):
        response = client.post(url, data=data)
        assert response.status_code < 500, response.status_code
    if "\x00" in str(data):
        assert response.status_code == 400
    if where == "organizations.edit":
        db.session.expire_all()
        assert [s.name for s in world.org.services] == services
    if where == "admin.problem_types":
        assert "That problem type exists already." in response.text
    if where == "organizations.new":  # a 500 on PostgreSQL (varchar(200))
        assert "Each service is at most 200 characters." in response.text


def test_an_organization_name_differing_only_in_non_ascii_case_is_refused(
    client: FlaskClient, world: World
) -> None:
    sign_in(client, world.admin)
    client.post("/organizations/new", data={"name": "École Nord", "kind": "school"})
    again = client.post(
        "/organizations/new", data={"name": "ÉCOLE NORD", "kind": "school"}
    )
    assert again.status_code == 200
    assert "Another organization already has this name." in again.text
