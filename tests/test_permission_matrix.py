"""The permission matrix: every route of the app, asked by every kind of
viewer, about a case of each visibility, with the answer each must get.

``ROUTES`` holds one decision per URL rule and method: a rule or a method
added to the app without a row here fails ``test_every_route_has_a_decision``
(a second rule on an existing endpoint as well), and each row's URL must reach
its own rule (``test_each_row_reaches_its_own_rule``). Each row names the URL
(placeholders filled from the world below), the form a POST sends (valid, so
an allowed viewer succeeds) and, per method, a rule giving the status for each
viewer and case visibility. Anonymous visitors are sent to sign in everywhere
but the public routes. A refused POST must leave every table as it was.

The world: in one coalition, organization A leads three cases, one of each
visibility (the restricted one names A only; organization B holds a role on it
all the same). Each case has a task, a role held by a person of A, a place, a
response, a comment, notes (one open to all, one restricted to A) and a
meeting with an agenda item, a decision, an action item and attendance.
Organization D belongs to another coalition only. The other test files of the
access model (cross-agency probes, leak probes) share it.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from caseboard.api.conventions import etag_of
from caseboard.clock import coalition_zone
from caseboard.extensions import db
from caseboard.models import (
    AgendaItem,
    ApiToken,
    Area,
    Base,
    Case,
    CaseResponse,
    CaseRole,
    Coalition,
    CoalitionStatus,
    Measure,
    Meeting,
    Note,
    Notification,
    Organization,
    Person,
    ProblemType,
    Task,
    User,
)
from caseboard.models.base import utcnow
from caseboard.services import agenda as agenda_service
from caseboard.services import cases as case_service
from caseboard.services import maps as maps_service
from caseboard.services import measures as measure_service
from caseboard.services import meetings as meeting_service
from caseboard.services.coalitions import (
    add_organization,
    create_coalition,
    end_coalition_membership,
    name_person,
    share_case,
)
from caseboard.services.notes import add_note
from caseboard.services.people import (
    create_person,
    set_administrator,
    update_person,
)
from tests.accreditation_world import build_accreditation, make_business
from tests.api_client import bearer, token_for
from tests.conftest import sign_in
from tests.factories import PASSWORD

# --------------------------------------------------------------------- the world

VISIBILITIES = ("coalition", "participants", "restricted")


@dataclass
class CaseWorld:
    """One case and an object of every kind a route may point at."""

    case: Case
    task: Task
    role: CaseRole  # a person of A as guardian (not the lead: it can end)
    response: CaseResponse
    meeting: Meeting  # the case's own meeting
    item: AgendaItem
    action: Task  # made from the meeting's action item
    note: Note  # open to everyone who sees the case
    restricted_note: Note  # restricted to organization A
    meeting_note: Note  # on the meeting, restricted to organization A
    extra_tasks: list[Task] = field(default_factory=list)


@dataclass
class World:
    organizations: dict[str, Organization]  # "A", "B", "C" (one coalition), "D"
    users: dict[str, User]
    person: Person  # of organization A, with contact details only A may read
    cases: dict[str, CaseWorld]  # by visibility
    coalition_meeting: Meeting  # for the whole coalition
    hidden_item: AgendaItem  # on the coalition meeting, about the restricted case
    person_note: Note  # on the person, restricted to A
    coalition_meeting_note: Note  # restricted to A
    secret: str  # the text every restricted note and hidden title contains
    phone: str
    email: str
    address: str
    other_coalition: Any = None  # D's, where A's cases are not seen
    # A's coalition's scheme: a standard signed off by A, an enrolled business
    accreditation: Any = None
    unenrolled: Any = None  # a business of A's coalition, not enrolled yet

    @property
    def builder(self) -> User:
        return self.users["case_coordinator"]

    def ids(self, visibility: str | None) -> dict[str, int]:
        """The values of a URL's placeholders."""
        values = {
            "person": self.person.id,
            "organization": self.organizations["A"].id,
            "user": self.users["bystander"].id,
            "other_person": self.builder.person_id,
            "coalition": self.cases["coalition"].case.coalition_id,
            "coalition_member": self.organizations["C"].coalition_memberships[0].id,
            "establishment": self.accreditation.establishment.id,
            "standard": self.accreditation.standard.id,
        }
        if visibility is not None:
            c = self.cases[visibility]
            values |= {
                "case": c.case.id,
                "task": c.task.id,
                "role": c.role.id,
                "response": c.response.id,
                "meeting": c.meeting.id,
                "item": c.item.id,
            }
        return values


def build_world(
    make_organization, make_person, make_user, make_case, make_task, make_meeting
) -> World:
    tag = uuid.uuid4().hex[:8]
    secret = f"Secret{tag}"
    a = make_organization(name=f"Harbor Police {tag}", kind="police")
    b = make_organization(name=f"Eastgate Outreach {tag}")
    c = make_organization(name=f"City Hall {tag}", kind="municipal_agency")
    users = {
        # The viewers of the matrix.
        "read_only": make_user(role="read_only", organization=a),
        "member_on": make_user(organization=a),
        "member_off": make_user(organization=b),
        "coordinator": make_user(role="coordinator", organization=c),
        "admin": make_user(role="admin", organization=c),
        # Everyone else: the cases' coordinator (who writes the world), a user
        # the administrator's pages act on, and more outsiders for the probes.
        "case_coordinator": make_user(role="coordinator", organization=a),
        "bystander": make_user(organization=c),
        "b_coordinator": make_user(role="coordinator", organization=b),
        "c_read_only": make_user(role="read_only", organization=c),
    }
    # The coalition axis: D belongs to another coalition only, so its member
    # sees none of A's coalition's cases, whatever their visibility.
    other = create_coalition(None, name=f"Water Street initiative {tag}")
    d = make_organization(name=f"Water Street Bar {tag}", kind="business")
    add_organization(None, other, d)
    users["other_coalition"] = make_user(organization=d)
    builder = users["case_coordinator"]
    set_administrator(None, users["member_on"].person.memberships[0], True)
    person = make_person(organization=a, full_name=f"Dana Whitfield {tag}")
    phone, email = f"+1 555 {tag[:4]} {tag[4:]}", f"dana.{tag}@police.example"
    address = f"{tag} Informant Lane"
    # Added by an edit, so the person's history holds them too.
    update_person(
        builder,
        person,
        expected_version=person.version,
        phone=phone,
        email=email,
        address=address,
    )
    db.session.commit()

    worlds = {}
    for visibility in VISIBILITIES:
        hidden = visibility != "coalition"
        title = f"{secret} case {visibility}" if hidden else f"Open case {tag}"
        case = make_case(
            lead=a,
            title=title,
            coordinator=builder,
            visibility=visibility,
            access_organization_ids=[a.id] if visibility == "restricted" else [],
            place_name=f"{title} corner",
        )
        word = secret if hidden else "Shared"
        role = case_service.add_role(builder, case, role="guardian", person=person)
        response = case_service.add_response(
            builder,
            case,
            description=f"{word} response {visibility}",
            partner_organization=a,
        )
        case_service.add_comment(builder, case, f"{word} comment {visibility}")
        db.session.commit()
        task = make_task(
            case=case,
            actor=builder,
            title=f"{word} task {visibility}",
            assignee=person,
        )
        meeting = make_meeting(
            case=case,
            actor=builder,
            title=f"{word} meeting {visibility}",
            invitees=[person],
        )
        item = agenda_service.add_agenda_item(
            builder, meeting, title=f"{word} item {visibility}", case=case
        )
        agenda_service.add_decision(builder, item, f"{word} decision {visibility}")
        action = agenda_service.add_action_item(
            builder, item, title=f"{word} action {visibility}", organization=a
        )
        meeting_service.record_attendance(builder, meeting, person, status="present")
        worlds[visibility] = CaseWorld(
            case=case,
            task=task,
            role=role,
            response=response,
            meeting=meeting,
            item=item,
            action=action,
            note=add_note(builder, case, f"{word} open note {visibility}", []),
            restricted_note=add_note(
                builder, case, f"{secret} note on case {visibility}", [a]
            ),
            meeting_note=add_note(
                builder, meeting, f"{secret} note on meeting {visibility}", [a]
            ),
        )
        db.session.commit()

    # B holds a role on the restricted case and a task of it is B's: neither
    # may let B see it, since the case names organization A only.
    restricted = worlds["restricted"]
    case_service.add_role(
        builder, restricted.case, role="place_manager", organization=b
    )
    db.session.commit()
    restricted.extra_tasks.append(
        make_task(
            case=restricted.case,
            actor=builder,
            title=f"{secret} task for B",
            organization=b,
            assignee=users["member_off"].person,
        )
    )

    # Overdue, so the overdue lists and counts have hidden work to leave out
    # (tasks cannot be created overdue: time passing is simulated).
    for hidden in ("participants", "restricted"):
        for task in (worlds[hidden].task, *worlds[hidden].extra_tasks):
            task.due_on = date.today() - timedelta(days=3)
    db.session.commit()

    coalition_meeting = make_meeting(actor=builder, title=f"Coalition meeting {tag}")
    hidden_item = agenda_service.add_agenda_item(
        builder,
        coalition_meeting,
        title=f"{secret} coalition item",
        case=restricted.case,
    )
    agenda_service.add_decision(builder, hidden_item, f"{secret} coalition decision")
    home = a.coalition_memberships[0].coalition
    accreditation = build_accreditation(
        home, a, make_business(home, f"Anchor Tavern {tag}")
    )
    unenrolled = make_business(home, f"Rusty Nail {tag}")
    world = World(
        organizations={"A": a, "B": b, "C": c, "D": d},
        users=users,
        person=person,
        cases=worlds,
        coalition_meeting=coalition_meeting,
        hidden_item=hidden_item,
        person_note=add_note(builder, person, f"{secret} note on person", [a]),
        coalition_meeting_note=add_note(
            builder, coalition_meeting, f"{secret} note on coalition meeting", [a]
        ),
        secret=secret,
        phone=phone,
        email=email,
        address=address,
        other_coalition=other,
        accreditation=accreditation,
        unenrolled=unenrolled,
    )
    db.session.commit()
    return world


