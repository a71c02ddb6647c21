from datetime import date, timedelta

import pytest

from caseboard.extensions import db
from caseboard.models import Case, CaseEvent, CaseRole, ProblemType, StageChange
from tests.conftest import sign_in


@pytest.fixture
def coordinator(make_user, make_organization):
    police = make_organization(name="Harbor City Police Department", kind="police")
    return make_user(role="coordinator", organization=police)


def new_case_form(lead, **overrides):
    blank_links = {
        f"{side}_{kind}_id": "0"
        for side in ("handler", "guardian", "manager")
        for kind in ("person", "organization")
    }
    return {
        "title": "Water Street closing-time assaults",
        "problem_type_id": db.session.scalars(db.select(ProblemType.id)).first(),
        "problem_statement": "Fights as the bars empty at 2 a.m.",
        "goals": "Halve assaults within a year",
        "priority": "high",
        "visibility": "coalition",
        "opened_on": date.today().isoformat(),
        "coordinator_id": "0",
        "lead_organization_id": lead.id,
        "place_name": "Water Street, 100-400 block",
        "place_address": "",
        "latitude": "38.8951",
        "longitude": "-77.0364",
        "beat": "C3",
        "offender": "",
        "victim": "",
        "place": "",
        "handler": "",
        "guardian": "",
        "manager": "Bar owners",
        **blank_links,
    } | overrides


def test_coordinator_opens_a_case_in_scanning_with_its_lead(client, coordinator):
    from caseboard.services.problem_types import ensure_default_problem_types

    ensure_default_problem_types()
    lead = coordinator.person.current_memberships[0].organization
    sign_in(client, coordinator)
    response = client.post("/cases/new", data=new_case_form(lead))
    assert response.status_code == 302
    case = db.session.scalars(db.select(Case)).one()
    assert case.stage == "scanning"
    assert case.lead_organization == lead
    assert case.places[0].beat == "C3"
    assert case.places[0].latitude == pytest.approx(38.8951)
    page = client.get(response.headers["Location"]).text
    assert "Water Street closing-time assaults" in page
    assert "Opened the case with Harbor City Police Department as lead" in page


def test_bad_case_input_changes_nothing(client, coordinator):
    from caseboard.services.problem_types import ensure_default_problem_types

    ensure_default_problem_types()
    lead = coordinator.person.current_memberships[0].organization
    sign_in(client, coordinator)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(
        "/cases/new",
        data=new_case_form(
            lead,
            title=" ",
            latitude="123",
            opened_on=tomorrow,
            lead_organization_id="99999",
            problem_type_id="abc",
        ),
    )
    assert response.status_code == 200
    for message in [
        "This field is required.",
        "Number must be between -90 and 90.",
        "That date is in the future.",
        "Not a valid choice.",
    ]:
        assert message in response.text, message
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0


def test_stages_move_one_at_a_time_both_ways_with_reasons(
    client, coordinator, make_case
):
    lead = coordinator.person.current_memberships[0].organization
    case = make_case(lead=lead)
    sign_in(client, coordinator)

    def move(to, reason="because"):
        return client.post(
            f"/cases/{case.id}/stage",
            data={"to_stage": to, "reason": reason, "version": case.version},
        )

    move("analysis", "Calls for service pulled")
    skip = move("assessment")
    assert "one stage at a time" in client.get(skip.headers["Location"]).text
    no_reason = move("response", " ")
    assert "Say in a few words why." in client.get(no_reason.headers["Location"]).text
    move("response", "Accreditation agreed")
    move("analysis", "Displacement to Pier Street: look again")
    db.session.refresh(case)
    assert case.stage == "analysis"
    history = [(c.from_stage, c.to_stage, c.reason) for c in case.stage_changes]
    assert history == [
        (None, "scanning", "Case opened"),
        ("scanning", "analysis", "Calls for service pulled"),
        ("analysis", "response", "Accreditation agreed"),
        ("response", "analysis", "Displacement to Pier Street: look again"),
    ]
    page = client.get(f"/cases/{case.id}").text
    assert "Moved back to analysis: Displacement to Pier Street" in page


