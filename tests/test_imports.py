import io
import re
from datetime import date, timedelta

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from caseboard.extensions import db
from caseboard.models import (
    AuditEvent,
    Interaction,
    Membership,
    Organization,
    Person,
    PersonTie,
)
from caseboard.services import import_rows, imports
from caseboard.services.errors import ServiceError
from tests.conftest import sign_in

BOM = "\ufeff"


def csv(*lines, bom=False):
    return ((BOM if bom else "") + "\r\n".join(lines) + "\r\n").encode("utf-8")


def count(model, *where):
    return db.session.scalar(
        db.select(db.func.count()).select_from(model).where(*where)
    )


def plan(result):
    """(row number, action) of each row, to compare at a glance."""
    return [(row.number, str(row.action)) for row in result.rows]


def imported(kind, data, actor=None):
    result = imports.apply(kind, data, actor)
    db.session.commit()
    return result


def refused(kind, data, actor=None):
    with pytest.raises(import_rows.ImportRefused) as caught:
        imports.apply(kind, data, actor)
    db.session.rollback()
    return caught.value.preview


def messages(result):
    return {row.number: row.message for row in result.errors}


# Organizations ------------------------------------------------------------------

ORGANIZATIONS = csv(
    "Name,Kind,Services,Website,Spreadsheet notes",
    "Harbor City Police,Police,Foot patrol; Bar checks ;,https://hcpd.example.org,x",
    "Street Reach Outreach,community_organization,,,",
    "The Anchor Tavern,,,,",
    "harbor city police,police,,,duplicate line in the sheet",
    bom=True,
)


def test_organizations_are_created_by_value_or_label_with_services(db):
    preview = imports.preview("organizations", ORGANIZATIONS, None)
    assert plan(preview) == [(2, "create"), (3, "create"), (4, "create"), (5, "skip")]
    assert preview.rows[3].message == "same name as row 2"
    assert preview.ignored_columns == ["Spreadsheet notes"]
    assert count(Organization) == 0  # a preview writes nothing

    imported("organizations", ORGANIZATIONS)
    police = db.session.scalar(
        db.select(Organization).where(Organization.name == "Harbor City Police")
    )
    assert police.kind == "police"
    assert police.website == "https://hcpd.example.org"
    assert [s.name for s in police.services] == ["Foot patrol", "Bar checks"]
    tavern = db.session.scalar(
        db.select(Organization).where(Organization.name == "The Anchor Tavern")
    )
    assert tavern.kind == "other"
    # Through the service, so on the audit trail.
    assert count(AuditEvent, AuditEvent.object_type == "organizations") == 3


def test_reimporting_organizations_creates_no_duplicates(db, make_organization):
    make_organization(name="STREET REACH OUTREACH")
    first = imported("organizations", ORGANIZATIONS)
    assert len(first.to_create) == 2
    assert "already recorded as STREET REACH OUTREACH" in first.rows[1].message
    again = imported("organizations", ORGANIZATIONS)
    assert not again.to_create and len(again.skipped) == 4
    assert count(Organization) == 3


def test_bad_organization_rows_are_reported_and_nothing_is_written(db):
    data = csv(
        "name,kind,email",
        "Harbor City Police,police,",
        "Nowhere Agency,polce,",
        ",school,",
        "Fire Marshal,municipal agency,not-an-email",
    )
    preview = refused("organizations", data)
    assert plan(preview) == [(2, "create"), (3, "error"), (4, "error"), (5, "error")]
    errors = messages(preview)
    assert errors[3].startswith("kind: “polce” is not one of: police, municipal agency")
    assert errors[4] == "name: required, but empty"
    assert errors[5] == "email: “not-an-email” is not an email address"
    assert count(Organization) == 0