@pytest.fixture
def access_world(
    make_organization, make_person, make_user, make_case, make_task, make_meeting
) -> World:
    return build_world(
        make_organization, make_person, make_user, make_case, make_task, make_meeting
    )


def database_state() -> dict[str, str]:
    """Each table's row count and a digest of its rows, the audit trail
    excepted (refused requests are meant to write to it)."""
    state = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "audit_events":
            continue
        rows = db.session.execute(
            select(table).order_by(*table.primary_key.columns)
        ).all()
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
        state[table.name] = f"{len(rows)} rows {digest}"
    db.session.commit()  # end the read, so the next request starts afresh
    return state


def changed_tables(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


def as_viewer(client, user: User | None) -> None:
    """Sign ``user`` in (None: sign out), forgetting the last one's session."""
    with client.session_transaction() as session:
        session.clear()
    if user is not None:
        db.session.refresh(user)  # its session generation may have moved on
        sign_in(client, user)


# ---------------------------------------------------------------- the decisions

# Refusals first: what the allowed viewers (last) change cannot alter them.
VIEWERS = (
    "anonymous",
    "read_only",
    "other_coalition",
    "member_off",
    "coordinator",
    "member_on",
    "admin",
)
# read_only and member_on work for organization A; member_off for B;
# coordinator (a site coordinator, not the case's) and admin for C; A, B and
# C are the cases' coalition. other_coalition works for D, of another
# coalition: it sees no case of any visibility (the coalition axis).
SEES = {
    "coalition": {"read_only", "member_on", "member_off", "coordinator", "admin"},
    "participants": {"read_only", "member_on", "admin"},
    "restricted": {"read_only", "member_on", "admin"},
}
EDITS = {"member_on", "admin"}  # a role holder's user (not read-only), an admin
# Who changes who belongs to organization A: site administrators and A's own
# administrators (member_on is one; read_only works at A but is not).
MANAGES_A = {"member_on", "admin"}
EDITORS = {"coordinator", "admin"}  # the site roles that create and import
SIGNED_IN = set(VIEWERS) - {"anonymous"}
# The calendar feed is read by calendar apps, and a mail's unsubscribe link
# followed, by the token in its URL; the API's description and its
# documentation are open to any client.
PUBLIC = {
    "/login",
    "/login/code",
    "/healthz",
    "/calendar/<token>.ics",
    "/unsubscribe/<token>",
    "/api/v1/openapi.json",
    "/api/v1/docs",
}
# Where a signed-in viewer is rightly sent to the sign-in page.
SIGN_IN_REDIRECTS = {"/logout", "/login/code"}

Rule = Callable[[str, str | None], int]


def anyone(ok: int) -> Rule:
    return lambda viewer, visibility: ok


def only(viewers: set[str], ok: int) -> Rule:
    """A site-wide right: 403 for the rest."""
    return lambda viewer, visibility: ok if viewer in viewers else 403


def sees(ok: int) -> Rule:
    """Reading a case or what belongs to it: 404 for who may not know it."""
    return lambda viewer, visibility: ok if viewer in SEES[visibility] else 404


def edits(ok: int) -> Rule:
    """Changing a case: 404 unseen, 403 seen but not theirs to change."""

    def rule(viewer: str, visibility: str | None) -> int:
        if viewer not in SEES[visibility]:
            return 404
        return ok if viewer in EDITS else 403

    return rule


def writes_if_sees(ok: int) -> Rule:
    """Notes and contacts: whoever sees the subject, unless read-only."""

    def rule(viewer: str, visibility: str | None) -> int:
        if visibility is not None and viewer not in SEES[visibility]:
            return 404
        return 403 if viewer == "read_only" else ok

    return rule


def author_or_admin(ok: int) -> Rule:
    """Deleting a note written by the case's coordinator."""

    def rule(viewer: str, visibility: str | None) -> int:
        if viewer not in SEES[visibility]:
            return 404
        return ok if viewer == "admin" else 403

    return rule


def in_coalition(ok: int) -> Rule:
    """A's coalition's own pages: everyone working in it (and administrators);
    a viewer of another coalition may not know it exists."""
    return lambda viewer, visibility: 404 if viewer == "other_coalition" else ok


def coalition_admin(ok: int) -> Rule:
    """Changing A's coalition's membership: administrators (no viewer is one
    of its coordinators); 404 for a viewer of another coalition."""

    def rule(viewer: str, visibility: str | None) -> int:
        if viewer == "other_coalition":
            return 404
        return ok if viewer == "admin" else 403

    return rule


def signs_off(ok: int, managers: set[str] = frozenset()) -> Rule:
    """A step on a standard signed off by A: A's users who may write
    (member_on), plus ``managers``; 404 for another coalition."""

    def rule(viewer: str, visibility: str | None) -> int:
        if viewer == "other_coalition":
            return 404
        return ok if viewer in {"member_on", *managers} else 403

    return rule


def shares(ok: int) -> Rule:
    """Sharing a case: administrators and its (or its coalition's)
    coordinators; 404 for who may not see it."""

    def rule(viewer: str, visibility: str | None) -> int:
        if viewer not in SEES[visibility]:
            return 404
        return ok if viewer == "admin" else 403

    return rule


def contact_rule(viewer: str, visibility: str | None) -> int:
    """Logging a contact about a case: read-only users may not; a case the
    viewer may not see is no choice of theirs (the form again, 200)."""
    if viewer == "read_only":
        return 403
    return 302 if viewer in SEES[visibility] else 200


# A POST's form: from the world, the case's visibility and the viewer.
Form = Callable[[World, str | None, User | None], dict[str, Any]]
URL = str | Callable[[World, str | None], str]
_n = itertools.count(1)
TODAY = date.today().isoformat()


@dataclass(frozen=True)
class Route:
    url: URL
    expect: dict[str, Rule]  # method -> rule
    form: Form | None = None
    per_case: bool = False  # about one case: checked for each visibility
    api: bool = False  # asked with the viewer's token and a JSON body
    headers: Callable[[World, str | None], dict[str, str]] | None = None

    def url_for(self, w: World, visibility: str | None) -> str:
        if callable(self.url):
            return self.url(w, visibility)
        return self.url.format(**w.ids(visibility))


def case_route(url: URL, form: Form | None = None, **expect: Rule) -> Route:
    return Route(url, expect, form, per_case=True)


def route(url: URL, form: Form | None = None, **expect: Rule) -> Route:
    return Route(url, expect, form)


def api_route(
    url: URL,
    form: Form | None = None,
    *,
    per_case: bool = False,
    headers: Callable[[World, str | None], dict[str, str]] | None = None,
    **expect: Rule,
) -> Route:
    """An API operation: the viewer's write token instead of a session (none
    for anonymous: 401), the form sent as JSON."""
    return Route(url, expect, form, per_case=per_case, api=True, headers=headers)


def api_secret(w: World, user: User) -> str:
    """The viewer's write token in this world, made once, already marked as
    used (so that using it writes nothing within the minute)."""
    secrets = w.__dict__.setdefault("api_secrets", {})
    if user.id not in secrets:
        secrets[user.id] = token_for(user, "write")
        for token in db.session.scalars(select(ApiToken)):
            token.last_used_at = utcnow()
        db.session.commit()
    return secrets[user.id]


def fresh_token_url(w: World, vis: str | None) -> str:
    """A token of member_on's to revoke: its own user and administrators may."""
    token_for(w.users["member_on"], "read")
    token = db.session.scalars(select(ApiToken).order_by(ApiToken.id.desc())).first()
    return f"/account/tokens/{token.id}/revoke"


def if_match_task(w: World, vis: str | None) -> dict[str, str]:
    return {"If-Match": etag_of(w.cases[vis].task)}


# Forms, read when sent (so they carry the record's current version).


def fields(**values: Any) -> Form:
    """A form that is always the same."""
    return lambda w, vis, me: dict(values)


def case_form(w, vis, me):
    case = w.cases[vis].case
    return {
        "title": case.title,
        "problem_type_id": case.problem_type_id,
        "priority": case.priority,
        "visibility": case.visibility,
        "access_organization_ids": case.access_organization_ids,
        "opened_on": case.opened_on.isoformat(),
        "status": case.status,
        "coordinator_id": case.coordinator_id,
        "version": case.version,
    }


def task_form(w, vis, me):
    task = w.cases[vis].task
    return {
        "title": task.title,
        "priority": task.priority,
        "status": task.status,
        "due_on": task.due_on.isoformat() if task.due_on else "",
        "assignee_id": task.assignee_id or 0,
        "organization_id": task.organization_id or 0,
        "response_id": task.response_id or 0,
        "version": task.version,
    }


def meeting_form(w, vis, me):
    meeting = w.cases[vis].meeting
    local = meeting.starts_at.astimezone(coalition_zone())
    return {
        "title": meeting.title,
        "day": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "duration_minutes": meeting.duration_minutes,
        "repeats": meeting.repeats,
        "invitees": [i.person_id for i in meeting.invitations],
        "version": meeting.version,
    }


def standard_form(w, **values):
    """An accreditation standard signed off by A."""
    return {
        "theme": "Premises",
        "agency_id": w.organizations["A"].id,
        "validity_days": "365",
        "required": "y",
    } | values


def new_meeting_form(w, vis, me):
    day = (date.today() + timedelta(days=14)).isoformat()
    return {
        "title": "Extra meeting",
        "case_id": w.cases[vis].case.id,
        "day": day,
        "time": "18:00",
        "duration_minutes": 60,
        "repeats": "none",
    }


def person_form(w, vis, me):
    p = w.person
    return {
        "full_name": p.full_name,
        "email": p.email,
        "phone": p.phone,
        "address": p.address,
        "notes": p.notes,
        "version": p.version,
    }


def organization_form(w, vis, me):
    o = w.organizations["A"]
    return {
        "name": o.name,
        "kind": o.kind,
        "services": "\n".join(s.name for s in o.services),
        "version": o.version,
    }


def user_form(w, vis, me):
    u = w.users["bystander"]
    return {
        "email": u.email,
        "site_role": u.site_role,
        "active": "y",
        "version": u.version,
    }


def item_form(w, vis, me):
    return {"notes": "Discussed", "version": w.cases[vis].item.version}


# URLs that need an object of their own (the request removes or ends it).


def fresh_person(w: World) -> Person:
    person = create_person(None, full_name=f"Spare person {next(_n)}")
    db.session.commit()
    return person


def fresh_item_url(w, vis):
    c = w.cases[vis]
    item = agenda_service.add_agenda_item(
        w.builder, c.meeting, title="Spare item", case=c.case
    )
    db.session.commit()
    return f"/meetings/{c.meeting.id}/items/{item.id}/remove"


def fresh_note_url(w, vis):
    note = add_note(w.builder, w.cases[vis].case, "A note to delete", [])
    db.session.commit()
    return f"/notes/{note.id}/delete"


def fresh_colleague(w: World) -> Person:
    """A new colleague at organization A, so each request has a position
    of its own to add or end."""
    person = create_person(
        None, full_name=f"Colleague {next(_n)}", organization=w.organizations["A"]
    )
    db.session.commit()
    return person


def fresh_membership_url(w, vis):
    person = fresh_colleague(w)
    return f"/people/{person.id}/memberships/{person.memberships[0].id}/end"


def fresh_colleague_url(w, vis):
    return f"/people/{fresh_colleague(w).id}/memberships"


def fresh_administrator_url(w, vis, administrator: bool = False) -> str:
    """A new colleague's position at A (already an administrator of A when
    the request takes that away)."""
    membership = fresh_colleague(w).memberships[0]
    if administrator:
        set_administrator(None, membership, True)
        db.session.commit()
    url = f"/organizations/{w.organizations['A'].id}/members/{membership.id}"
    return f"{url}/administrator" + ("/revoke" if administrator else "")


def fresh_invitation_url(w: World, answer: str) -> str:
    """A's invitation to D's coalition, new for each request (an answer ends
    it). Accepting is A's own administrators' decision (member_on is one)."""
    a = w.organizations["A"]
    for membership in a.coalition_memberships:
        if membership.coalition_id == w.other_coalition.id and membership.is_current:
            end_coalition_membership(None, membership)
    invitation = add_organization(
        None, w.other_coalition, a, status=CoalitionStatus.INVITED
    )
    db.session.commit()
    return f"/coalitions/invitations/{a.id}/{invitation.id}/{answer}"


def fresh_naming_url(w, vis):
    coalition = db.session.get(Coalition, w.ids(None)["coalition"])
    naming = name_person(None, coalition, fresh_person(w))
    db.session.commit()
    return f"/coalitions/{coalition.id}/people/{naming.id}/end"


def fresh_share_url(w, vis):
    """The case shared with a coalition of no viewer's (so the share shows it
    to nobody new), new for each request."""
    case = w.cases[vis].case
    elsewhere = create_coalition(None, name=f"Elsewhere {next(_n)}")
    share = share_case(None, case, elsewhere, reason="Same people, same place")
    db.session.commit()
    return f"/coalitions/share/{case.id}/{share.id}/end"


def mine(w: World, me: User | None) -> int:
    """The viewer's own person (anyone's, for an anonymous visitor)."""
    return (me or w.builder).person_id


def add_role_form(w, vis, me):
    person = fresh_person(w)
    return {"role": "expert", "person_id": person.id, "started_on": TODAY}


def new_case_form(w, vis, me):
    return {
        "title": f"New case {next(_n)}",
        "problem_type_id": db.session.scalar(select(ProblemType.id)),
        "lead_organization_id": w.organizations["A"].id,
        "priority": "normal",
        "visibility": "coalition",
        "opened_on": TODAY,
        "coordinator_id": 0,
    }


def import_file(w, vis, me):
    csv = f"name,kind\nImported organization {next(_n)},police\n".encode()
    return {"kind": "organizations", "file": (io.BytesIO(csv), "organizations.csv")}


def measure_of(w: World, vis: str | None) -> Measure:
    """The case's one measure, made the first time a row asks for it."""
    case = w.cases[vis].case
    measure = db.session.scalar(select(Measure).where(Measure.case_id == case.id))
    if measure is None:
        measure = measure_service.create_measure(None, case, name="Assaults")
        db.session.commit()
    db.session.refresh(measure)
    return measure


def fresh_start_url(w, vis):
    case = w.cases[vis].case
    start = measure_service.add_response_start(None, case, date(2025, 1, 1))
    db.session.commit()
    return f"/cases/{case.id}/response-starts/{start.id}/delete"


SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[-70.923, 41.635], [-70.922, 41.635], [-70.922, 41.636], [-70.923, 41.635]]
    ],
}


