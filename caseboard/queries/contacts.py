"""Contacts (logged interactions) as a viewer may know them.

A contact counts for a viewer exactly when it counts in their ties: when it
is about no case or about a case they may see (``tie_sources.case_visible``,
the rule of the network pages). Its notes are told to those who took part in
it, who logged it, who may see the case it is about, and administrators —
a contact about no case is otherwise known by its kind, day and people, as
the timeline and the ties tell it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import selectinload

from caseboard.models import Interaction, InteractionParticipant, Membership, User
from caseboard.network.tie_sources import case_visible


def visible_contacts(viewer: User) -> Select[Interaction]:
    return select(Interaction).where(case_visible(Interaction.case_id, viewer))


def filtered_contacts(
    viewer: User,
    *,
    person: int | None = None,
    organization: int | None = None,
    case: int | None = None,
    kind: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Select[Interaction]:
    """The contacts the viewer may know, newest first (then by id): with
    ``person`` taking part, someone now at ``organization`` taking part,
    about ``case``, of ``kind``, on days from ``since`` to ``until``."""
    statement = visible_contacts(viewer).options(selectinload(Interaction.participants))
    if person is not None:
        statement = statement.where(
            _taking_part(InteractionParticipant.person_id == person)
        )
    if organization is not None:
        staff = select(Membership.person_id).where(
            Membership.organization_id == organization, Membership.current_clause()
        )
        statement = statement.where(
            _taking_part(InteractionParticipant.person_id.in_(staff))
        )
    if case is not None:
        statement = statement.where(Interaction.case_id == case)
    if kind is not None:
        statement = statement.where(Interaction.kind == kind)
    if since is not None:
        statement = statement.where(Interaction.occurred_on >= since)
    if until is not None:
        statement = statement.where(Interaction.occurred_on <= until)
    return statement.order_by(Interaction.occurred_on.desc(), Interaction.id.desc())


def _taking_part(who: ColumnElement[bool]) -> ColumnElement[bool]:
    """The contact has a participant such that ``who``."""
    return Interaction.id.in_(select(InteractionParticipant.interaction_id).where(who))


def notes_shown(viewer: User, contact: Interaction) -> bool:
    """Whether the viewer is told the contact's notes (the contact itself is
    already one they may know, so its case, if any, is one they may see)."""
    if viewer.is_admin or contact.case_id is not None:
        return True
    if contact.recorded_by_id == viewer.id:
        return True
    return any(p.person_id == viewer.person_id for p in contact.participants)