def test_an_organization_row_may_name_its_coalition(db, make_user):
    """The optional coalition column: the organization becomes an active
    member; a coalition the importer may not add members to is a row error."""
    from caseboard.models import Coalition, CoalitionMembership
    from caseboard.services.coalitions import create_coalition

    create_coalition(None, name="Water Street Nightlife Initiative")
    create_coalition(None, name="Harbor Homeless Outreach Coalition")
    db.session.commit()
    data = csv(
        "name,kind,coalition",
        "Pier 9 Lounge,business,water street nightlife initiative",
        "Harbor Food Bank,community_organization,",
    )
    imported("organizations", data)
    pier = db.session.scalar(
        db.select(Organization).where(Organization.name == "Pier 9 Lounge")
    )
    assert [m.coalition.name for m in pier.coalition_memberships] == [
        "Water Street Nightlife Initiative"
    ]
    assert pier.coalition_memberships[0].is_active
    assert count(CoalitionMembership) == 1  # the food bank joined none
    coordinator = make_user(role="coordinator")  # coordinates no coalition
    bad = csv("name,coalition", "Night Owl Club,Water Street Nightlife Initiative")
    preview = imports.preview("organizations", bad, coordinator)
    assert plan(preview) == [(2, "error")]
    assert messages(preview)[2].startswith("coalition: no coalition")
    assert count(Coalition) == 2


# People ---------------------------------------------------------------------------


def test_people_join_their_organization_and_are_not_imported_twice(
    db, make_organization, make_person
):
    police = make_organization(name="Harbor City Police")
    make_person(full_name="Already Here", email="Here@Example.org")
    data = csv(
        "name,email,organization,title,phone",
        "Elena Ruiz,elena.ruiz@example.org,harbor city police,Sergeant,555",
        "Tom Kowalski,,Harbor City Police,",
        "No Job,,,",
        "Already Here,here@example.org,,",
        "Elena R.,ELENA.RUIZ@example.org,,",
        bom=True,
    )
    preview = imports.preview("people", data, None)
    assert plan(preview) == [
        (2, "create"),
        (3, "create"),
        (4, "create"),
        (5, "skip"),
        (6, "skip"),
    ]
    assert preview.rows[4].message == "same email as row 2"

    imported("people", data)
    ruiz = db.session.scalar(db.select(Person).where(Person.full_name == "Elena Ruiz"))
    assert ruiz.email == "elena.ruiz@example.org"
    [job] = ruiz.current_memberships
    assert (job.organization, job.title) == (police, "Sergeant")
    no_job = db.session.scalar(db.select(Person).where(Person.full_name == "No Job"))
    assert no_job.memberships == []

    people, memberships = count(Person), count(Membership)
    again = imported("people", data)
    assert not again.to_create
    assert (count(Person), count(Membership)) == (people, memberships)


def test_a_person_with_an_email_matches_someone_recorded_without_one(db, make_person):
    make_person(full_name="Maria Lopez", email=None)
    preview = imports.preview("people", csv("name,email", "Maria Lopez,m@x.org"), None)
    assert plan(preview) == [(2, "skip")]
    assert "without an email" in preview.rows[0].message


def test_an_unknown_organization_is_a_row_error_and_nothing_is_written(
    db, make_organization
):
    make_organization(name="Harbor City Police")
    data = csv(
        "name,email,organization,title",
        "Elena Ruiz,elena@example.org,Harbor City Police,Sergeant",
        "Pat Doe,pat@example.org,Harbour City Police,Officer",
        "Sam Roe,sam@example.org,,Officer",
    )
    people = count(Person)
    preview = refused("people", data)
    assert messages(preview) == {
        3: "organization: no organization named “Harbour City Police” is "
        "recorded; import or add it first",
        4: "title: “Officer” is given without an organization",
    }
    assert count(Person) == people


# Relationships ----------------------------------------------------------------------


@pytest.fixture
def partners(make_person):
    return {
        "ruiz": make_person(full_name="Elena Ruiz", email="elena@example.org"),
        "tom": make_person(full_name="Tom Kowalski", email=None),
        "marshal": make_person(full_name="Dana Fire", email="dana@example.org"),
    }


def test_relationships_name_people_by_email_or_exact_name(db, partners):
    data = csv(
        "person_a,person_b,type,since,notes",
        "elena@example.org,Tom Kowalski,Trusted contact,2024-03-05,Met on the beat",
        "Tom Kowalski,ELENA@example.org,trusted_contact,,",
        "Dana Fire,Elena Ruiz,works with,,",
    )
    preview = imports.preview("relationships", data, None)
    assert plan(preview) == [(2, "create"), (3, "skip"), (4, "create")]
    assert preview.rows[1].message == "same relationship as row 2"

    imported("relationships", data)
    ruiz, tom = partners["ruiz"], partners["tom"]
    tie = db.session.scalar(
        db.select(PersonTie).where(PersonTie.kind == "trusted_contact")
    )
    assert {tie.person_a_id, tie.person_b_id} == {ruiz.id, tom.id}
    assert tie.since == date(2024, 3, 5) and tie.notes == "Met on the beat"
    assert tie.recorded_by_id is None  # from the command line

    again = imported("relationships", data)
    assert len(again.skipped) == 3
    assert count(PersonTie) == 2