def area_form(w, vis, me):
    """A control area drawn as a polygon (no place needs coordinates),
    carrying the version of the one drawn before, if any."""
    row = maps_service.case_area(w.cases[vis].case, Area.CONTROL)
    return {
        "area": "control",
        "shape": "polygon",
        "geometry": json.dumps(SQUARE),
        "version_control": row.version if row else "",
    }


def drawn_area(case: Case, area: Area) -> Any:
    """The case's area of kind ``area``, drawn (as SQUARE) when there is none."""
    found = maps_service.case_area(case, area)
    if found is None:
        found = maps_service.save_area(
            None, case, area=area, description="", expected_version=None, polygon=SQUARE
        )
        db.session.commit()
    return found


def fresh_area_url(w, vis):
    case = w.cases[vis].case
    return f"/cases/{case.id}/areas/{drawn_area(case, Area.CONTROL_BUFFER).id}/remove"


def measure_form(w, vis, me):
    return {
        "name": "Assaults",
        "kind": "count",
        "unit": "incidents",
        "direction": "down",
        "period": "month",
        "harm_weight": "1",
        "version": measure_of(w, vis).version,
    }


def measure_file(w, vis, me):
    case_id = w.cases[vis].case.id
    csv = f"case,measure,area,period,value\n{case_id},Calls,target,2025-01,4\n"
    return {"file": (io.BytesIO(csv.encode()), "points.csv"), "replace": "keep"}


def fresh_notification_url(w, vis):
    """A notification of member_on's about the coalition-wide case's task:
    only its owner may mark it read."""
    task = w.cases["coalition"].task
    note = Notification(
        user_id=w.users["member_on"].id, kind="task_assigned", text="A task",
        case_id=task.case_id, task_id=task.id,
    )  # fmt: skip
    db.session.add(note)
    db.session.commit()
    return f"/notifications/{note.id}/read"


