"""Factory fixtures: each makes a valid object with sensible defaults and
takes overrides, e.g. ``make_person(organization=police, title="Sergeant")``."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from caseboard.models import Organization, OrganizationKind, Person, SiteRole, User
from caseboard.services.organizations import create_organization
from caseboard.services.people import create_person
from caseboard.services.users import create_user

PASSWORD = "correct horse battery staple"
_serial = itertools.count(1)


@pytest.fixture
def make_organization(db):  # type: ignore[no-untyped-def]
    def make(**overrides: Any) -> Organization:
        n = next(_serial)
        values: dict[str, Any] = {
            "name": f"Organization {n}",
            "kind": OrganizationKind.COMMUNITY_ORGANIZATION,
        } | overrides
        organization = create_organization(None, **values)
        db.session.commit()
        return organization

    return make


@pytest.fixture
def make_person(db, make_organization):  # type: ignore[no-untyped-def]
    def make(organization: Organization | None = None, **overrides: Any) -> Person:
        n = next(_serial)
        values: dict[str, Any] = {
            "full_name": f"Person {n}",
            "email": f"person{n}@example.org",
            "title": "Outreach Worker",
        } | overrides
        person = create_person(
            None, organization=organization or make_organization(), **values
        )
        db.session.commit()
        return person

    return make


@pytest.fixture
def make_user(db, make_person):  # type: ignore[no-untyped-def]
    def make(
        role: str = SiteRole.MEMBER,
        organization: Organization | None = None,
        password: str = PASSWORD,
        **overrides: Any,
    ) -> User:
        person = overrides.pop("person", None) or make_person(organization=organization)
        email = overrides.pop("email", None) or f"user{person.id}@example.org"
        user = create_user(
            None, email=email, password=password, person=person, site_role=role
        )
        db.session.commit()
        return user

    return make