def test_bad_relationship_rows_name_the_column_and_value(db, partners, make_person):
    make_person(full_name="Tom Kowalski", email="other.tom@example.org")
    data = csv(
        "person_a,person_b,type,since",
        "elena@example.org,dana@example.org,mentor,2024-03-05",
        "nobody@example.org,Elena Ruiz,mentor,",
        "Elena Ruiz,Tom Kowalski,mentor,",
        "Elena Ruiz,dana@example.org,best friends,05/03/2024",
        "Elena Ruiz,elena@example.org,mentor,",
    )
    preview = refused("relationships", data)
    errors = messages(preview)
    assert set(errors) == {3, 4, 5, 6}
    assert errors[3] == (
        "person_a: no one with the email “nobody@example.org” is recorded "
        "(import people first)"
    )
    assert errors[4] == (
        "person_b: 2 people are named “Tom Kowalski”; use their email instead"
    )
    assert "type: “best friends” is not one of" in errors[5]
    assert "since: “05/03/2024” is not a date in the form YYYY-MM-DD" in errors[5]
    assert errors[6] == "person_b: is the same person as person_a"
    assert count(PersonTie) == 0


# Interactions ---------------------------------------------------------------------


def test_interactions_match_participants_and_case(db, partners, make_case):
    case = make_case(title="Water Street late-night assaults")
    data = csv(
        "date,type,participants,case,notes,extra",
        "2025-01-03,Foot-beat conversation,elena@example.org; Tom Kowalski,,Chat,1",
        "2025-01-04,meeting,Elena Ruiz;Dana Fire;Tom Kowalski,"
        "Water Street late-night assaults,Walk-through,2",
        "2025-01-03,foot_beat,Tom Kowalski;Elena Ruiz,,Same contact again,3",
    )
    preview = imports.preview("interactions", data, None)
    assert plan(preview) == [(2, "create"), (3, "create"), (4, "skip")]
    assert preview.ignored_columns == ["extra"]

    imported("interactions", data)
    meeting = db.session.scalar(
        db.select(Interaction).where(Interaction.kind == "meeting")
    )
    assert meeting.case == case and meeting.notes == "Walk-through"
    assert {p.person.full_name for p in meeting.participants} == {
        "Elena Ruiz",
        "Dana Fire",
        "Tom Kowalski",
    }
    again = imported("interactions", data)
    assert not again.to_create
    assert count(Interaction) == 2


def test_a_contact_with_other_people_or_another_case_is_new(db, partners, make_case):
    make_case(title="Eastgate")
    imported(
        "interactions",
        csv("date,type,participants", "2025-01-03,call,Elena Ruiz;Tom Kowalski"),
    )
    data = csv(
        "date,type,participants,case",
        "2025-01-03,call,Elena Ruiz;Tom Kowalski;Dana Fire,",
        "2025-01-03,call,Elena Ruiz;Tom Kowalski,Eastgate",
        "2025-01-03,email,Elena Ruiz;Tom Kowalski,",
    )
    assert plan(imports.preview("interactions", data, None)) == [
        (2, "create"),
        (3, "create"),
        (4, "create"),
    ]


def test_bad_interaction_rows_are_reported_and_nothing_is_written(db, partners):
    future = (date.today() + timedelta(days=30)).isoformat()
    data = csv(
        "date,type,participants,case,notes",
        "2025-01-03,call,Elena Ruiz;Tom Kowalski,,",
        "2025-02-30,call,Elena Ruiz;Tom Kowalski,,",
        f"{future},call,Elena Ruiz;Tom Kowalski,,",
        "2025-01-03,call,Elena Ruiz;Nobody Known,,",
        "2025-01-03,call,Elena Ruiz; elena@example.org,,",
        "2025-01-03,telepathy,Elena Ruiz;Tom Kowalski,No such case,",
    )
    preview = refused("interactions", data)
    errors = messages(preview)
    assert errors[3] == "date: “2025-02-30” is not a date in the form YYYY-MM-DD"
    assert errors[4] == f"date: “{future}” is in the future"
    assert errors[5] == (
        "participants: no one named “Nobody Known” is recorded (import people first)"
    )
    assert errors[6].startswith("participants: “Elena Ruiz; elena@example.org” names")
    assert errors[7] == (
        "type: “telepathy” is not one of: meeting, call, visit, foot-beat "
        "conversation, referral, joint operation, event, email; "
        "case: no case titled “No such case” is recorded"
    )
    assert 2 not in errors
    assert count(Interaction) == 0