NEW_PASSWORD = "violet kettle drums at noon"

# Visit rounds: a round of A's coalition kept by organization A, with a stop
# at the world's person (made once per world, on first use).


def round_of(w: World) -> Any:
    from caseboard.services import rounds as round_service

    if not hasattr(w, "round"):
        coalition = w.cases["coalition"].case.coalition
        w.round = round_service.create_round(  # type: ignore[attr-defined]
            None, coalition, name="Eastgate", beat="E1", team=w.organizations["A"]
        )
        w.stop = round_service.add_stop(  # type: ignore[attr-defined]
            None, w.round, place="Block 1", ideal_days=30, max_days=60, person=w.person
        )
        db.session.commit()
    return w.round  # type: ignore[attr-defined]


def round_url(path: str) -> URL:
    def url(w: World, vis: str | None) -> str:
        r = round_of(w)
        return path.format(round=r.id, stop=w.stop.id)  # type: ignore[attr-defined]

    return url


# Rounds are their coalition's: another coalition's viewer gets 404.
# Setting up: administrators and coordinators working in the coalition; the
# visits: the officer or the team (A's staff, not read-only) and admins.
ROUND_MANAGERS = {"coordinator", "admin"}
ROUND_KEEPERS = {"member_on", "admin"}


def in_coalition_only(viewers: set[str], ok: int) -> Rule:
    def rule(viewer: str, visibility: str | None) -> int:
        if viewer == "other_coalition":
            return 404
        return ok if viewer in viewers else 403

    return rule


def stop_note_rule(viewer: str, visibility: str | None) -> int:
    return 404 if viewer == "other_coalition" else writes_if_sees(302)(viewer, None)


def new_round_form(w, vis, me):
    return {
        "name": f"Round {next(_n)}",
        "beat": "E2",
        "coalition_id": w.cases["coalition"].case.coalition_id,
        "team_id": w.organizations["A"].id,
    }


def prompts_form(w, vis, me):
    from caseboard.queries.asks import prompt_set

    coalition_id = w.cases["coalition"].case.coalition_id
    return {
        "preparation": f"Bring the model policy {next(_n)}",
        "version": prompt_set(coalition_id).version,
    }


def edit_round_form(w, vis, me):
    round_ = round_of(w)
    db.session.refresh(round_)
    return {
        "name": round_.name,
        "beat": f"E{next(_n)}",
        "team_id": round_.team_id,
        "officer_id": "",
        "version": round_.version,
    }


def edit_stop_form(w, vis, me):
    round_of(w)
    stop = w.stop  # type: ignore[attr-defined]
    db.session.refresh(stop)
    return {
        "place": stop.place,
        "person_id": stop.person_id,
        "ideal_days": str(next(_n) % 20 + 1),
        "max_days": "60",
        "version": stop.version,
    }


def fresh_stop_url(w, vis):
    """A new stop of the round for each ending (an ended stop stays ended)."""
    from caseboard.services import rounds as round_service

    stop = round_service.add_stop(
        None, round_of(w), place="Block 9", ideal_days=7, max_days=14
    )
    db.session.commit()
    return f"/rounds/stops/{stop.id}/end"


# Asks: one per case of each visibility, on organization A (made on first use).


def ask_of(w: World, vis: str | None) -> Any:
    from caseboard.services import asks as ask_service

    made = w.__dict__.setdefault("asks", {})
    if vis not in made:
        made[vis] = ask_service.create_ask(
            None,
            w.cases[vis].case,
            what="Adopt the policy",
            organization=w.organizations["A"],
        )
        db.session.commit()
    return made[vis]


def ask_url(path: str) -> URL:
    return lambda w, vis: path.format(ask=ask_of(w, vis).id)


def ask_move_form(w, vis, me):
    ask = ask_of(w, vis)
    db.session.refresh(ask)
    to = "action" if ask.stage != "action" else "maintenance"
    return {"to_stage": to, "note": "Moved", "version": ask.version}


# Contacts: one per case of each visibility, between the builder and A's
# person (logged on first use).


def contact_of(w: World, vis: str | None) -> Any:
    from caseboard.services.contacts import log_interaction

    made = w.__dict__.setdefault("contacts", {})
    if vis not in made:
        made[vis] = log_interaction(
            w.builder,
            occurred_on=date.today(),
            kind="call",
            people=[w.builder.person, w.person],
            case=w.cases[vis].case,
            notes=f"{w.secret} on the phone",
        )
        db.session.commit()
    return made[vis]


# Keyed by URL rule (as ``app.url_map`` spells it), each with its methods.
# The API: a token acts as its user under the same rules as the pages.
def if_match_case(w: World, vis: str | None) -> dict[str, str]:
    db.session.refresh(w.cases[vis].case)
    return {"If-Match": etag_of(w.cases[vis].case)}


def stage_move(w: World, vis: str | None, me: User | None) -> dict[str, Any]:
    """One stage on from wherever the case is now."""
    stage = w.cases[vis].case.stage
    return {"to_stage": (stage.next or stage.previous).value, "reason": "Data in"}


def api_contact_rule(viewer: str, visibility: str | None) -> int:
    """As on the page, but a case the caller may not see is a 404."""
    if viewer == "read_only":
        return 403
    return 201 if viewer in SEES[visibility] else 404


API_ROUTES = {
    "/api/v1/people": api_route("/api/v1/people", GET=anyone(200)),
    "/api/v1/people/<int:person_id>": api_route(
        "/api/v1/people/{person}", GET=anyone(200)
    ),
    "/api/v1/coalitions": api_route("/api/v1/coalitions", GET=anyone(200)),
    "/api/v1/coalitions/<int:coalition_id>": api_route(
        "/api/v1/coalitions/{coalition}", GET=in_coalition(200)
    ),
    "/api/v1/organizations": api_route("/api/v1/organizations", GET=anyone(200)),
    "/api/v1/organizations/<int:organization_id>": api_route(
        "/api/v1/organizations/{organization}", GET=anyone(200)
    ),
    "/api/v1/contacts": api_route(
        "/api/v1/contacts",
        lambda w, vis, me: {
            "occurred_on": TODAY,
            "kind": "call",
            "people": [mine(w, me), w.person.id],
            "case_id": w.cases[vis].case.id,
        },
        per_case=True,
        GET=anyone(200),  # contacts of a case the caller may not see: left out
        POST=api_contact_rule,
    ),
    # Accreditation and rounds are their coalition's: 404 for another's.
    "/api/v1/coalitions/<int:coalition_id>/accreditation": api_route(
        "/api/v1/coalitions/{coalition}/accreditation", GET=in_coalition(200)
    ),
    "/api/v1/coalitions/<int:coalition_id>/establishments": api_route(
        "/api/v1/coalitions/{coalition}/establishments?status=not_started",
        GET=in_coalition(200),
    ),
    "/api/v1/establishments/<int:establishment_id>": api_route(
        "/api/v1/establishments/{establishment}", GET=in_coalition(200)
    ),
    "/api/v1/rounds": api_route("/api/v1/rounds", GET=anyone(200)),
    "/api/v1/rounds/<int:round_id>": api_route(
        round_url("/api/v1/rounds/{round}"), GET=in_coalition(200)
    ),
    "/api/v1/rounds/stops/<int:stop_id>/visits": api_route(
        round_url("/api/v1/rounds/stops/{stop}/visits"), GET=in_coalition(200)
    ),
    "/api/v1/ties": api_route("/api/v1/ties?case={case}", per_case=True, GET=sees(200)),
    # Nothing stored yet for this world's scopes: queued, 202 (never computed
    # while the request waits).
    "/api/v1/network": api_route(
        "/api/v1/network?case={case}", per_case=True, GET=sees(202)
    ),
    "/api/v1/contacts/<int:contact_id>": api_route(
        lambda w, vis: f"/api/v1/contacts/{contact_of(w, vis).id}",
        per_case=True,
        GET=sees(200),
    ),
    "/api/v1/meetings": api_route(
        "/api/v1/meetings?case={case}", per_case=True, GET=anyone(200)
    ),
    "/api/v1/meetings/<int:meeting_id>": api_route(
        "/api/v1/meetings/{meeting}", per_case=True, GET=sees(200)
    ),
    "/api/v1/meetings/<int:meeting_id>/attendance": api_route(
        "/api/v1/meetings/{meeting}/attendance",
        lambda w, vis, me: {"person_id": w.person.id, "status": "present"},
        per_case=True,
        POST=edits(200),
    ),
    "/api/v1/cases/<int:case_id>/measures": api_route(
        "/api/v1/cases/{case}/measures", per_case=True, GET=sees(200)
    ),
    "/api/v1/cases/<int:case_id>/assessment": api_route(
        "/api/v1/cases/{case}/assessment", per_case=True, GET=sees(200)
    ),
    "/api/v1/cases/<int:case_id>/data-points": api_route(
        "/api/v1/cases/{case}/data-points",
        fields(points=[{"measure": "Assaults", "period": "2026-01", "value": 4}]),
        per_case=True,
        POST=edits(200),
    ),
    "/api/v1/cases": api_route(
        "/api/v1/cases",
        lambda w, vis, me: {
            "title": f"Noise on Dock Street {next(_n)}",
            "problem_type_id": w.cases["coalition"].case.problem_type_id,
            "lead_organization_id": w.organizations["A"].id,
        },
        GET=anyone(200),
        POST=only(EDITORS, 201),
    ),
    "/api/v1/cases/<int:case_id>": api_route(
        "/api/v1/cases/{case}", per_case=True, GET=sees(200)
    ),
    "/api/v1/cases/<int:case_id>/stage": api_route(
        "/api/v1/cases/{case}/stage",
        stage_move,
        per_case=True,
        headers=if_match_case,
        POST=edits(201),
    ),
    "/api/v1/openapi.json": api_route("/api/v1/openapi.json", GET=anyone(200)),
    "/api/v1/docs": api_route("/api/v1/docs", GET=anyone(200)),
    "/api/v1/tasks": api_route(
        "/api/v1/tasks?case={case}",
        lambda w, vis, me: {"case_id": w.cases[vis].case.id, "title": "Call the owner"},
        per_case=True,
        GET=anyone(200),  # a case the caller may not see: an empty list
        POST=edits(201),
    ),
    "/api/v1/tasks/<int:task_id>": api_route(
        "/api/v1/tasks/{task}",
        lambda w, vis, me: {"title": f"Call the owner {next(_n)}"},
        per_case=True,
        headers=if_match_task,
        GET=sees(200),
        PATCH=edits(200),
    ),
    "/api/v1/tasks/<int:task_id>/status": api_route(
        "/api/v1/tasks/{task}/status",
        fields(status="in_progress"),
        per_case=True,
        headers=if_match_task,
        PATCH=edits(200),
    ),
    "/api/v1/tasks/<int:task_id>/comments": api_route(
        "/api/v1/tasks/{task}/comments",
        fields(body="Called them"),
        per_case=True,
        POST=edits(201),
    ),
}