def test_a_stale_stage_move_is_refused(client, coordinator, make_case):
    case = make_case(lead=coordinator.person.current_memberships[0].organization)
    sign_in(client, coordinator)
    stale = case.version
    client.post(
        f"/cases/{case.id}/stage",
        data={"to_stage": "analysis", "reason": "go", "version": stale},
    )
    second = client.post(
        f"/cases/{case.id}/stage",
        data={"to_stage": "analysis", "reason": "go", "version": stale},
    )
    assert "meanwhile" in client.get(second.headers["Location"]).text
    assert db.session.scalar(db.select(db.func.count(StageChange.id))) == 2


def test_roles_one_lead_at_a_time_and_ending_keeps_history(
    client, coordinator, make_case, make_organization, make_person
):
    # The case's coordinator keeps editing it after the police hand over the lead.
    case = make_case(
        lead=coordinator.person.current_memberships[0].organization,
        coordinator=coordinator,
    )
    zoning = make_organization(name="Zoning and Code Enforcement")
    county = make_organization(name="Department of Human Services")
    guardian = make_person(full_name="Andre Washington")
    sign_in(client, coordinator)

    def add(**data):
        return client.post(
            f"/cases/{case.id}/roles",
            data={
                "role": "partner",
                "organization_id": "0",
                "person_id": "0",
                "started_on": date.today().isoformat(),
                "note": "",
            }
            | data,
        )

    assert add(organization_id=zoning.id).status_code == 302
    assert add(role="guardian", person_id=guardian.id).status_code == 302
    nobody = add()
    assert (
        nobody.status_code == 200
        and "Choose an organization or a person." in nobody.text
    )
    twice = add(organization_id=zoning.id)
    assert "They already hold this role on the case." in twice.text
    person_lead = add(role="lead", person_id=guardian.id)
    assert "The lead is an organization." in person_lead.text

    assert add(role="lead", organization_id=county.id).status_code == 302
    db.session.refresh(case)
    leads = [r for r in case.roles if r.role == "lead"]
    assert [(r.organization.name, r.is_active) for r in leads] == [
        ("Harbor City Police Department", False),
        ("Department of Human Services", True),
    ]
    partner = next(r for r in case.active_roles if r.organization == zoning)
    client.post(
        f"/cases/{case.id}/roles/{partner.id}/end",
        data={"ended_on": date.today().isoformat()},
    )
    lead_end = client.post(
        f"/cases/{case.id}/roles/{case.lead_role.id}/end",
        data={"ended_on": date.today().isoformat()},
    )
    assert "always has a lead" in client.get(lead_end.headers["Location"]).text
    db.session.refresh(case)
    assert db.session.scalar(db.select(db.func.count(CaseRole.id))) == 4
    assert zoning.id not in {r.organization_id for r in case.active_roles}
    page = client.get(f"/cases/{case.id}").text
    assert "Earlier roles (2)" in page
    assert "Andre Washington" in page


def test_the_database_refuses_two_active_leads(db, make_case, make_organization):
    import sqlalchemy.exc

    case = make_case()
    db.session.add(
        CaseRole(case_id=case.id, role="lead", organization_id=make_organization().id)
    )
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_edit_case_closes_it_and_refuses_a_stale_save(client, coordinator, make_case):
    case = make_case(lead=coordinator.person.current_memberships[0].organization)
    sign_in(client, coordinator)
    form = client.get(f"/cases/{case.id}/edit")
    assert form.status_code == 200
    data = new_case_form(
        case.lead_organization,
        title="Renamed",
        status="closed",
        closed_on="",
        version=case.version,
    )
    data.pop("lead_organization_id")
    data["opened_on"] = case.opened_on.isoformat()
    assert client.post(f"/cases/{case.id}/edit", data=data).status_code == 302
    db.session.refresh(case)
    assert case.status == "closed" and case.closed_on == date.today()
    stale = client.post(f"/cases/{case.id}/edit", data=data | {"title": "Again"})
    assert "Changed by someone else while you edited" in stale.text
    db.session.refresh(case)
    assert case.title == "Renamed"


