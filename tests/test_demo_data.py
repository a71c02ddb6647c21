"""The demo city is data: the files in caseboard/demo/data load, hang together,
and a broken record is reported by file and record; a case added as a file
is loaded with the rest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from caseboard.demo import (
    accreditation,
    case_data,
    data,
    load_demo,
    meeting_data,
    network_data,
)
from caseboard.demo.records import DATA, DemoDataError, Post
from caseboard.models import Case, Meeting, Organization, PersonTie, Task, User
from caseboard.models.organizations import OrganizationKind
from caseboard.services.problem_types import DEFAULT_PROBLEM_TYPES

CITY = data.load_city()
STORIES = case_data.load_stories()
SERIES = meeting_data.load_series()
NETWORK = network_data.load_network()

ORGANIZATIONS = {o.name for c in CITY.coalitions for o in c.organizations}
KEY_PEOPLE = {p.name for p in CITY.key_people}
USERS = {p.email for p in CITY.key_people if p.site_role}


def test_every_data_file_loads_into_its_records():
    assert len(CITY.coalitions) == 3 and len(ORGANIZATIONS) == 44
    assert len(CITY.key_people) == 14 and len(CITY.past_positions) == 5
    assert len(STORIES) == 11 and len(SERIES) == 3
    assert len(NETWORK.channels) == 88 and len(NETWORK.relationships) == 79
    assert network_data.load_settings().history_days == 545
    names = data.load_names()
    assert set(names.titles) == set(OrganizationKind)
    assert names.first_names == data.FIRST_NAMES and names.titles == data.TITLES


def _organizations_named() -> list[str | None]:
    named: list[str | None] = [p.organization for p in CITY.past_positions]
    for story in STORIES:
        named += [story.lead, *(r.organization for r in story.roles)]
        named += [t.organization for t in story.tasks]
        named += [r.partner for r in story.responses]
        named += [
            value
            for key, value in story.controller_links().items()
            if key.endswith("_organization")
        ]
    for series in SERIES:
        for held in series.held:
            named += [a.organization for i in held.items for a in i.actions]
    for channel in NETWORK.channels:
        for someone in (*channel.left, *channel.right, *channel.along):
            if isinstance(someone, network_data.Staff):
                named.append(someone.staff)
    return named


def _people_named() -> list[object]:
    named: list[object] = [p.person for p in CITY.past_positions]
    for story in STORIES:
        named += [r.person for r in story.roles] + [t.assignee for t in story.tasks]
    for series in SERIES:
        named += list(series.invitees)
        for held in series.held:
            named += [*held.apologies, *held.absent, held.walk_in]
            named += [i.presenter for i in held.items]
            named += [a.assignee for i in held.items for a in i.actions]
    for channel in NETWORK.channels:
        named += [*channel.left, *channel.right, *channel.along]
    for tie in NETWORK.relationships:
        named += [tie.person, tie.other]
    return named


def test_the_records_name_organizations_and_people_the_city_has():
    unknown = {o for o in _organizations_named() if o and o not in ORGANIZATIONS}
    assert not unknown
    for someone in _people_named():
        if isinstance(someone, str):
            assert someone in KEY_PEOPLE, someone
        elif isinstance(someone, Post):
            assert someone.organization in ORGANIZATIONS, someone


def test_cases_and_meetings_name_users_cases_and_tasks_that_exist():
    coalitions = {c.name for c in CITY.coalitions}
    assert {c.coordinator for c in CITY.coalitions} <= USERS
    tasks = {s.title: {t.title for t in s.tasks} for s in STORIES}
    for story in STORIES:
        assert story.coalition in coalitions and story.coordinator in USERS
        assert story.problem_type in DEFAULT_PROBLEM_TYPES
        assert {m.by for m in story.moves if m.by} <= USERS
        assert {c.by for c in story.comments} <= USERS
        assert {c.task for c in story.comments if c.task} <= tasks[story.title]
        keys = {r.key for r in story.responses}
        assert {t.response for t in story.tasks if t.response} <= keys
    for series in SERIES:
        assert series.coalition in coalitions and series.coordinator in USERS
        items = [i for held in series.held for i in held.items] + list(series.upcoming)
        for item in items:
            assert item.case is None or item.case in tasks, item.title
            if item.task and not item.follow_up:
                assert item.task in tasks[item.case], item.title  # type: ignore[index]


# -- a broken record is named --------------------------------------------------

STORY = """
coalition = "Water Street Nightlife Initiative"
title = "Broken glass on Front Street"
problem_type = "Nuisance property"
lead = "Harbor City Police Department"
coordinator = "elena.ruiz@example.org"
opened = 30
problem_statement = "Glass on the pavement."
goals = "None on the pavement."

