"""Loading the demo coalitions (``caseboard demo``)."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import click
from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import Base, Organization, User
from caseboard.models.base import utcnow
from caseboard.services.coalitions import (
    add_organization,
    create_coalition,
    name_person,
)
from caseboard.services.organizations import create_organization
from caseboard.services.people import (
    add_membership,
    create_person,
    set_administrator,
)
from caseboard.services.users import create_user

from . import data
from .accreditation import load_accreditation
from .cases import load_cases
from .maps import load_areas
from .measures import load_measures
from .meetings import load_meetings
from .network import load_network
from .programs import load_programs

SEED = 20261121


def reset_database() -> None:
    """Delete every row, children before parents."""
    for table in reversed(Base.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.flush()


def _domain(organization_name: str) -> str:
    words = re.findall(r"[a-z]+", organization_name.lower())
    initials = "".join(w[0] for w in words if w not in {"of", "the", "and"})
    return f"{initials}.example.org"


def _email(name: str, organization_name: str) -> str:
    local = re.sub(r"[^a-z.]", "", name.lower().replace(" ", "."))
    return f"{local}@{_domain(organization_name)}"


def load_demo(password: str, progress: bool = False) -> None:
    """Create the demo city. The caller commits."""
    rng = random.Random(SEED)
    today = date.today()
    organizations: dict[str, Organization] = {}
    city = data.city()
    all_orgs = [org for coalition in city.coalitions for org in coalition.organizations]
    # The coalitions first: with several, a new organization joins none by
    # itself; each joins its own and the partners theirs below.
    coalitions = {
        c.name: create_coalition(None, name=c.name, purpose=c.purpose, area=c.area)
        for c in city.coalitions
    }

    with click.progressbar(all_orgs, label="Organizations", hidden=not progress) as bar:
        for spec in bar:
            organizations[spec.name] = create_organization(
                None,
                name=spec.name,
                kind=spec.kind,
                services=list(spec.services),
                description=spec.description,
                phone=f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                website=f"https://www.{_domain(spec.name)}",
            )

    started = today - timedelta(days=900)
    for coalition_spec in city.coalitions:
        members = [o.name for o in coalition_spec.organizations]
        for name in members + list(coalition_spec.partners):
            add_organization(
                None,
                coalitions[coalition_spec.name],
                organizations[name],
                started_on=started,
            )

    people = {}
    for key in city.key_people:
        started = today - timedelta(days=rng.randint(400, 3000))
        person = create_person(
            None,
            full_name=key.name,
            email=key.email or _email(key.name, key.organization),
            phone=f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
            organization=organizations[key.organization],
            title=key.title,
            started_on=started,
        )
        people[key.name] = person
        if key.organization_administrator:
            set_administrator(None, person.memberships[0], True)
        if key.site_role and key.email:
            create_user(
                None,
                email=key.email,
                password=password,
                person=person,
                site_role=key.site_role,
            )

    for past in city.past_positions:
        ended = today - timedelta(days=365 * past.ended_years_ago)
        add_membership(
            None,
            people[past.person],
            organizations[past.organization],
            title=past.title,
            started_on=ended - timedelta(days=365 * past.years),
            ended_on=ended,
        )

    used = set(people)
    with click.progressbar(all_orgs, label="People       ", hidden=not progress) as bar:
        for spec in bar:
            organization = organizations[spec.name]
            for _ in range(data.STAFF_PER_KIND[spec.kind]):
                name = _unique_name(rng, used)
                person = create_person(
                    None,
                    full_name=name,
                    email=_email(name, spec.name),
                    phone=f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                    organization=organization,
                    title=rng.choice(data.TITLES[spec.kind]),
                    started_on=today - timedelta(days=rng.randint(30, 4000)),
                )
                if rng.random() < 0.15:
                    _add_earlier_job(rng, person, organizations, today)
    for coalition_spec in city.coalitions:
        coordinator = db.session.scalars(
            select(User).where(User.email == coalition_spec.coordinator)
        ).one()
        coalition = coalitions[coalition_spec.name]
        name_person(None, coalition, coordinator.person, coordinator=True)
    db.session.flush()
    load_cases(progress=progress)
    load_meetings(progress=progress)
    load_network(progress=progress)
    load_measures(today)
    load_accreditation(today)
    load_programs(today)
    load_areas()


def _unique_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
        if name not in used:
            used.add(name)
            return name


def _add_earlier_job(rng, person, organizations, today) -> None:
    current = person.memberships[0]
    earlier = rng.choice(list(organizations.values()))
    kind = earlier.kind
    ended = (current.started_on or today) - timedelta(days=rng.randint(0, 60))
    add_membership(
        None,
        person,
        earlier,
        title=rng.choice(data.TITLES[kind]),
        started_on=ended - timedelta(days=rng.randint(365, 2500)),
        ended_on=ended,
    )


def print_sign_ins(password: str | None) -> None:
    users = db.session.query(User).join(User.person).order_by(User.id).all()
    click.echo("")
    click.echo("Demo sign-ins" + (f" (password: {password})" if password else "") + ":")
    for user in users:
        click.echo(f"  {user.email:<32} {user.role.label:<14} {user.person.full_name}")
    click.echo(f"Loaded at {utcnow():%Y-%m-%d %H:%M} UTC.")