def test_sara_notes_are_saved_with_the_case(client, coordinator, make_case):
    case = make_case(lead=coordinator.person.current_memberships[0].organization)
    sign_in(client, coordinator)
    response = client.post(
        f"/cases/{case.id}/sara?stage=analysis",
        data={
            "version": case.version,
            "analysis_data": "312 calls in 6 months",
            "sneaky_key": "ignored",
        },
    )
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.sara_answers == {"analysis_data": "312 calls in 6 months"}
    stale = client.post(
        f"/cases/{case.id}/sara?stage=analysis",
        data={"version": case.version - 1, "analysis_data": "mine"},
    )
    assert "Saved meanwhile" in stale.text and "312 calls in 6 months" in stale.text


def test_timeline_records_responses_places_and_comments(client, coordinator, make_case):
    case = make_case(lead=coordinator.person.current_memberships[0].organization)
    sign_in(client, coordinator)
    client.post(
        f"/cases/{case.id}/responses",
        data={
            "description": "Voluntary bar accreditation",
            "partner_organization_id": case.lead_organization.id,
            "status": "planned",
        },
    )
    client.post(
        f"/cases/{case.id}/places",
        data={"name": "Pier Street", "address": "", "beat": "C4"},
    )
    client.post(f"/cases/{case.id}/comments", data={"body": "ABC joins next month"})
    empty = client.post(f"/cases/{case.id}/comments", data={"body": "  "})
    assert "Write something first." in client.get(empty.headers["Location"]).text
    response = case.responses[0]
    client.post(
        f"/cases/{case.id}/responses/{response.id}/status",
        data={"status": "in_progress"},
    )
    kinds = db.session.scalars(
        db.select(CaseEvent.kind)
        .where(CaseEvent.case_id == case.id)
        .order_by(CaseEvent.id)
    ).all()
    assert kinds == [
        "opened",
        "response_added",
        "place_added",
        "comment",
        "response_updated",
    ]
    timeline = client.get(f"/cases/{case.id}/timeline").text
    assert "Planned the response “Voluntary bar accreditation”" in timeline
    assert "Commented: ABC joins next month" in timeline


def test_case_list_filters_and_sorts(
    client, coordinator, make_case, make_organization, make_task
):
    from tests.factories import make_overdue

    police = coordinator.person.current_memberships[0].organization
    shelter = make_organization(name="Harbor Rescue Mission")
    a = make_case(lead=police, title="Water Street assaults", priority="urgent")
    b = make_case(lead=shelter, title="Riverside Park encampment")
    c = make_case(lead=shelter, title="Closed nuisance bar", status="closed")
    make_overdue(make_task(case=b))
    sign_in(client, coordinator)

    def titles(query=""):
        text = client.get(f"/cases{query}").text
        return [t for t in (a.title, b.title, c.title) if t in text]

    assert titles() == [a.title, b.title]  # closed cases hidden by default
    assert titles("?status=all") == [a.title, b.title, c.title]
    assert titles(f"?organization={shelter.id}") == [b.title]
    assert titles("?overdue=1") == [b.title]
    assert titles("?q=encampment") == [b.title]
    assert titles("?stage=analysis") == []
    assert titles(f"?coordinator={coordinator.id}") == []
    page = client.get("/cases?sort=priority").text
    assert page.index(a.title) < page.index(b.title)
    assert client.get("/cases?sort=drop+table&stage=<x>&page=-3").status_code == 200