# The file as a whole ----------------------------------------------------------------


def test_files_that_cannot_be_read_are_refused_with_a_reason(db, monkeypatch):
    def reason(data, kind="people"):
        with pytest.raises(import_rows.ImportFileError) as caught:
            imports.preview(kind, data, None)
        return caught.value.message

    assert "not UTF-8" in reason("name\nJosé\n".encode("latin-1"))
    assert reason(b"") == "The file is empty: the first row should name the columns."
    assert reason(csv("full name,email")) == (
        "A people file needs a column in its first row: name "
        "(it reads name, email, organization, title)."
    )
    assert "person_a, person_b" in reason(csv("type"), kind="relationships")
    assert reason(csv("kind"), kind="organizations").startswith(
        "An organizations file needs a column"
    )
    assert "appears twice" in reason(csv("name,Name"))
    monkeypatch.setattr(import_rows, "MAX_ROWS", 2)
    assert "more than 2 rows" in reason(csv("name", "a", "b", "c"))
    monkeypatch.setattr(import_rows, "MAX_BYTES", 10)
    assert "larger than" in reason(csv("name", "a long enough name"))
    with pytest.raises(import_rows.ImportFileError):
        import_rows.read_limited(io.BytesIO(b"x" * 11))


def test_blank_rows_are_ignored_and_row_numbers_stay_the_sheets(db):
    preview = imports.preview("organizations", csv("name", "A", "", ",", "B"), None)
    assert plan(preview) == [(2, "create"), (5, "create")]


def test_a_late_refusal_by_a_service_writes_nothing(db, monkeypatch):
    real = imports.WRITERS["organizations"]

    def second_fails(actor, values):
        if values["name"] == "Second":
            raise ServiceError("Refused late.")
        real(actor, values)

    monkeypatch.setitem(imports.WRITERS, "organizations", second_fails)
    preview = refused("organizations", csv("name", "First", "Second"))
    assert messages(preview) == {3: "Refused late."}
    assert count(Organization) == 0


# The web pages -----------------------------------------------------------------------


def held_token(page):
    return re.search(r'name="token" type="hidden" value="([\w-]+)"', page.text)[1]