[place]
name = "Front Street"
address = "1 Front Street"
latitude = 41.6
longitude = -70.9
beat = "Central 3"
"""


def _data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(str(DATA), root)
    return root


@pytest.mark.parametrize(
    ("extra", "replace", "message"),
    [
        ("", ('goals = "None on the pavement."', ""), "missing field “goals”"),
        ("sumary = 'typo'", None, "unknown field “sumary”"),
        (
            '[[tasks]]\ntitle = "Sweep it"\ncreated = 10\ndew = 3\n',
            None,
            "tasks[1] “Sweep it”: unknown field “dew”",
        ),
        (
            '[[tasks]]\ntitle = "Sweep it"\n',
            None,
            "tasks[1] “Sweep it”: missing field “created”",
        ),
        (
            '[[tasks]]\ntitle = "Sweep it"\ncreated = "ten"\n',
            None,
            "tasks[1] “Sweep it”, created: expected a whole number",
        ),
        (
            '[[roles]]\nrole = "partner"\nperson = { organisation = "X" }\n',
            None,
            "roles[1], person: expected a name or {organization, title}",
        ),
        (
            '[[sara]]\nago = 5\n[sara.answers]\nscanning_problme = "x"\n',
            None,
            "sara[1]: unknown SARA prompt 'scanning_problme'",
        ),
    ],
)
def test_a_broken_case_file_is_named_with_its_record(tmp_path, extra, replace, message):
    root = _data_copy(tmp_path)
    text = STORY if replace is None else STORY.replace(*replace)
    if extra.startswith("sumary"):
        text = extra + "\n" + text
    else:
        text += "\n" + extra
    (root / "cases" / "12-broken-glass.toml").write_text(text)
    with pytest.raises(DemoDataError) as raised:
        case_data.load_stories(root)
    assert str(raised.value).startswith("cases/12-broken-glass.toml")
    assert message in str(raised.value)


def test_broken_city_meeting_and_network_files_are_named(tmp_path):
    root = _data_copy(tmp_path)
    city = root / "city.toml"
    city.write_text(city.read_text().replace('site_role = "admin"', 'role = "admin"'))
    with pytest.raises(DemoDataError, match=r"city\.toml, key_people\[1\] “Alex"):
        data.load_city(root)

    (root / "meetings" / "4-empty.toml").write_text('title = "Nothing held"\n')
    with pytest.raises(DemoDataError, match=r"meetings/4-empty\.toml: missing field"):
        meeting_data.load_series(root)

    (root / "network" / "5-more.toml").write_text(
        '[[channels]]\nleft = ["Elena Ruiz"]\nright = [{ staff = 7 }]\n'
    )
    with pytest.raises(DemoDataError) as raised:
        network_data.load_network(root)
    assert str(raised.value).startswith("network/5-more.toml, channels[1]")

    (root / "names.toml").write_text("first_names = [")
    with pytest.raises(DemoDataError, match=r"names\.toml: "):
        data.load_names(root)


# -- the demo loads what the files say -----------------------------------------

NEW_CASE = (
    STORY
    + """
[[roles]]
role = "partner"
organization = "Zoning and Code Enforcement"
person = "Priya Raman"

