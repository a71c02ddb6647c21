"""Who signs in and what each of them opens, picked from the database before
the run so that every request is one the app should answer with success.

A quick mirror of ``caseboard.permissions`` picks candidates (members edit
the cases their organization, or they, hold a non-observer role on;
coordinators run coalition meetings); the app's own rules then keep only
the ids the user may really open.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from caseboard.config import normalize_database_url
from caseboard.models import (
    Case,
    CaseRole,
    CaseVisibility,
    Meeting,
    Membership,
    Person,
    ProblemType,
    RoleKind,
    SiteRole,
    Task,
    TaskStatus,
    User,
)

EDITORS = {SiteRole.ADMIN.value, SiteRole.COORDINATOR.value}
# Administrators need a second factor to sign in; read-only users change
# nothing. Coordinators and members are the people who use it every day.
SIGNING_IN = [SiteRole.COORDINATOR.value, SiteRole.MEMBER.value]
SAMPLE = 40  # ids of each sort per user: enough variety, a small plan


@dataclass
class UserPlan:
    email: str
    person_id: int
    role: str
    cases: list[int] = field(default_factory=list)  # visible
    boards: list[int] = field(default_factory=list)  # editable, unfinished tasks
    meetings: list[int] = field(default_factory=list)  # runnable
    people: list[int] = field(default_factory=list)
    organizations: list[int] = field(default_factory=list)
    problem_types: list[int] = field(default_factory=list)


def _sample(
    rng: random.Random, items: list[int] | set[int], k: int = SAMPLE
) -> list[int]:
    items = sorted(items)
    return rng.sample(items, k=min(k, len(items)))


def pick(url: str, users: int, seed: int = 1) -> list[UserPlan]:
    """``users`` plans, from distinct users while there are enough."""
    rng = random.Random(seed)
    engine = sa.create_engine(normalize_database_url(url))
    with engine.connect() as c:
        accounts = c.execute(
            sa.select(User.email, User.person_id, User.site_role, User.id).where(
                User.active.is_(True), User.site_role.in_(SIGNING_IN)
            )
        ).all()
        jobs = defaultdict(set)
        for person_id, org_id in c.execute(
            sa.select(Membership.person_id, Membership.organization_id).where(
                Membership.ended_on.is_(None)
            )
        ):
            jobs[person_id].add(org_id)
        cases = c.execute(
            sa.select(Case.id, Case.visibility, Case.coordinator_id, Case.status)
        ).all()
        roles = c.execute(
            sa.select(
                CaseRole.case_id,
                CaseRole.role,
                CaseRole.organization_id,
                CaseRole.person_id,
            ).where(CaseRole.ended_on.is_(None))
        ).all()
        unfinished = set(
            c.scalars(
                sa.select(Task.case_id).where(Task.status != TaskStatus.DONE).distinct()
            )
        )
        meetings = c.execute(sa.select(Meeting.id, Meeting.case_id)).all()
        people = list(c.scalars(sa.select(Person.id)))
        problem_types = list(c.scalars(sa.select(ProblemType.id)))
    engine.dispose()

    on_case = defaultdict(list)  # case id -> (role, org id, person id)
    for case_id, role, org_id, person_id in roles:
        on_case[case_id].append((role, org_id, person_id))
    role_orgs = sorted({org for _, _, org, _ in roles if org})

    rng.shuffle(accounts)
    judge = _AppJudge(url)
    complete: list[UserPlan] = []
    partial: list[UserPlan] = []
    try:
        for email, person_id, site_role, user_id in accounts:
            if len(complete) >= users:
                break
            orgs = jobs[person_id]
            visible, editable = set(), set()
            for case_id, visibility, coordinator_id, _status in cases:
                mine = [
                    r for r, o, p in on_case[case_id] if o in orgs or p == person_id
                ]
                if site_role == SiteRole.ADMIN or coordinator_id == user_id:
                    visible.add(case_id)
                    editable.add(case_id)
                    continue
                if visibility != CaseVisibility.PARTICIPANTS or mine:
                    visible.add(case_id)
                if any(r != RoleKind.OBSERVER for r in mine):
                    editable.add(case_id)
            runnable = [
                m
                for m, case_id in meetings
                if (case_id is None and site_role in EDITORS) or case_id in editable
            ]
            plan = UserPlan(
                email=email,
                person_id=person_id,
                role=site_role,
                cases=judge.keep(email, "case", _shuffled(rng, visible)),
                boards=judge.keep(
                    email, "board", _shuffled(rng, editable & unfinished)
                ),
                meetings=judge.keep(email, "meeting", _shuffled(rng, runnable)),
                people=_sample(rng, people),
                organizations=_sample(rng, role_orgs, 10),
                problem_types=problem_types,
            )
            # Users with work to do first: they exercise every page of the mix.
            (complete if plan.boards and plan.meetings else partial).append(plan)
    finally:
        judge.close()
    chosen = (complete + partial)[:users]
    return [chosen[n % len(chosen)] for n in range(users)]


def _shuffled(rng: random.Random, items: list[int] | set[int]) -> list[int]:
    items = sorted(items)
    rng.shuffle(items)
    return items


class _AppJudge:
    """The app's own permission rules, asked of each candidate id: the quick
    mirror above picks candidates (it cannot follow coalitions, shares and
    restricted cases), the app decides, so the bench never asks for a page
    its user may not open and every error it counts is a real one."""

    TRIES = 10 * SAMPLE  # candidates checked per list, at most

    def __init__(self, url: str) -> None:
        from caseboard import create_app
        from caseboard.config import Config, _engine_options

        config = Config()
        config.SQLALCHEMY_DATABASE_URI = normalize_database_url(url)
        config.SQLALCHEMY_ENGINE_OPTIONS = _engine_options(
            config.SQLALCHEMY_DATABASE_URI
        )
        self.app = create_app(config)
        self.context = self.app.app_context()
        self.context.push()

    def keep(self, email: str, kind: str, candidates: list[int]) -> list[int]:
        """The first ``SAMPLE`` of ``candidates`` the user may open as ``kind``."""
        from caseboard import permissions
        from caseboard.extensions import db

        user = db.session.scalar(sa.select(User).where(User.email == email))
        model, allowed = {
            "case": (Case, permissions.can_view_case),
            "board": (Case, permissions.can_edit_case),
            "meeting": (Meeting, permissions.can_run_meeting),
        }[kind]
        kept: list[int] = []
        for item_id in candidates[: self.TRIES]:
            if allowed(user, db.session.get(model, item_id)):
                kept.append(item_id)
                if len(kept) == SAMPLE:
                    break
        db.session.expunge_all()
        return kept

    def close(self) -> None:
        from caseboard.extensions import db

        db.session.remove()
        db.engine.dispose()
        self.context.pop()
