"""The web layer's unit of work (caseboard/unit_of_work.py): one commit per
attempt, a rollback and a message on a refusal, one handler for a lost race,
after-commit operations, and the 404 handler that audits hidden-id probes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask, get_flashed_messages
from flask_login import login_user
from sqlalchemy import event, func, select

from caseboard.errors import audit_probe
from caseboard.extensions import db
from caseboard.forms.cases import ProblemTypeForm
from caseboard.forms.organizations import EditOrganizationForm
from caseboard.loaders import HiddenObject, load_organization
from caseboard.models import AuditEvent, Organization, ProblemType
from caseboard.services.errors import ConflictError, ServiceError, check_version
from caseboard.unit_of_work import (
    DEFAULT_LOST_RACE,
    UnitOfWork,
    after_commit,
    attempt,
    unit_of_work,
)
from caseboard.views.editing import CONFLICT_MESSAGE, Edit


@pytest.fixture
def request_context(app: Flask, db: object) -> Iterator[None]:
    with app.test_request_context("/", method="POST"):
        yield


@pytest.fixture
def commits(app: Flask) -> Iterator[list[int]]:
    """One entry per commit of the session while the test runs."""
    seen: list[int] = []

    def on_commit(_session: object) -> None:
        seen.append(1)

    event.listen(db.session, "after_commit", on_commit)
    yield seen
    event.remove(db.session, "after_commit", on_commit)


def _types_named(name: str) -> int:
    return db.session.scalar(
        select(func.count()).select_from(ProblemType).where(ProblemType.name == name)
    )


def _add_type(name: str) -> ProblemType:
    problem_type = ProblemType(name=name)
    db.session.add(problem_type)
    db.session.flush()
    return problem_type


def _refuse(name: str, field: str | None = None) -> None:
    _add_type(name)
    raise ServiceError("Not like that.", field)


def test_an_attempt_commits_once_and_gives_back_the_work_s_value(
    request_context: None, commits: list[int]
) -> None:
    outcome = attempt(lambda: _add_type("Graffiti"))
    assert outcome
    assert outcome.value.name == "Graffiti"
    assert outcome.refusal is None and outcome.lost_race is None
    assert len(commits) == 1
    db.session.expunge_all()
    assert _types_named("Graffiti") == 1


def test_a_refusal_rolls_back_and_lands_on_the_named_field(
    request_context: None, commits: list[int]
) -> None:
    form = ProblemTypeForm(meta={"csrf": False})
    outcome = attempt(lambda: _refuse("Refused", "name"), form=form)
    assert not outcome
    assert isinstance(outcome.refusal, ServiceError)
    assert form.name.errors == ["Not like that."]
    assert commits == []
    assert _types_named("Refused") == 0
    assert get_flashed_messages() == []


def test_a_refusal_without_a_field_goes_to_the_top_of_the_form(
    request_context: None,
) -> None:
    form = ProblemTypeForm(meta={"csrf": False})
    attempt(lambda: _refuse("Refused"), form=form)
    assert form.form_errors == ["Not like that."]


def test_a_refusal_without_a_form_is_flashed_after_its_prefix(
    request_context: None,
) -> None:
    attempt(lambda: _refuse("Refused"), refused="Nothing was done: ")
    assert get_flashed_messages(with_categories=True) == [
        ("error", "Nothing was done: Not like that.")
    ]
    assert _types_named("Refused") == 0


def test_keep_refused_commits_what_the_service_recorded_before_refusing(
    request_context: None, commits: list[int]
) -> None:
    form = ProblemTypeForm(meta={"csrf": False})
    outcome = attempt(lambda: _refuse("Counted"), form=form, keep_refused=True)
    assert not outcome
    assert len(commits) == 1
    db.session.expunge_all()
    assert _types_named("Counted") == 1


def _stale(organization: Organization) -> None:
    organization.name = "Changed"
    check_version(organization, organization.version - 1)


def test_a_lost_race_rolls_back_and_warns(
    request_context: None, make_organization, commits: list[int]
) -> None:
    organization = make_organization(name="Before")
    organization_id = organization.id
    commits.clear()
    outcome = attempt(lambda: _stale(organization))
    assert isinstance(outcome.lost_race, ConflictError)
    assert not outcome
    assert commits == []
    assert get_flashed_messages(with_categories=True) == [
        ("warning", DEFAULT_LOST_RACE)
    ]
    db.session.expunge_all()
    assert db.session.get(Organization, organization_id).name == "Before"


def test_a_unique_index_filled_first_is_a_lost_race_too(
    request_context: None,
) -> None:
    _add_type("Taken")
    db.session.commit()
    outcome = attempt(lambda: _add_type("Taken"), lost_race=None)
    assert outcome.lost_race is not None
    assert get_flashed_messages() == []  # the caller shows its own
    assert _types_named("Taken") == 1


def test_after_commit_operations_run_after_the_commit_only(
    request_context: None,
) -> None:
    ran: list[tuple[str, bool]] = []

    def work() -> None:
        _add_type("Queued")
        # Registered inside the transaction, run outside it, on committed data.
        after_commit(lambda: ran.append(("job", db.session().in_transaction())))

    assert attempt(work)
    assert ran == [("job", False)]
    assert _types_named("Queued") == 1


def test_after_commit_operations_are_dropped_by_a_rollback(
    request_context: None, make_organization
) -> None:
    ran: list[str] = []

    def refused() -> None:
        after_commit(lambda: ran.append("refused"))
        raise ServiceError("No.")

    def lost(organization: Organization) -> None:
        after_commit(lambda: ran.append("lost"))
        _stale(organization)

    organization = make_organization()
    attempt(refused)
    attempt(lambda: lost(organization))
    assert attempt(lambda: _add_type("Later"))  # a later commit runs none of them
    assert ran == []


def test_a_failing_after_commit_operation_neither_undoes_nor_stops_the_rest(
    app: Flask, db: object
) -> None:
    ran: list[str] = []
    uow = UnitOfWork(db.session)  # as the CLI or a job would use it

    def broken() -> None:
        raise RuntimeError("the queue is down")

    _add_type("Kept")
    uow.after_commit(broken)
    uow.after_commit(lambda: ran.append("second"))
    uow.commit()
    assert ran == ["second"]
    db.session.expunge_all()
    assert _types_named("Kept") == 1


def test_after_commit_operations_end_with_their_request(app: Flask, db) -> None:
    ran: list[str] = []
    with app.test_request_context("/", method="POST"):
        after_commit(lambda: ran.append("never"))  # no commit in this request
    with app.test_request_context("/", method="POST"):
        assert attempt(lambda: _add_type("Next request"))
    assert ran == []


def test_an_edit_that_lost_a_race_shows_both_versions(
    app: Flask, make_organization
) -> None:
    organization = make_organization(name="Theirs", phone="1")
    seen_version = organization.version
    organization.phone = "2"  # someone saves meanwhile
    db.session.commit()
    data = {"name": "Mine", "kind": organization.kind, "phone": "1"}
    data["version"] = str(seen_version)
    with app.test_request_context("/", method="POST", data=data):
        form = EditOrganizationForm(meta={"csrf": False})
        edit = Edit(
            form,
            reload=lambda: db.session.get(Organization, organization.id),
            saved_values=lambda o: {"name": o.name, "phone": o.phone},
        )
        assert not edit.saves(lambda: _stale_save(organization, form))
        assert form.version.data == organization.version  # saving again wins
        assert get_flashed_messages(with_categories=True) == [
            ("warning", CONFLICT_MESSAGE)
        ]
    differences = {d.label: (d.saved, d.yours) for d in edit.conflict.differences}
    assert differences == {"Name": ("Theirs", "Mine"), "Phone": ("2", "1")}


def _stale_save(organization: Organization, form: EditOrganizationForm) -> None:
    check_version(organization, form.version.data)
    organization.name = form.name.data


def test_an_edit_that_saves_has_no_conflict(app: Flask, make_organization) -> None:
    organization = make_organization(name="Old")
    organization_id = organization.id
    data = {"name": "New", "kind": organization.kind}
    data["version"] = str(organization.version)
    with app.test_request_context("/", method="POST", data=data):
        form = EditOrganizationForm(meta={"csrf": False})
        edit = Edit(form, reload=lambda: None, saved_values=dict)
        assert edit.saves(lambda: _stale_save(organization, form))
    assert edit.conflict is None
    db.session.expunge_all()
    assert db.session.get(Organization, organization_id).name == "New"


def _denials() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "access_denied")
    )


def test_a_loader_only_reads_and_raises_what_was_probed(
    app: Flask, make_user, commits: list[int]
) -> None:
    user = make_user()
    commits.clear()
    with app.test_request_context("/", method="GET"):
        login_user(user)
        with pytest.raises(HiddenObject) as raised:
            load_organization(2_000_000_000)
    assert raised.value.code == 404
    assert raised.value.model is Organization
    assert raised.value.object_id == 2_000_000_000
    assert commits == []


def test_the_404_handler_audits_a_hidden_id_in_a_transaction_of_its_own(
    app: Flask, make_user, make_organization
) -> None:
    user = make_user()
    user_id, hidden_id = user.id, make_organization(name="Hidden").id
    with app.test_request_context("/", method="POST"):
        login_user(user)
        _add_type("Half done")  # the request's own work, never committed
        ran: list[str] = []
        after_commit(lambda: ran.append("request's job"))
        audit_probe(HiddenObject(Organization, hidden_id))
        assert ran == []
    db.session.expunge_all()
    assert _types_named("Half done") == 0
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "access_denied")
    ).one()
    assert event.actor_id == user_id
    assert event.object_type == "organizations"
    assert event.changes == {"id": [None, hidden_id]}


def test_the_404_handler_audits_nothing_for_an_id_that_does_not_exist(
    app: Flask, db
) -> None:
    with app.test_request_context("/", method="GET"):
        audit_probe(HiddenObject(Organization, 2_000_000_000))
    assert _denials() == 0


def test_the_request_s_unit_of_work_is_one_per_request(app: Flask, db) -> None:
    with app.test_request_context("/"):
        first = unit_of_work()
        assert unit_of_work() is first
    with app.test_request_context("/"):
        assert unit_of_work() is not first