def test_organization_filter_counts_its_current_staff_roles(
    client, db, coordinator, make_case, make_organization, make_person
):
    """A case involves an organization when it holds a role, or when one of
    its current staff does; a former employee's role no longer counts."""
    from datetime import timedelta

    from caseboard.clock import today
    from caseboard.services.cases import add_role
    from caseboard.services.people import end_membership

    police = coordinator.person.current_memberships[0].organization
    shelter = make_organization(name="Harbor Rescue Mission")
    worker, former = (
        make_person(organization=shelter),
        make_person(organization=shelter),
    )
    by_staff = make_case(lead=police, title="Staff on the case")
    by_former = make_case(lead=police, title="Former staff on the case")
    make_case(lead=police, title="Nobody from the shelter")
    add_role(coordinator, by_staff, role="partner", person=worker)
    add_role(coordinator, by_former, role="partner", person=former)
    end_membership(None, former.current_memberships[0], today() - timedelta(days=1))
    db.session.commit()
    sign_in(client, coordinator)

    text = client.get(f"/cases?organization={shelter.id}").text
    assert "Staff on the case" in text
    assert "Former staff on the case" not in text
    assert "Nobody from the shelter" not in text


def _counts_cases(statement: str) -> bool:
    """The pager's count: over the list's own statement of cases."""
    flat = " ".join(statement.split())
    return flat.startswith("SELECT count(*)") and "FROM (SELECT cases.id" in flat


def test_case_list_totals_without_counting_a_short_page(
    app, client, coordinator, make_case, count_queries, monkeypatch
):
    """The list says how many cases match; a page short of full is the last,
    so its total is known without the count query, and is the same."""
    police = coordinator.person.current_memberships[0].organization
    for n in range(3):
        make_case(lead=police, title=f"Bridge {n}")
    make_case(lead=police, title="Harbour")
    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    sign_in(client, coordinator)

    def counted(url):
        with count_queries() as queries:
            text = client.get(url).text
        counts = [q for q in queries.statements if _counts_cases(q)]
        return text, len(counts)

    full, counts_on_full = counted("/cases?sort=title")
    assert "Page 1 of 2 · 4 in all" in full and counts_on_full == 1
    last, counts_on_last = counted("/cases?sort=title&page=2")
    assert "Page 2 of 2 · 4 in all" in last and counts_on_last == 0
    narrow, counts_on_narrow = counted("/cases?q=harbour")
    assert "1 in all" in narrow and counts_on_narrow == 0
    beyond, _ = counted("/cases?page=9")
    assert "No case matches" in beyond and "4 in all" in beyond


def test_admin_adds_a_problem_type(client, make_user):
    from caseboard.services.problem_types import ensure_default_problem_types

    ensure_default_problem_types()
    sign_in(client, make_user(role="admin"))
    assert (
        client.post("/admin/problem-types", data={"name": "Retail theft"}).status_code
        == 302
    )
    again = client.post("/admin/problem-types", data={"name": "retail THEFT"})
    assert "That problem type exists already." in again.text
    assert "Retail theft" in client.get("/admin/problem-types").text


def test_organization_and_person_pages_show_their_cases_and_tasks(
    client, coordinator, make_case, make_person, make_task
):
    from caseboard.services.cases import add_role

    police = coordinator.person.current_memberships[0].organization
    case = make_case(lead=police, title="Eastgate courtyard shootings")
    handler = make_person(organization=police, full_name="Andre Washington")
    add_role(coordinator, case, role="handler", person=handler)
    db.session.commit()
    make_task(case=case, assignee=handler, title="Meet the Eastgate crews")
    sign_in(client, coordinator)
    org_page = client.get(f"/organizations/{police.id}").text
    assert "Eastgate courtyard shootings" in org_page and "lead" in org_page
    person_page = client.get(f"/people/{handler.id}").text
    assert "Eastgate courtyard shootings" in person_page
    assert "Meet the Eastgate crews" in person_page


def test_a_stage_is_its_enum_and_stored_as_its_plain_value(make_case):
    from caseboard.models import CaseStage

    case = make_case()
    case.stage = "analysis"  # as a form or an import hands it over
    assert case.stage is CaseStage.ANALYSIS and case.stage.label == "Analysis"
    with pytest.raises(ValueError):
        case.stage = "brainstorming"
    db.session.commit()
    stored = db.session.execute(
        db.text("SELECT stage FROM cases WHERE id = :id"), {"id": case.id}
    ).scalar_one()
    assert type(stored) is str and stored == "analysis"
    db.session.expire(case)
    assert case.stage is CaseStage.ANALYSIS