def upload(client, kind, data, name="sheet.csv"):
    # Encoded in memory: the test client would spool a large body to a
    # temporary file that it never closes.
    file = FileStorage(io.BytesIO(data), filename=name)
    boundary, body = encode_multipart({"kind": kind, "file": file})
    return client.post(
        "/imports/preview",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_a_coordinator_previews_then_imports(app, client, make_user):
    user = make_user(role="coordinator")
    sign_in(client, user)
    assert "Import from a spreadsheet" in client.get("/organizations").text
    page = client.get("/imports?kind=organizations")
    assert page.status_code == 200 and 'selected value="organizations"' in page.text

    preview = upload(client, "organizations", ORGANIZATIONS)
    assert preview.status_code == 200
    assert "Import 3 rows" in preview.text
    assert "same name as row 2" in preview.text
    assert count(Organization) == 1  # the coordinator's own
    token = held_token(preview)

    done = client.post("/imports/apply", data={"token": token})
    assert done.status_code == 302 and done.headers["Location"] == "/organizations"
    assert count(Organization) == 4
    by_user = (
        AuditEvent.object_type == "organizations",
        AuditEvent.actor_id == user.id,
    )
    assert count(AuditEvent, *by_user) == 3
    # The held file is gone: confirming twice imports once.
    again = client.post("/imports/apply", data={"token": token})
    assert again.headers["Location"] == "/imports"
    assert count(Organization) == 4


def test_a_preview_with_errors_offers_no_import(client, make_user):
    sign_in(client, make_user(role="admin"))
    page = upload(client, "people", csv("name,organization", "Pat Doe,Nowhere"))
    assert page.status_code == 200
    assert 'class="row-error"' in page.text
    assert "no organization named “Nowhere”" in page.text
    assert "/imports/apply" not in page.text
    assert count(Person) == 1  # only the admin


def test_an_unreadable_file_is_explained_on_the_form(client, make_user):
    sign_in(client, make_user(role="admin"))
    page = upload(client, "people", csv("full name"))
    assert page.status_code == 200
    assert "A people file needs a column in its first row: name" in page.text


def test_a_file_too_large_is_refused_with_a_clear_message(
    client, make_user, monkeypatch
):
    sign_in(client, make_user(role="admin"))
    monkeypatch.setattr(import_rows, "MAX_BYTES", 1024 * 1024)
    page = upload(client, "people", csv("name", "x" * (1024 * 1024)))
    assert "The file is larger than 1 MB; split it into smaller files." in page.text
    huge = upload(client, "people", b"x" * (16 * 1024 * 1024 + 1))
    assert huge.status_code == 413 and "That upload is too large" in huge.text


def test_a_token_is_good_only_for_whoever_uploaded_it(app, client, make_user):
    sign_in(client, make_user(role="coordinator"))
    preview = upload(client, "organizations", csv("name", "Harbor City Police"))
    token = held_token(preview)
    sign_in(client, make_user(role="admin"))
    refused_page = client.post("/imports/apply", data={"token": token})
    assert refused_page.headers["Location"] == "/imports"
    assert (
        client.post("/imports/apply", data={"token": "../../secret_key"}).status_code
        == 302
    )
    assert count(Organization) == 2  # the two users' own organizations


def test_data_changed_since_the_preview_is_caught_on_apply(
    client, make_user, make_organization
):
    # An administrator: a coordinator may not add people to an organization.
    sign_in(client, make_user(role="admin"))
    police = make_organization(name="Harbor City Police")
    preview = upload(
        client, "people", csv("name,organization", "Pat,Harbor City Police")
    )
    token = held_token(preview)
    police.name = "Renamed Police"
    db.session.commit()
    page = client.post("/imports/apply", data={"token": token})
    assert page.status_code == 200
    assert "1 row with errors, so nothing was imported." in page.text
    assert not db.session.scalar(db.select(Person).where(Person.full_name == "Pat"))


@pytest.mark.parametrize("role", ["member", "read_only"])
def test_only_administrators_and_coordinators_import(client, make_user, role):
    sign_in(client, make_user(role=role))
    assert client.get("/imports").status_code == 403
    assert upload(client, "organizations", csv("name", "X")).status_code == 403
    assert client.post("/imports/apply", data={"token": "x" * 32}).status_code == 403
    assert "Import from a spreadsheet" not in client.get("/people").text
    assert count(Organization) == 1


# The command line ----------------------------------------------------------------


def run(app, *args):
    return app.test_cli_runner().invoke(args=["import", *args])


def test_cli_dry_run_reports_and_writes_nothing(app, db, tmp_path):
    path = tmp_path / "organizations.csv"
    path.write_bytes(ORGANIZATIONS)
    result = run(app, "organizations", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "4 rows: 3 to create, 1 already there, 0 with errors." in result.output
    assert "Columns not used: Spreadsheet notes." in result.output
    assert "Dry run: nothing was written." in result.output
    assert count(Organization) == 0


def test_cli_errors_exit_1_and_write_nothing(app, db, tmp_path):
    path = tmp_path / "organizations.csv"
    path.write_bytes(csv("name,kind", "Good,police", "Bad,polce"))
    result = run(app, "organizations", str(path))
    assert result.exit_code == 1
    assert "Row 3: kind: “polce” is not one of" in result.output
    assert "Nothing was imported" in result.output
    assert count(Organization) == 0

    unreadable = tmp_path / "people.csv"
    unreadable.write_bytes(csv("full name"))
    result = run(app, "people", str(unreadable))
    assert result.exit_code == 1 and "needs a column" in result.output


def test_cli_imports_and_a_second_run_adds_nothing(app, db, tmp_path):
    path = tmp_path / "organizations.csv"
    path.write_bytes(ORGANIZATIONS)
    result = run(app, "organizations", str(path))
    assert result.exit_code == 0, result.output
    assert "Imported organizations: 3 created, 1 already there." in result.output
    assert count(Organization) == 3
    result = run(app, "organizations", str(path))
    assert "Imported organizations: 0 created, 4 already there." in result.output
    assert count(Organization) == 3
