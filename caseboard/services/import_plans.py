"""Planning an import: what each row of a file would do, matched against the
records already there (see ``services.imports`` for the rules)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select, true

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import (
    Case,
    Coalition,
    Interaction,
    InteractionKind,
    InteractionParticipant,
    Organization,
    OrganizationKind,
    Person,
    PersonTie,
    TieKind,
    User,
)
from caseboard.permissions import (
    can_manage_members,
    contact_details_visible,
    visible_cases,
    visible_organizations,
    visible_people,
)
from caseboard.permissions_coalitions import can_manage_coalition
from caseboard.services.import_rows import (
    SEPARATOR,
    Action,
    Row,
    RowResult,
    choice,
    date_cell,
    email_cell,
    quote,
    row_result,
    split_cell,
)


# What is already recorded: loaded once per file, so thousands of rows cost a
# few queries, not one each.
def _visible(
    query_for: Callable[[User], Select[Any]], actor: User | None, *columns: Any
) -> list[Any]:
    """``columns`` of what the actor may see (everything from the command line)."""
    query = (
        select(*columns)
        if actor is None
        else query_for(actor).with_only_columns(*columns)
    )
    return list(db.session.execute(query).all())


def _organizations(actor: User | None) -> dict[str, tuple[int, str]]:
    """Case-insensitive name → (id, name as recorded)."""
    rows = _visible(visible_organizations, actor, Organization.id, Organization.name)
    return {name.lower(): (id_, name) for id_, name in rows}


class _People:
    """Recorded people, found by email (case-insensitive) or exact name.

    Only the emails the importer may read are matched: a file must not be a
    way to ask whether an address is on record. People whose contact details
    are hidden from the importer are known by name alone (``hidden``)."""

    def __init__(self, actor: User | None) -> None:
        self.by_email: dict[str, list[int]] = defaultdict(list)
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.without_email: set[int] = set()
        self.hidden: set[int] = set()
        shown = true() if actor is None else contact_details_visible(actor)
        rows = _visible(
            visible_people, actor, Person.id, Person.full_name, Person.email, shown
        )
        for id_, name, email, details_shown in rows:
            self.by_name[name].append(id_)
            if not details_shown:
                self.hidden.add(id_)
            elif email:
                self.by_email[email.strip().lower()].append(id_)
            else:
                self.without_email.add(id_)

    def find(self, row: Row, column: str, reference: str) -> int | None:
        """The one person ``reference`` names: by email if it is one, else by
        exact name; a row error when no one or several people match."""
        if "@" in reference:
            found = self.by_email.get(reference.lower(), [])
            who, fix = f"with the email {quote(reference)}", "tidy them up first"
        else:
            found = self.by_name.get(reference, [])
            who, fix = f"named {quote(reference)}", "use their email instead"
        if not found:
            row.fail(column, f"no one {who} is recorded (import people first)")
            return None
        if len(found) > 1:
            row.fail(column, f"{len(found)} people are {who}; {fix}")
            return None
        return found[0]


def _coalitions(actor: User | None) -> dict[str, int]:
    """The coalitions the actor may add organizations to, by lower-cased name
    (every one from the command line)."""
    found = db.session.scalars(select(Coalition))
    return {
        c.name.lower(): c.id
        for c in found
        if actor is None or can_manage_coalition(actor, c)
    }


def _coalition_cell(row: Row, coalitions: dict[str, int]) -> int | None:
    name = row.text("coalition", 200)
    if not name:
        return None
    if name.lower() not in coalitions:
        row.fail("coalition", f"no coalition {quote(name)} you may add members to")
        return None
    return coalitions[name.lower()]


def _plan_organizations(rows: list[Row], actor: User | None) -> list[RowResult]:
    known = {
        key: f"already recorded as {name}"
        for key, (_, name) in _organizations(actor).items()
    }
    coalitions = _coalitions(actor)
    results = []
    for row in rows:
        name = row.text("name", 200, required=True)
        kind = choice(row, "kind", OrganizationKind, default=OrganizationKind.OTHER)
        services = split_cell(row.get("services"))
        for service in services:
            if len(service) > 200:
                row.fail("services", f"{quote(service)} is longer than 200 characters")
        values = {
            "name": name,
            "kind": kind,
            "services": services,
            "description": row.text("description", 5000),
            "website": row.text("website", 300) or None,
            "phone": row.text("phone", 50) or None,
            "email": email_cell(row, "email"),
            "address": row.text("address", 300) or None,
            "coalition_id": _coalition_cell(row, coalitions),
        }
        summary = f"{name} ({kind.label})" if kind else name
        exists = known.get(name.lower())
        results.append(row_result(row, summary, exists=exists, values=values))
        if results[-1].action is Action.CREATE:
            known[name.lower()] = f"same name as row {row.number}"
    return results


def _may_add_members(actor: User | None, organization_id: int) -> bool:
    """A position opens the organization's restricted work: the same rule as
    the forms (everything from the command line)."""
    if actor is None:
        return True
    return can_manage_members(actor, db.session.get_one(Organization, organization_id))


def _plan_people(rows: list[Row], actor: User | None) -> list[RowResult]:
    people = _People(actor)
    organizations = _organizations(actor)
    seen_emails: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    seen_names_without_email: dict[str, int] = {}
    results = []
    for row in rows:
        name = row.text("name", 200, required=True)
        email = email_cell(row, "email")
        organization_name = row.text("organization", 200)
        title = row.text("title", 200)
        organization_id = None
        if organization_name:
            found = organizations.get(organization_name.lower())
            if found is None:
                row.fail(
                    "organization",
                    f"no organization named {quote(organization_name)} is recorded; "
                    "import or add it first",
                )
            elif not _may_add_members(actor, found[0]):
                row.fail(
                    "organization",
                    f"you may not add people to {quote(found[1])} "
                    "(its administrators or a site administrator may)",
                )
            else:
                organization_id, organization_name = found
        elif title:
            row.fail("title", f"{quote(title)} is given without an organization")
        exists = None
        if email:
            key = email.lower()
            if people.by_email.get(key):
                exists = "already recorded with this email"
            elif any(p in people.without_email for p in people.by_name.get(name, [])):
                exists = "already recorded under this name, without an email"
            elif any(p in people.hidden for p in people.by_name.get(name, [])):
                # Whether their email is this one may not be told: a namesake
                # is left for someone who may see their details to tell apart.
                exists = "already recorded under this name"
            elif key in seen_emails:
                exists = f"same email as row {seen_emails[key]}"
            elif name in seen_names_without_email:
                exists = f"same name as row {seen_names_without_email[name]}"
        elif people.by_name.get(name):
            exists = "already recorded under this name"
        elif name in seen_names:
            exists = f"same name as row {seen_names[name]}"
        values = {
            "full_name": name,
            "email": email,
            "organization_id": organization_id,
            "title": title,
        }
        job = ", ".join(part for part in (organization_name, title) if part)
        summary = " · ".join(part for part in (name, email, job) if part)
        results.append(row_result(row, summary, exists=exists, values=values))
        if results[-1].action is Action.CREATE:
            seen_names.setdefault(name, row.number)
            if email:
                seen_emails[email.lower()] = row.number
            else:
                seen_names_without_email.setdefault(name, row.number)
    return results


def _plan_relationships(rows: list[Row], actor: User | None) -> list[RowResult]:
    people = _People(actor)
    active = select(PersonTie.person_a_id, PersonTie.person_b_id, PersonTie.kind).where(
        or_(PersonTie.until.is_(None), PersonTie.until > today())
    )
    # A row whose people or kind did not resolve looks itself up under None.
    known: dict[tuple[object, ...] | None, str] = {
        tuple(key): "already recorded" for key in db.session.execute(active)
    }
    results = []
    for row in rows:
        references = {
            column: row.text(column, 254, required=True)
            for column in ("person_a", "person_b")
        }
        a, b = (
            people.find(row, column, reference) if reference else None
            for column, reference in references.items()
        )
        kind = choice(row, "type", TieKind)
        since = date_cell(row, "since", required=False)
        notes = row.text("notes", 500)
        if a is not None and a == b:
            row.fail("person_b", "is the same person as person_a")
        label = kind.label if kind else row.get("type")
        summary = f"{references['person_a']} – {references['person_b']}: {label}"
        key = (min(a, b), max(a, b), str(kind)) if a and b and kind else None
        values = {
            "person_id": a,
            "other_id": b,
            "kind": kind,
            "since": since,
            "notes": notes,
        }
        results.append(row_result(row, summary, exists=known.get(key), values=values))
        if results[-1].action is Action.CREATE:
            known[key] = f"same relationship as row {row.number}"
    return results


def _plan_interactions(rows: list[Row], actor: User | None) -> list[RowResult]:
    people = _People(actor)
    cases: dict[str, list[int]] = defaultdict(list)
    for id_, title in _visible(visible_cases, actor, Case.id, Case.title):
        cases[title].append(id_)
    planned = []
    for row in rows:
        occurred_on = date_cell(row, "date", required=True)
        kind = choice(row, "type", InteractionKind)
        references = split_cell(row.get("participants"))
        before = len(row.errors)
        found = [people.find(row, "participants", ref) for ref in references]
        participants = {person_id for person_id in found if person_id is not None}
        if not references:
            row.fail("participants", "required, but empty")
        elif len(row.errors) == before and len(participants) < 2:
            row.fail(
                "participants",
                f"{quote(row.get('participants'))} names fewer than two different "
                f"people (separate them with “{SEPARATOR}”)",
            )
        case_title = row.text("case", 200)
        case_id = None
        if case_title:
            matches = cases.get(case_title, [])
            if not matches:
                row.fail("case", f"no case titled {quote(case_title)} is recorded")
            elif len(matches) > 1:
                row.fail("case", f"{len(matches)} cases are titled {quote(case_title)}")
            else:
                case_id = matches[0]
        values = {
            "occurred_on": occurred_on,
            "kind": kind,
            "people_ids": sorted(participants),
            "case_id": case_id,
            "notes": row.text("notes", 2000),
        }
        summary = " ".join(
            part
            for part in (
                row.get("date"),
                kind.label if kind else row.get("type"),
                "with " + ", ".join(references) if references else "",
                f"({case_title})" if case_title else "",
            )
            if part
        )
        planned.append((row, summary, values))
    known = _recorded_interactions(
        [values["occurred_on"] for _, _, values in planned if values["occurred_on"]]
    )
    results = []
    for row, summary, values in planned:
        key = (
            values["occurred_on"],
            str(values["kind"]),
            frozenset(values["people_ids"]),
            values["case_id"],
        )
        results.append(row_result(row, summary, exists=known.get(key), values=values))
        if results[-1].action is Action.CREATE:
            known[key] = f"same contact as row {row.number}"
    return results


def _recorded_interactions(dates: list[date]) -> dict[tuple[Any, ...], str]:
    """Interactions between the file's first and last date, keyed like a row."""
    if not dates:
        return {}
    query = (
        select(
            Interaction.id,
            Interaction.occurred_on,
            Interaction.kind,
            Interaction.case_id,
            InteractionParticipant.person_id,
        )
        .join(Interaction.participants)
        .where(Interaction.occurred_on.between(min(dates), max(dates)))
    )
    found: dict[int, tuple[date, str, int | None, set[int]]] = {}
    for id_, occurred_on, kind, case_id, person_id in db.session.execute(query):
        found.setdefault(id_, (occurred_on, kind, case_id, set()))[3].add(person_id)
    return {
        (occurred_on, kind, frozenset(people), case_id): "already recorded"
        for occurred_on, kind, case_id, people in found.values()
    }


PLANNERS = {
    "organizations": _plan_organizations,
    "people": _plan_people,
    "relationships": _plan_relationships,
    "interactions": _plan_interactions,
}