ROUTES: dict[str, Route] = {
    # Public, and the signed-in user's own account.
    "/healthz": route("/healthz", GET=lambda v, _: 200),
    "/login": route(
        "/login",
        fields(email="nobody@example.org", password="wrong one"),
        GET=lambda v, _: 200 if v == "anonymous" else 302,
        POST=lambda v, _: 200 if v == "anonymous" else 302,
    ),
    "/login/code": route(
        "/login/code",
        fields(code="123456"),
        GET=anyone(302),  # no sign-in waits for a code: back to the first step
        POST=anyone(302),
    ),
    "/logout": route("/logout", fields(), GET=anyone(200), POST=anyone(302)),
    "/": route("/", GET=anyone(200)),
    "/ping": route("/ping", GET=anyone(200)),
    "/account/security": route("/account/security", GET=anyone(200)),
    "/notifications": route("/notifications", GET=anyone(200)),
    "/account/calendar": route(
        "/account/calendar", fields(), GET=anyone(200), POST=anyone(200)
    ),
    "/account/calendar/revoke": route(
        "/account/calendar/revoke", fields(), POST=anyone(302)
    ),
    # No such token: nothing, for anyone (tokens: test_notifications_calendar).
    "/calendar/<token>.ics": route("/calendar/not-a-token.ics", GET=anyone(404)),
    # A made-up link: a 400 page for anyone (tokens: test_notifications_unsubscribe).
    "/unsubscribe/<token>": route(
        "/unsubscribe/not-a-token", fields(), GET=anyone(400), POST=anyone(400)
    ),
    "/notifications/<int:notification_id>/read": route(
        fresh_notification_url,
        fields(),
        POST=lambda v, _: 302 if v == "member_on" else 404,
    ),
    "/notifications/read-all": route(
        "/notifications/read-all", fields(), POST=anyone(302)
    ),
    # Each viewer's own settings (an empty POST is refused with a message).
    "/account/notifications": route(
        "/account/notifications", fields(), GET=anyone(200), POST=anyone(200)
    ),
    "/account/security/password": route(
        "/account/security/password",
        fields(
            current_password=PASSWORD, new_password=NEW_PASSWORD, confirm=NEW_PASSWORD
        ),
        POST=anyone(302),
    ),
    "/account/security/second-factor": route(
        "/account/security/second-factor",
        fields(password=PASSWORD, code="000000"),
        GET=anyone(200),
        POST=anyone(200),  # the wrong code: the form again, with the error
    ),
    "/account/security/second-factor/qr.svg": route(
        "/account/security/second-factor/qr.svg",
        GET=anyone(404),  # no set-up open in this session: nothing to draw
    ),
    "/account/security/second-factor/off": route(
        "/account/security/second-factor/off",
        lambda w, vis, me: {"off-password": PASSWORD},
        POST=anyone(200),  # none to turn off: the form again, with why
    ),
    "/account/security/recovery-codes": route(
        "/account/security/recovery-codes",
        lambda w, vis, me: {"codes-password": PASSWORD},
        POST=anyone(200),
    ),
    "/account/security/sign-out-others": route(
        "/account/security/sign-out-others", fields(), POST=anyone(302)
    ),
    # Personal API tokens: each user their own; administrators everyone's.
    "/account/tokens": route(
        "/account/tokens", fields(name="nightly import", scope="read"), POST=anyone(200)
    ),
    "/account/tokens/<int:token_id>/revoke": route(
        fresh_token_url,
        fields(),
        POST=lambda v, _: 302 if v in {"member_on", "admin"} else 404,
    ),
    "/account/tokens/all": route("/account/tokens/all", GET=only({"admin"}, 200)),
    **API_ROUTES,
    # Administration: administrators only.
    "/admin/users": route("/admin/users", GET=only({"admin"}, 200)),
    "/admin/users/new": route(
        "/admin/users/new",
        lambda w, vis, me: {
            "email": f"new.user{next(_n)}@example.org",
            "full_name": "New User",
            "organization_id": w.organizations["C"].id,
            "site_role": "member",
            "password": NEW_PASSWORD,
        },
        GET=only({"admin"}, 200),
        POST=only({"admin"}, 302),
    ),
    "/admin/users/<int:user_id>/edit": route(
        "/admin/users/{user}/edit",
        user_form,
        GET=only({"admin"}, 200),
        POST=only({"admin"}, 302),
    ),
    "/admin/users/<int:user_id>/second-factor/reset": route(
        "/admin/users/{user}/second-factor/reset", fields(), POST=only({"admin"}, 302)
    ),
    "/admin/users/<int:user_id>/unlock": route(
        "/admin/users/{user}/unlock", fields(), POST=only({"admin"}, 302)
    ),
    "/admin/problem-types": route(
        "/admin/problem-types",
        lambda w, vis, me: {"name": f"Problem type {next(_n)}"},
        GET=only({"admin"}, 200),
        POST=only({"admin"}, 302),
    ),
    "/admin/audit": route("/admin/audit", GET=only({"admin"}, 200)),
    "/admin/mail": route("/admin/mail", GET=only({"admin"}, 200)),
    "/admin/reads": route("/admin/reads?person={person}", GET=only({"admin"}, 200)),
    # Imports: editors only.
    "/imports": route("/imports", GET=only(EDITORS, 200)),
    "/imports/preview": route("/imports/preview", import_file, POST=only(EDITORS, 200)),
    "/imports/apply": route(
        "/imports/apply",
        fields(token="expired"),
        POST=only(EDITORS, 302),
    ),
    # Organizations and people are shared by the whole coalition.
    # Coalitions: the list is one's own; a coalition's page, its members.
    "/coalitions": route("/coalitions", GET=anyone(200)),
    "/coalitions/new": route(
        "/coalitions/new",
        lambda w, vis, me: {"name": f"Coalition new {next(_n)}"},
        GET=only({"admin"}, 200),
        POST=only({"admin"}, 302),
    ),
    "/coalitions/<int:coalition_id>": route(
        "/coalitions/{coalition}", GET=in_coalition(200)
    ),
    "/coalitions/<int:coalition_id>/members": route(
        "/coalitions/{coalition}/members",
        lambda w, vis, me: {
            "organization_id": w.organizations["D"].id,
            "status": "invited",
        },
        POST=coalition_admin(302),
    ),
    "/coalitions/<int:coalition_id>/members/<int:coalition_member_id>/end": route(
        "/coalitions/{coalition}/members/{coalition_member}/end",
        fields(),
        POST=coalition_admin(302),
    ),
    "/coalitions/invitations/<int:organization_id>/<int:coalition_member_id>"
    "/<answer>": route(
        lambda w, vis: fresh_invitation_url(w, "accept"),
        fields(),
        POST=only(MANAGES_A, 302),
    ),
    "/coalitions/<int:coalition_id>/people": route(
        "/coalitions/{coalition}/people",
        lambda w, vis, me: {"person_id": fresh_person(w).id, "coordinator": "y"},
        POST=coalition_admin(302),
    ),
    "/coalitions/<int:coalition_id>/people/<int:coalition_person_id>/end": route(
        fresh_naming_url, fields(), POST=coalition_admin(302)
    ),
    "/coalitions/share/<int:case_id>/<int:case_share_id>/end": case_route(
        fresh_share_url, fields(), POST=shares(302)
    ),
    # Accreditation: read by the coalition; the scheme and enrolments by
    # its administrators (and coordinators); a standard signed off only by
    # its agency's users (A's), even against an administrator.
    "/accreditation/<int:coalition_id>": route(
        "/accreditation/{coalition}?status=accredited", GET=in_coalition(200)
    ),
    "/accreditation/<int:coalition_id>/export.csv": route(
        "/accreditation/{coalition}/export.csv", GET=in_coalition(200)
    ),
    "/accreditation/<int:coalition_id>/scheme": route(
        "/accreditation/{coalition}/scheme",
        lambda w, vis, me: {
            "name": "Best Bar None",
            "renewal_window_days": "30",
            "case_id": "",
            "version": w.accreditation.scheme.version,
        },
        GET=coalition_admin(200),
        POST=coalition_admin(302),
    ),
    "/accreditation/<int:coalition_id>/standards": route(
        "/accreditation/{coalition}/standards",
        lambda w, vis, me: standard_form(w, title=f"Zoning {next(_n)}"),
        POST=coalition_admin(302),
    ),
    "/accreditation/standards/<int:standard_id>": route(
        "/accreditation/standards/{standard}",
        lambda w, vis, me: standard_form(
            w,
            title="Fire code and occupancy",
            version=w.accreditation.standard.version,
        ),
        GET=coalition_admin(200),
        POST=coalition_admin(302),
    ),
    "/accreditation/<int:coalition_id>/establishments": route(
        "/accreditation/{coalition}/establishments",
        lambda w, vis, me: {"organization_id": w.unenrolled.id, "manager_id": ""},
        POST=coalition_admin(302),
    ),
    "/accreditation/venues/<int:establishment_id>": route(
        "/accreditation/venues/{establishment}", GET=in_coalition(200)
    ),
    "/accreditation/venues/<int:establishment_id>/<int:standard_id>/progress": route(
        "/accreditation/venues/{establishment}/{standard}/progress",
        fields(note="Inspection booked"),
        POST=signs_off(302, {"admin"}),
    ),
    "/accreditation/venues/<int:establishment_id>/<int:standard_id>/sign-off": route(
        "/accreditation/venues/{establishment}/{standard}/sign-off",
        fields(note="Inspected: capacity 220, exits clear"),
        POST=signs_off(302),
    ),
    # The top bar's switcher ("all my coalitions" here).
    "/coalitions/choose": route(
        "/coalitions/choose", fields(coalition_id=""), POST=only(SIGNED_IN, 302)
    ),
    "/coalitions/share/<int:case_id>": case_route(
        "/coalitions/share/{case}",
        lambda w, vis, me: {
            "coalition_id": w.other_coalition.id,
            "reason": "Campers sleep behind the bars",
        },
        GET=shares(200),
        POST=shares(302),
    ),
    "/organizations": route("/organizations", GET=anyone(200)),
    "/organizations/new": route(
        "/organizations/new",
        lambda w, vis, me: {"name": f"Organization new {next(_n)}", "kind": "police"},
        GET=only(EDITORS, 200),
        POST=only(EDITORS, 302),
    ),
    "/organizations/<int:organization_id>": route(
        "/organizations/{organization}", GET=anyone(200)
    ),
    "/organizations/<int:organization_id>/edit": route(
        "/organizations/{organization}/edit",
        organization_form,
        # Editors, and the organization's own staff (not read-only).
        GET=only(EDITORS | {"member_on"}, 200),
        POST=only(EDITORS | {"member_on"}, 302),
    ),
    "/people": route("/people", GET=anyone(200)),
    "/people/new": route(
        "/people/new",
        lambda w, vis, me: {
            "full_name": f"New person {next(_n)}",
            "organization_id": 0,
        },
        GET=writes_if_sees(200),
        POST=writes_if_sees(302),
    ),
    # The type-ahead pickers' matches (JSON): what the viewer may see.
    "/people/options": route("/people/options?q=Dana", GET=anyone(200)),
    "/cases/options": route("/cases/options?q=case", GET=anyone(200)),
    "/organizations/options": route("/organizations/options?q=Harbor", GET=anyone(200)),
    "/people/<int:person_id>": route("/people/{person}", GET=anyone(200)),
    "/people/<int:person_id>/history": route(
        "/people/{person}/history", GET=anyone(200)
    ),
    "/people/<int:person_id>/edit": route(
        "/people/{person}/edit",
        person_form,
        # Editors, and the person's colleagues (not read-only).
        GET=only(EDITORS | {"member_on"}, 200),
        POST=only(EDITORS | {"member_on"}, 302),
    ),
    "/people/<int:person_id>/memberships": route(
        fresh_colleague_url,
        lambda w, vis, me: {
            "organization_id": w.organizations["A"].id,
            "title": "Aide",
        },
        POST=only(MANAGES_A, 302),
    ),
    "/people/<int:person_id>/memberships/<int:membership_id>/end": route(
        fresh_membership_url,
        fields(ended_on=TODAY),
        POST=only(MANAGES_A, 302),
    ),
    "/organizations/<int:organization_id>/members/<int:membership_id>/administrator": (
        route(fresh_administrator_url, fields(), POST=only(MANAGES_A, 302))
    ),
    "/organizations/<int:organization_id>/members/<int:membership_id>"
    "/administrator/revoke": route(
        lambda w, vis: fresh_administrator_url(w, vis, administrator=True),
        fields(),
        POST=only(MANAGES_A, 302),
    ),
    "/people/<int:person_id>/notes": route(
        "/people/{person}/notes",
        fields(body="Met at the precinct"),
        POST=writes_if_sees(302),
    ),
    "/people/<int:person_id>/ties": route(
        "/people/{person}/ties",
        lambda w, vis, me: {"other_id": mine(w, me), "kind": "works_with"},
        POST=writes_if_sees(302),
    ),
    # Cases.
    "/cases": route("/cases", GET=anyone(200)),
    "/cases/new": route(
        "/cases/new", new_case_form, GET=only(EDITORS, 200), POST=only(EDITORS, 302)
    ),
    "/cases/<int:case_id>": case_route("/cases/{case}", GET=sees(200)),
    "/cases/<int:case_id>/board": case_route("/cases/{case}/board", GET=sees(200)),
    "/cases/<int:case_id>/timeline": case_route(
        "/cases/{case}/timeline", GET=sees(200)
    ),
    "/cases/<int:case_id>/history": case_route("/cases/{case}/history", GET=sees(200)),
    # The @mention picker: who may be mentioned, for those who see the case.
    "/cases/<int:case_id>/mentions": case_route(
        "/cases/{case}/mentions?q=a", GET=sees(200)
    ),
    "/cases/<int:case_id>/edit": case_route(
        "/cases/{case}/edit", case_form, GET=edits(200), POST=edits(302)
    ),
    "/cases/<int:case_id>/stage": case_route(
        "/cases/{case}/stage",
        lambda w, vis, me: {
            "to_stage": "analysis",
            "reason": "The scan is done",
            "version": w.cases[vis].case.version,
        },
        POST=edits(302),
    ),
    "/cases/<int:case_id>/sara": case_route(
        "/cases/{case}/sara",
        lambda w, vis, me: {"version": w.cases[vis].case.version},
        GET=edits(200),
        POST=edits(302),
    ),
    "/cases/<int:case_id>/roles": case_route(
        "/cases/{case}/roles", add_role_form, POST=edits(302)
    ),
    "/cases/<int:case_id>/roles/<int:role_id>/end": case_route(
        "/cases/{case}/roles/{role}/end",
        fields(ended_on=TODAY),
        POST=edits(302),
    ),
    "/cases/<int:case_id>/places": case_route(
        "/cases/{case}/places",
        fields(name="The corner store"),
        POST=edits(302),
    ),
    "/cases/<int:case_id>/responses": case_route(
        "/cases/{case}/responses",
        fields(
            description="Better lighting", partner_organization_id=0, status="planned"
        ),
        POST=edits(302),
    ),
    "/cases/<int:case_id>/responses/<int:response_id>/status": case_route(
        "/cases/{case}/responses/{response}/status",
        fields(status="in_progress"),
        POST=edits(302),
    ),
    "/cases/<int:case_id>/comments": case_route(
        "/cases/{case}/comments",
        fields(body="Checked the lights"),
        POST=edits(302),
    ),
    "/cases/<int:case_id>/notes": case_route(
        "/cases/{case}/notes",
        fields(body="Seen on patrol"),
        POST=writes_if_sees(302),
    ),
    # Only its author (the case's coordinator here) or an administrator.
    "/notes/<int:note_id>/delete": case_route(
        fresh_note_url, fields(), POST=author_or_admin(302)
    ),
    # Tasks.
    "/cases/<int:case_id>/tasks/new": case_route(
        "/cases/{case}/tasks/new",
        fields(title="Follow up", priority="normal"),
        GET=edits(200),
        POST=edits(302),
    ),
    "/tasks/<int:task_id>": case_route("/tasks/{task}", GET=sees(200)),
    "/tasks/<int:task_id>/edit": case_route(
        "/tasks/{task}/edit", task_form, GET=edits(200), POST=edits(302)
    ),
    # Whoever edits the case, plus the task's assignee and organization
    # (organization A: read_only works there but may change nothing).
    "/tasks/<int:task_id>/status": case_route(
        "/tasks/{task}/status",
        lambda w, vis, me: {
            "status": "in_progress",
            "version": w.cases[vis].task.version,
        },
        POST=edits(302),
    ),
    "/tasks/<int:task_id>/comments": case_route(
        "/tasks/{task}/comments",
        fields(body="Called them"),
        POST=edits(302),
    ),
    # Assessment: read with the case, measures changed by who edits it.
    "/cases/<int:case_id>/assessment": case_route(
        "/cases/{case}/assessment", GET=sees(200)
    ),
    "/cases/<int:case_id>/measures/new": case_route(
        "/cases/{case}/measures/new",
        lambda w, vis, me: {**measure_form(w, vis, me), "name": f"Calls {next(_n)}"},
        GET=edits(200),
        POST=edits(302),
    ),
    "/measures/<int:measure_id>/edit": case_route(
        lambda w, vis: f"/measures/{measure_of(w, vis).id}/edit",
        measure_form,
        GET=edits(200),
        POST=edits(302),
    ),
    "/measures/<int:measure_id>/data": case_route(
        lambda w, vis: f"/measures/{measure_of(w, vis).id}/data",
        fields(),
        GET=sees(200),
        POST=edits(302),
    ),
    "/cases/<int:case_id>/assessment/import": case_route(
        "/cases/{case}/assessment/import", measure_file, POST=edits(200)
    ),
    # Without a held upload: sent back to the tab.
    "/cases/<int:case_id>/assessment/import/apply": case_route(
        "/cases/{case}/assessment/import/apply", fields(token="x" * 32), POST=edits(302)
    ),
    "/cases/<int:case_id>/assessment/window": case_route(
        "/cases/{case}/assessment/window", fields(periods="6"), POST=edits(302)
    ),
    "/cases/<int:case_id>/assessment/due": case_route(
        "/cases/{case}/assessment/due",
        lambda w, vis, me: {
            "due_on": (date.today() + timedelta(days=30)).isoformat(),
            "version": w.cases[vis].case.version,
        },
        POST=edits(302),
    ),
    "/cases/<int:case_id>/report": case_route("/cases/{case}/report", GET=sees(200)),
    "/cases/<int:case_id>/report.pdf": case_route(
        "/cases/{case}/report.pdf", GET=sees(200)
    ),
    "/cases/<int:case_id>/response-starts/<int:start_id>/delete": case_route(
        fresh_start_url, fields(), POST=edits(302)
    ),
    "/assessment/scorecard": route("/assessment/scorecard", GET=anyone(200)),
    # Maps: a case's with the case, its areas drawn by who edits it; the
    # coalition's map in the coalition; hot spots of one's own cases.
    "/cases/<int:case_id>/map": case_route("/cases/{case}/map", GET=sees(200)),
    "/cases/<int:case_id>/map.geojson": case_route(
        "/cases/{case}/map.geojson", GET=sees(200)
    ),
    "/cases/<int:case_id>/areas": case_route(
        "/cases/{case}/areas", area_form, POST=edits(302)
    ),
    "/cases/<int:case_id>/areas/<int:area_id>/remove": case_route(
        fresh_area_url, fields(), POST=edits(302)
    ),
    "/coalitions/<int:coalition_id>/map": route(
        "/coalitions/{coalition}/map", GET=in_coalition(200)
    ),
    "/coalitions/<int:coalition_id>/map.geojson": route(
        "/coalitions/{coalition}/map.geojson", GET=in_coalition(200)
    ),
    "/hotspots": route("/hotspots", GET=anyone(200)),
    "/hotspots.geojson": route("/hotspots.geojson", GET=anyone(200)),
    "/tasks/mine": route("/tasks/mine", GET=anyone(200)),
    "/tasks/organization": route("/tasks/organization", GET=anyone(200)),
    "/tasks/overdue": route("/tasks/overdue", GET=anyone(200)),
    # Meetings of a case: seen with the case, run by whoever edits it.
    "/meetings": route("/meetings", GET=anyone(200)),
    "/meetings/new": case_route(
        "/meetings/new?case={case}", new_meeting_form, GET=edits(200), POST=edits(302)
    ),
    "/meetings/<int:meeting_id>": case_route("/meetings/{meeting}", GET=sees(200)),
    "/meetings/<int:meeting_id>/minutes": case_route(
        "/meetings/{meeting}/minutes", GET=sees(200)
    ),
    "/meetings/<int:meeting_id>/minutes.md": case_route(
        "/meetings/{meeting}/minutes.md", GET=sees(200)
    ),
    "/meetings/<int:meeting_id>/calendar.ics": case_route(
        "/meetings/{meeting}/calendar.ics", GET=sees(200)
    ),
    "/meetings/<int:meeting_id>/edit": case_route(
        "/meetings/{meeting}/edit", meeting_form, GET=edits(200), POST=edits(302)
    ),
    "/meetings/<int:meeting_id>/run": case_route(
        "/meetings/{meeting}/run", GET=edits(200)
    ),
    "/meetings/<int:meeting_id>/suggest": case_route(
        "/meetings/{meeting}/suggest",
        fields(),
        GET=edits(200),
        POST=edits(302),
    ),
    "/meetings/<int:meeting_id>/items": case_route(
        "/meetings/{meeting}/items",
        lambda w, vis, me: {"title": "Lighting", "case_id": w.cases[vis].case.id},
        POST=edits(302),
    ),
    "/meetings/<int:meeting_id>/items/<int:item_id>/move": case_route(
        "/meetings/{meeting}/items/{item}/move",
        fields(up="1"),
        POST=edits(302),
    ),
    "/meetings/<int:meeting_id>/items/<int:item_id>/remove": case_route(
        fresh_item_url, fields(), POST=edits(302)
    ),
    "/meetings/<int:meeting_id>/items/<int:item_id>/status": case_route(
        "/meetings/{meeting}/items/{item}/status",
        fields(status="done"),
        POST=edits(302),
    ),
    "/meetings/<int:meeting_id>/items/<int:item_id>/notes": case_route(
        "/meetings/{meeting}/items/{item}/notes", item_form, POST=edits(302)
    ),
    "/meetings/<int:meeting_id>/items/<int:item_id>/decisions": case_route(
        "/meetings/{meeting}/items/{item}/decisions",
        fields(text="Agreed"),
        POST=edits(302),
    ),
    "/meetings/<int:meeting_id>/items/<int:item_id>/actions": case_route(
        "/meetings/{meeting}/items/{item}/actions",
        fields(title="Call the landlord"),
        POST=edits(302),
    ),
    "/meetings/<int:meeting_id>/attendance": case_route(
        "/meetings/{meeting}/attendance",
        lambda w, vis, me: {"person_id": w.person.id, "status": "present"},
        POST=edits(302),
    ),
    "/meetings/<int:meeting_id>/attendance/all": case_route(
        "/meetings/{meeting}/attendance/all", fields(), POST=edits(302)
    ),
    "/meetings/<int:meeting_id>/publish": case_route(
        "/meetings/{meeting}/publish", fields(early="yes"), POST=edits(302)
    ),
    "/meetings/<int:meeting_id>/next": case_route(
        "/meetings/{meeting}/next", fields(), POST=edits(302)
    ),
    "/meetings/<int:meeting_id>/notes": case_route(
        "/meetings/{meeting}/notes",
        fields(body="Room booked"),
        POST=writes_if_sees(302),
    ),
    # Contacts: anyone but read-only users; a case the viewer may not see is
    # not among the choices (the form comes back, as for a made-up id).
    "/contacts/new": case_route(
        "/contacts/new?case={case}",
        lambda w, vis, me: {
            "occurred_on": TODAY,
            "kind": "call",
            "people": [mine(w, me), w.person.id],
            "case_id": w.cases[vis].case.id,
        },
        GET=only(SIGNED_IN - {"read_only"}, 200),
        POST=contact_rule,
    ),
    # The network, drawn for one case: seen with the case.
    "/network": case_route("/network?case={case}", GET=sees(200)),
    "/network/data.json": case_route("/network/data.json?case={case}", GET=sees(200)),
    "/network/status": case_route("/network/status?case={case}", GET=sees(200)),
    "/network/export.<fmt>": case_route(
        "/network/export.csv?case={case}", GET=sees(200)
    ),
    # People-centred views of the network: anyone.
    "/network/what-if": route("/network/what-if?person={person}", GET=anyone(200)),
    "/network/brokers": route(
        "/network/brokers?a=kind-business&b=kind-police", GET=anyone(200)
    ),
    "/network/introduction": route(
        "/network/introduction?from={person}&to={other_person}", GET=anyone(200)
    ),
    # Creates handover tasks only on the cases the viewer may edit; read-only
    # users may create none.
    "/network/what-if/handover": route(
        "/network/what-if/handover?person={person}",
        fields(due_on=""),
        POST=writes_if_sees(302),
    ),
    # Asks on a case: read with the case, changed by who edits it; a
    # coalition's next-step prompts: read in it, changed by its managers.
    "/cases/<int:case_id>/asks/new": case_route(
        "/cases/{case}/asks/new",
        lambda w, vis, me: {
            "what": f"Ask {next(_n)}",
            "organization_id": w.organizations["A"].id,
            "stage": "contemplation",
        },
        GET=edits(200),
        POST=edits(302),
    ),
    "/asks/<int:ask_id>": case_route(ask_url("/asks/{ask}"), GET=sees(200)),
    "/asks/<int:ask_id>/stage": case_route(
        ask_url("/asks/{ask}/stage"), ask_move_form, POST=edits(302)
    ),
    "/asks/<int:ask_id>/response": case_route(
        ask_url("/asks/{ask}/response"), fields(response_id=""), POST=edits(302)
    ),
    "/coalitions/<int:coalition_id>/ask-prompts": route(
        "/coalitions/{coalition}/ask-prompts",
        prompts_form,
        GET=in_coalition(200),
        POST=coalition_admin(302),
    ),
    # Visit rounds.
    "/rounds": route("/rounds", GET=anyone(200)),
    "/rounds/today": route("/rounds/today", GET=anyone(200)),
    "/rounds/coverage": route("/rounds/coverage", GET=anyone(200)),
    "/rounds/today/map.geojson": route("/rounds/today/map.geojson", GET=anyone(200)),
    "/rounds/<int:round_id>/map.geojson": route(
        round_url("/rounds/{round}/map.geojson"), GET=in_coalition(200)
    ),
    "/rounds/new": route(
        "/rounds/new",
        new_round_form,
        GET=only(ROUND_MANAGERS, 200),
        POST=only(ROUND_MANAGERS, 302),
    ),
    "/rounds/<int:round_id>": route(
        round_url("/rounds/{round}"), GET=in_coalition(200)
    ),
    "/rounds/<int:round_id>/stops": route(
        round_url("/rounds/{round}/stops"),
        fields(place="Corner shop", ideal_days="14", max_days="30"),
        POST=in_coalition_only(ROUND_MANAGERS, 302),
    ),
    "/rounds/stops/<int:stop_id>": route(
        round_url("/rounds/stops/{stop}"), GET=in_coalition(200)
    ),
    "/rounds/<int:round_id>/edit": route(
        round_url("/rounds/{round}/edit"),
        edit_round_form,
        GET=in_coalition_only(ROUND_MANAGERS, 200),
        POST=in_coalition_only(ROUND_MANAGERS, 302),
    ),
    "/rounds/stops/<int:stop_id>/edit": route(
        round_url("/rounds/stops/{stop}/edit"),
        edit_stop_form,
        GET=in_coalition_only(ROUND_MANAGERS, 200),
        POST=in_coalition_only(ROUND_MANAGERS, 302),
    ),
    "/rounds/stops/<int:stop_id>/end": route(
        fresh_stop_url,
        fields(version="1"),
        POST=in_coalition_only(ROUND_MANAGERS, 302),
    ),
    "/rounds/stops/<int:stop_id>/visits": route(
        round_url("/rounds/stops/{stop}/visits"),
        fields(note="Door fixed"),
        POST=in_coalition_only(ROUND_KEEPERS, 302),
    ),
    "/rounds/stops/<int:stop_id>/notes": route(
        round_url("/rounds/stops/{stop}/notes"),
        fields(body="Stairwell light out"),
        POST=lambda v, _: (
            404 if v == "other_coalition" else writes_if_sees(302)(v, None)
        ),
    ),
}


