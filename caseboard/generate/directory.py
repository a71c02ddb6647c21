"""Organizations with their services, people with their jobs, and users."""

from __future__ import annotations

import re
from datetime import timedelta

from caseboard.demo import data
from caseboard.models import (
    Coalition,
    CoalitionMembership,
    CoalitionStatus,
    Membership,
    Organization,
    OrganizationKind,
    OrganizationService,
    Person,
    SiteRole,
    User,
)

from . import names
from .world import Org, PersonRecord, WeightedPicker, World
from .writer import Writer

K = OrganizationKind
ADMIN_EMAIL = "admin@example.org"

# Share of organizations of each kind, and how many staff a typical one has.
KIND_SHARE = {
    K.POLICE: 4, K.MUNICIPAL_AGENCY: 12, K.BUSINESS: 30,
    K.COMMUNITY_ORGANIZATION: 18, K.RESIDENT_GROUP: 12, K.SCHOOL: 7,
    K.HEALTH: 8, K.FAITH: 7, K.OTHER: 2,
}  # fmt: skip
KIND_STAFF = {
    K.POLICE: 12, K.MUNICIPAL_AGENCY: 6, K.BUSINESS: 1.5,
    K.COMMUNITY_ORGANIZATION: 4, K.RESIDENT_GROUP: 2, K.SCHOOL: 3,
    K.HEALTH: 4, K.FAITH: 1.5, K.OTHER: 2,
}  # fmt: skip
# Small coalitions still get one of each of these first.
FIRST_KINDS = [
    K.POLICE, K.MUNICIPAL_AGENCY, K.COMMUNITY_ORGANIZATION, K.BUSINESS,
    K.RESIDENT_GROUP, K.HEALTH,
]  # fmt: skip
USER_SHARE = 0.10
ROLE_SHARE = {
    SiteRole.COORDINATOR: 0.15,
    SiteRole.READ_ONLY: 0.05,
    SiteRole.ADMIN: 0.005,
}


def _slug(name: str) -> str:
    words = re.findall(r"[a-z]+", name.lower())
    return "".join(w[0] for w in words if w not in {"of", "the", "and"}) or "org"


def _phone(world: World) -> str:
    rng = world.rng
    return f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"


def _organization_name(
    world: World, kind: OrganizationKind, area: str, taken: set[str]
) -> str:
    rng = world.rng
    patterns = names.ORGANIZATION_PATTERNS[kind]
    for attempt in range(40):
        fixed = {"area": area} if attempt < 8 else {}
        name = names.fill(rng.choice(patterns), rng, data.LAST_NAMES, **fixed)
        if name not in taken:
            break
    else:
        street = f"{rng.choice(names.STREETS)} {rng.choice(names.STREET_KINDS)}"
        name = f"{name} ({street}, {len(taken)})"
    taken.add(name)
    return name


