"""The field programs of the demo: the Eastgate team's visit round
(``data/rounds.toml``) and the asks on the Water Street and Eastgate cases
(``data/asks.toml``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from caseboard.extensions import db
from caseboard.models import (
    Case,
    Coalition,
    Membership,
    Organization,
    Person,
    User,
)
from caseboard.services import asks as ask_service
from caseboard.services import rounds as round_service

from .records import DemoDataError, build, read


@dataclass(frozen=True)
class Stop:
    place: str
    ideal_days: int
    max_days: int
    visits: tuple[int, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    person: str | None = None
    staff_of: str | None = None
    organization: str | None = None


@dataclass(frozen=True)
class RoundSpec:
    coalition: str
    name: str
    beat: str
    officer: str
    team: str
    stops: tuple[Stop, ...]


@dataclass(frozen=True)
class Move:
    stage: str
    days_ago: int
    note: str = ""


@dataclass(frozen=True)
class AskSpec:
    case: str
    what: str
    moves: tuple[Move, ...]
    organization: str | None = None
    person: str | None = None


def round_specs() -> list[RoundSpec]:
    raw = read("rounds.toml").get("rounds", [])
    return [
        build(RoundSpec, r, f"rounds.toml, rounds[{n}]") for n, r in enumerate(raw, 1)
    ]


def ask_specs() -> list[AskSpec]:
    raw = read("asks.toml").get("asks", [])
    return [build(AskSpec, a, f"asks.toml, asks[{n}]") for n, a in enumerate(raw, 1)]


def _one(model, column, value: str, where: str):
    found = db.session.scalars(select(model).where(column == value)).first()
    if found is None:
        raise DemoDataError(f"{where}: no {model.__name__.lower()} “{value}”")
    return found


def load_programs(today: date) -> None:
    for round_spec in round_specs():
        _load_round(round_spec, today)
    for ask_spec in ask_specs():
        _load_ask(ask_spec, today)


def _load_round(spec: RoundSpec, today: date) -> None:
    where = f"rounds.toml “{spec.name}”"
    officer = _one(User, User.email, spec.officer, where)
    round_ = round_service.create_round(
        None,
        _one(Coalition, Coalition.name, spec.coalition, where),
        name=spec.name,
        beat=spec.beat,
        officer=officer,
        team=_one(Organization, Organization.name, spec.team, where),
    )
    started = today - timedelta(days=365)
    for stop_spec in spec.stops:
        for person, organization in _stakeholders(stop_spec, where):
            stop = round_service.add_stop(
                None,
                round_,
                place=stop_spec.place,
                ideal_days=stop_spec.ideal_days,
                max_days=stop_spec.max_days,
                person=person,
                organization=organization,
                added_on=started,
                latitude=stop_spec.latitude,
                longitude=stop_spec.longitude,
            )
            for days in sorted(stop_spec.visits, reverse=True):
                round_service.log_visit(
                    officer, stop, visited_on=today - timedelta(days=days)
                )


def _stakeholders(spec: Stop, where: str):
    if spec.person:
        return [(_one(Person, Person.full_name, spec.person, where), None)]
    if spec.organization:
        return [(None, _one(Organization, Organization.name, spec.organization, where))]
    if spec.staff_of:
        organization = _one(Organization, Organization.name, spec.staff_of, where)
        staff = db.session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.organization_id == organization.id,
                Membership.current_clause(),
            )
            .order_by(Person.full_name)
        )
        return [(person, None) for person in staff]
    return [(None, None)]


def _load_ask(spec: AskSpec, today: date) -> None:
    where = f"asks.toml “{spec.what}”"
    case = _one(Case, Case.title, spec.case, where)
    first, *later = spec.moves
    ask = ask_service.create_ask(
        case.coordinator,
        case,
        what=spec.what,
        person=_one(Person, Person.full_name, spec.person, where)
        if spec.person
        else None,
        organization=(
            _one(Organization, Organization.name, spec.organization, where)
            if spec.organization
            else None
        ),
        stage=first.stage,
        note=first.note,
        on=today - timedelta(days=first.days_ago),
    )
    for move in later:
        ask_service.move_stage(
            case.coordinator,
            ask,
            expected_version=ask.version,
            to_stage=move.stage,
            on=today - timedelta(days=move.days_ago),
            note=move.note,
        )
        db.session.flush()