# ---------------------------------------------------------------------- the tests

FIGURES: Counter[str] = Counter()


def app_routes(app) -> set[tuple[str, str]]:
    """Every (URL rule, method) of the app but static files."""
    return {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def decided_routes() -> set[tuple[str, str]]:
    return {(rule, method) for rule, route in ROUTES.items() for method in route.expect}


def test_every_route_has_a_decision(app):
    routes, decided = app_routes(app), decided_routes()
    missing = sorted(routes - decided)
    assert not missing, (
        f"Rules and methods with no row in ROUTES (decide who may use them): {missing}"
    )
    gone = sorted(decided - routes)
    assert not gone, f"Rows in ROUTES for rules the app no longer has: {gone}"


def test_each_row_reaches_its_own_rule(app, access_world):
    """A row whose URL reached another rule would test that rule twice and
    its own never."""
    adapter = app.url_map.bind("localhost")
    wrong = []
    for key, route in ROUTES.items():
        for method in route.expect:
            for visibility in VISIBILITIES if route.per_case else (None,):
                path = urlsplit(route.url_for(access_world, visibility)).path
                rule, _ = adapter.match(path, method=method, return_rule=True)
                if rule.rule != key:
                    wrong.append(f"{method} {path} reaches {rule.rule}, not {key}")
    assert not wrong, "\n".join(wrong)


def matrix_cells(key: str):
    route = ROUTES[key]
    for method in route.expect:
        for visibility in VISIBILITIES if route.per_case else (None,):
            for viewer in VIEWERS:
                yield method, visibility, viewer


def sent_to_sign_in(key: str, viewer: str) -> bool:
    return viewer == "anonymous" and key not in PUBLIC and not ROUTES[key].api


def expected_status(key: str, method: str, viewer: str, visibility) -> int:
    if sent_to_sign_in(key, viewer):
        return 302
    if ROUTES[key].api and viewer == "anonymous" and key not in PUBLIC:
        return 401
    return ROUTES[key].expect[method](viewer, visibility)


@pytest.mark.parametrize("rule", sorted(ROUTES))
def test_permission_matrix(rule, client, access_world):
    world = access_world
    route = ROUTES[rule]
    wrong = []
    for method, visibility, viewer in matrix_cells(rule):
        user = world.users.get(viewer)  # None: anonymous
        url = route.url_for(world, visibility)
        data = (
            route.form(world, visibility, user)
            if route.form and method != "GET"
            else None
        )
        expected = expected_status(rule, method, viewer, visibility)
        refused = expected in (401, 403, 404) or sent_to_sign_in(rule, viewer)
        headers = route.headers(world, visibility) if route.headers else {}
        if route.api and user is not None:
            headers = bearer(api_secret(world, user), **headers)
        before = database_state() if refused and method != "GET" else None
        as_viewer(client, user)
        if route.api:
            response = client.open(url, method=method, json=data, headers=headers)
        else:
            response = client.open(url, method=method, data=data)
        FIGURES["cells"] += 1
        FIGURES[f"answered {response.status_code}"] += 1
        where = f"{method} {url} as {viewer}"
        if visibility:
            where += f" ({visibility} case)"
        to_sign_in = response.headers.get("Location", "").startswith("/login")
        if response.status_code != expected:
            wrong.append(
                f"{where}: {response.status_code}, expected {expected}"
                + (f" {response.get_data(as_text=True)[:300]}" if route.api else "")
            )
        elif expected == 302 and to_sign_in != (
            sent_to_sign_in(rule, viewer) or rule in SIGN_IN_REDIRECTS
        ):
            wrong.append(f"{where}: sent to {response.headers['Location']}")
        if before is not None:
            FIGURES["refused writes compared"] += 1
            if changed := changed_tables(before, database_state()):
                wrong.append(f"{where}: refused, yet changed {changed}")
    assert not wrong, "\n".join(wrong)


def test_matrix_figures(app):
    routes = app_routes(app)
    cells = sum(1 for rule in ROUTES for _ in matrix_cells(rule))
    covered = len(routes & decided_routes())
    print(
        f"\npermission matrix: {covered}/{len(routes)} routes, {cells} cells"
        f" ({len(VIEWERS)} viewers; {len(VISIBILITIES)} visibilities for the"
        f" {sum(r.per_case for r in ROUTES.values())} routes about a case);"
        f" answers seen so far: {dict(sorted(FIGURES.items()))}"
    )
    assert covered == len(routes)