def add_organizations(world: World, writer: Writer, count: int) -> None:
    rng = world.rng
    area_count = max(3, min(len(names.AREAS), count // 40))
    areas = names.AREAS[:area_count]
    kinds = list(KIND_SHARE)
    taken: set[str] = set()
    with writer.step("Organizations", count) as bar:
        for n in range(count):
            kind = (
                FIRST_KINDS[n]
                if n < len(FIRST_KINDS)
                else rng.choices(kinds, weights=list(KIND_SHARE.values()))[0]
            )
            area = rng.choice(areas)
            name = _organization_name(world, kind, area, taken)
            org = Org(
                id=writer.new_id(Organization),
                name=name,
                kind=kind,
                area=area,
                # Heavy-tailed sizes: a few big agencies, many two-person shops.
                size_weight=KIND_STAFF[kind] * rng.paretovariate(1.6),
            )
            world.add_org(org)
            created = world.moment(world.days_ago(rng.randint(400, 1500)))
            writer.add(
                Organization,
                {
                    "id": org.id,
                    "name": name,
                    "kind": kind,
                    "description": names.DESCRIPTIONS[kind],
                    "website": f"https://www.{_slug(name)}{org.id}.example.org",
                    "phone": _phone(world),
                    "email": f"info@{_slug(name)}{org.id}.example.org",
                    "address": f"{rng.randint(1, 2400)} "
                    f"{rng.choice(names.STREETS)} {rng.choice(names.STREET_KINDS)}",
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                },
            )
            services = names.SERVICES[kind]
            offered = rng.sample(services, k=rng.randint(0, min(3, len(services))))
            for position, service in enumerate(offered):
                writer.add(
                    OrganizationService,
                    {
                        "id": writer.new_id(OrganizationService),
                        "organization_id": org.id,
                        "name": service,
                        "position": position,
                    },
                )
            bar.update(1)
    _choose_partners(world, areas)
    _add_coalitions(world, writer, areas)


# Partners every area's coalition has in common.
SHARED_KINDS = frozenset({K.POLICE, K.HEALTH, K.MUNICIPAL_AGENCY})


def _add_coalitions(world: World, writer: Writer, areas: list[str]) -> None:
    """One coalition per area: its organizations, and the city-wide partners
    (police, health, municipal agencies) in every one."""
    for area in areas:
        coalition_id = writer.new_id(Coalition)
        world.coalition_by_area[area] = coalition_id
        writer.add(
            Coalition,
            {
                "id": coalition_id,
                "name": f"{area} partnership",
                "purpose": f"Partners working problems together in {area}.",
                "area": area,
                "time_zone": None,
                "locale": None,
                "created_at": world.moment(world.days_ago(1500)),
                "version": 1,
            },
        )
    for org in world.orgs:
        joined = areas if org.kind in SHARED_KINDS else [org.area]
        for area in joined:
            writer.add(
                CoalitionMembership,
                {
                    "id": writer.new_id(CoalitionMembership),
                    "coalition_id": world.coalition_by_area[area],
                    "organization_id": org.id,
                    "status": CoalitionStatus.ACTIVE.value,
                    "started_on": world.days_ago(1500),
                    "created_at": world.moment(world.days_ago(1500)),
                    "ended_on": None,
                    "granted_by_id": None,
                    "ended_by_id": None,
                },
            )


def _choose_partners(world: World, areas: list[str]) -> None:
    """Each organization works with a few others, mostly in its own area."""
    rng = world.rng
    by_area: dict[str, list[Org]] = {area: [] for area in areas}
    for org in world.orgs:
        by_area[org.area].append(org)
    everyone = WeightedPicker(
        [o.id for o in world.orgs], [o.size_weight for o in world.orgs]
    )
    for org in world.orgs:
        local = [o.id for o in by_area[org.area] if o.id != org.id]
        wanted = rng.randint(2, 6)
        chosen = set(rng.sample(local, k=min(len(local), wanted - 1)))
        for _ in range(wanted * 3):
            if len(chosen) >= wanted or len(world.orgs) < 2:
                break
            other = everyone.pick(rng)
            if other != org.id:
                chosen.add(other)
        for other in chosen:
            if other not in org.partners:
                org.partners.append(other)
            partner = world.org_by_id[other]
            if org.id not in partner.partners:
                partner.partners.append(org.id)


def add_people(world: World, writer: Writer, count: int) -> None:
    rng = world.rng
    orgs = WeightedPicker(
        [o.id for o in world.orgs], [o.size_weight for o in world.orgs]
    )
    emails: set[str] = {ADMIN_EMAIL}
    with writer.step("People", count) as bar:
        for n in range(count):
            # Every organization gets somebody before the big ones fill up.
            org = (
                world.orgs[n]
                if n < len(world.orgs)
                else world.org_by_id[orgs.pick(rng)]
            )
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            name = f"{first} {last}"
            domain = f"{_slug(org.name)}{org.id}.example.org"
            email = f"{first}.{last}@{domain}".lower().replace("'", "")
            if email in emails:
                email = email.replace("@", f"{n}@")
            if n == min(1, len(world.orgs) - 1):  # a city agency's staff member
                email = ADMIN_EMAIL
            emails.add(email)
            person = PersonRecord(
                id=writer.new_id(Person),
                name=name,
                org_id=org.id,
                sociability=rng.paretovariate(2.0),
            )
            world.add_person(person)
            world.emails[person.id] = email
            org.members.append(person.id)
            created = world.moment(world.days_ago(rng.randint(30, 1500)))
            writer.add(
                Person,
                {
                    "id": person.id,
                    "full_name": name,
                    "email": email,
                    "phone": _phone(world),
                    "address": None,
                    "notes": "",
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                },
            )
            _add_memberships(world, writer, person, org)
            bar.update(1)


def _add_memberships(
    world: World, writer: Writer, person: PersonRecord, org: Org
) -> None:
    rng = world.rng
    started = world.days_ago(rng.randint(30, 4000))
    writer.add(
        Membership,
        {
            "id": writer.new_id(Membership),
            "person_id": person.id,
            "organization_id": org.id,
            "title": rng.choice(data.TITLES[org.kind]),
            "started_on": started,
            "ended_on": None,
            "created_at": world.now,
        },
    )
    if rng.random() < 0.10 and len(world.orgs) > 1:
        # An earlier job, often at a partner: people change jobs within the field.
        previous_id = rng.choice(org.partners) if org.partners else org.id
        if previous_id == org.id:
            previous_id = world.orgs[rng.randrange(len(world.orgs))].id
        previous = world.org_by_id[previous_id]
        ended = started - timedelta(days=rng.randint(0, 60))
        writer.add(
            Membership,
            {
                "id": writer.new_id(Membership),
                "person_id": person.id,
                "organization_id": previous.id,
                "title": rng.choice(data.TITLES[previous.kind]),
                "started_on": ended - timedelta(days=rng.randint(365, 2500)),
                "ended_on": ended,
                "created_at": world.now,
            },
        )


def add_users(world: World, writer: Writer, people_count: int) -> None:
    """About one person in ten signs in; the first is the administrator
    ``admin@example.org``. Every user shares one password hash."""
    rng = world.rng
    count = max(2, round(people_count * USER_SHARE))
    # Staff of agencies and service providers sign in more than bar owners.
    signs_in = {K.BUSINESS: 0.3, K.FAITH: 0.3, K.RESIDENT_GROUP: 0.5}
    picker = WeightedPicker(
        [p.id for p in world.people],
        [signs_in.get(world.org_by_id[p.org_id].kind, 1.0) for p in world.people],
    )
    admin = next(p for p, email in world.emails.items() if email == ADMIN_EMAIL)
    chosen = [admin]
    seen = {admin}
    while len(chosen) < min(count, len(world.people)):
        person_id = picker.pick(rng)
        if person_id not in seen:
            seen.add(person_id)
            chosen.append(person_id)
    with writer.step("Users", len(chosen)) as bar:
        for n, person_id in enumerate(chosen):
            if n == 0:
                role = SiteRole.ADMIN
            else:
                draw = rng.random()
                role = SiteRole.MEMBER
                for candidate, share in ROLE_SHARE.items():
                    if draw < share:
                        role = candidate
                        break
                    draw -= share
            user_id = writer.new_id(User)
            world.users[user_id] = (person_id, role)
            if role in (SiteRole.ADMIN, SiteRole.COORDINATOR):
                world.coordinators.append(user_id)
            writer.add(
                User,
                {
                    "id": user_id,
                    "person_id": person_id,
                    "email": world.emails[person_id],
                    "password_hash": world.password_hash,
                    "site_role": role.value,
                    "active": True,
                    "session_generation": 1,
                    "last_login_at": world.moment(world.days_ago(rng.randint(0, 60)))
                    if rng.random() < 0.8
                    else None,
                    "created_at": world.now,
                    "version": 1,
                },
            )
            bar.update(1)