[[tasks]]
title = "Ask the bars about their bottle bins"
created = 20
due = 5
assignee = { organization = "Harbor City Police Department", title = "Sergeant" }
organization = "Harbor City Police Department"
"""
)


def test_the_demo_loads_the_files_and_a_case_added_as_a_file(db, tmp_path, monkeypatch):
    root = _data_copy(tmp_path)
    (root / "cases" / "12-broken-glass.toml").write_text(NEW_CASE)
    stories = case_data.load_stories(root)
    monkeypatch.setattr(case_data, "stories", lambda: stories)

    load_demo(password="demo-password-1")

    def count(model: type) -> int:
        return db.session.scalar(db.select(db.func.count()).select_from(model))

    # The accreditation file adds the one bar the city file does not have.
    joined = {e.name for e in accreditation.load_spec().establishments}
    assert count(Organization) == len(ORGANIZATIONS | joined) == len(ORGANIZATIONS) + 1
    assert count(User) == len(USERS)
    assert count(Case) == len(STORIES) + 1
    assert count(Meeting) == sum(len(s.held) + 1 for s in SERIES)
    assert count(PersonTie) == len(NETWORK.relationships)
    added = db.session.scalar(
        db.select(Case).where(Case.title == "Broken glass on Front Street")
    )
    assert added.lead_organization.name == "Harbor City Police Department"
    task = db.session.scalar(db.select(Task).where(Task.case_id == added.id))
    assert task.title == "Ask the bars about their bottle bins"
    assert task.assignee is not None
    assert {r.organization.name for r in added.roles} >= {
        "Harbor City Police Department",
        "Zoning and Code Enforcement",
    }
    _the_demo_assessments_show_their_patterns(db)
    _the_water_street_bars_are_at_different_points(db)


def _the_water_street_bars_are_at_different_points(db) -> None:
    """Eight bars: three accredited, one lapsed, the rest in progress; each
    sign-off by a user of its agency where the agency has one (the fire
    marshal's deputy)."""
    from caseboard.clock import today
    from caseboard.models import AccreditationScheme, AccreditationStep
    from caseboard.models.accreditation import Decal, establishment_status

    scheme = db.session.scalar(db.select(AccreditationScheme))
    decals = {
        e.organization.name: establishment_status(e, today()).decal
        for e in scheme.establishments
    }
    assert len(decals) == 8
    assert sorted(n for n, d in decals.items() if d is Decal.ACCREDITED) == [
        "Blue Heron Bar & Grill",
        "Copper Kettle Pub",
        "The Anchor Tavern",
    ]
    assert [n for n, d in decals.items() if d is Decal.LAPSED] == ["Pier 9 Lounge"]
    assert sum(d is Decal.IN_PROGRESS for d in decals.values()) == 4
    fire = db.session.scalars(
        db.select(AccreditationStep).where(
            AccreditationStep.agency.has(name="Harbor City Fire Marshal's Office")
        )
    ).first()
    assert fire.by.email == "sean.fitzgerald@example.org"
    _the_demo_runs_the_field_programs(db)


def _the_demo_runs_the_field_programs(db) -> None:
    """The Eastgate round has stops overdue today, a flagged one first; the
    asks stand at the stages their files end on."""
    from caseboard.clock import today
    from caseboard.demo.programs import ask_specs
    from caseboard.models import Ask
    from caseboard.queries.rounds import todays_route

    dana = db.session.scalars(
        db.select(User).where(User.email == "dana.okafor@example.org")
    ).one()
    statuses = [s for group in todays_route(dana, today()) for s in group.statuses]
    assert sum(s.overdue for s in statuses) >= 3
    assert statuses[0].flagged
    stages = {
        (a.organization.name, a.what): a.stage
        for a in db.session.scalars(db.select(Ask))
    }
    assert stages == {
        (spec.organization, spec.what): spec.moves[-1].stage for spec in ask_specs()
    }


def _the_demo_assessments_show_their_patterns(db) -> None:
    """Water Street: a decline with some diffusion of benefits; Eastgate: the
    Watts pattern (violent crime and arrests down by about half, relationships
    up); the outreach case: calls down, people housed up."""
    from caseboard.assessment.verdict import Verdict
    from caseboard.queries.assessment import case_assessment

    def assessed(title: str) -> dict:
        case = db.session.scalar(db.select(Case).where(Case.title == title))
        result = case_assessment(case)
        assert result.judgement.verdict == Verdict.WORKED, result.judgement.reason
        return {m.name: r for m, r in result.measures} | {"": result}

    water = assessed("Closing-time assaults on the 400 block of Water Street")
    assaults = water["Assaults within 500 ft"]
    assert assaults.windows.periods == 12
    assert assaults.wdd.reliable_decline and 0 < assaults.wdq < 1
    eastgate = assessed("Retaliatory shootings around the Building C courtyard")
    assert eastgate["Violent crime at Eastgate Homes"].percent_change < -45
    assert eastgate["Arrests at Eastgate Homes"].percent_change < -40
    relationships = eastgate[""].relationships
    assert relationships.response.active_ties > relationships.baseline.active_ties
    outreach = assessed("Riverside Park encampment and access to services")
    housed = outreach["People housed from the camp"]
    assert housed.response["target"] > 2 * housed.baseline["target"]
