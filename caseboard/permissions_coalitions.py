"""Who works in which coalition, and who may change that.

A person works in a coalition through a current position in one of its
active member organizations, or by being named in it (a coordinator, a
resident with no organization). A case seen "coalition-wide" is seen by the
people working in its coalition, and in a coalition it is currently shared
with; participants and restricted visibility narrow that further
(``caseboard.permissions``). Site administrators see every coalition.

Changing membership is never an escalation path: site administrators create
coalitions, add organizations and name coordinators; a coalition's own
coordinators invite organizations and end their membership, but never their
own organization's (that would open the coalition to their colleagues on
their own say-so).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true

from caseboard.models import (
    Case,
    CaseAccess,
    CaseRole,
    CaseShare,
    CaseVisibility,
    Coalition,
    CoalitionMembership,
    CoalitionPerson,
    CoalitionStatus,
    Meeting,
    Membership,
    Organization,
    SiteRole,
    User,
)


def _signed_in(user: object) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.active


def coalition_ids(user: User) -> set[int]:
    """The coalitions the user works in (through an organization, or named)."""
    found = {
        cm.coalition_id
        for m in user.person.current_memberships
        for cm in m.organization.coalition_memberships
        if cm.is_active
    }
    found.update(n.coalition_id for n in user.person.coalition_namings if n.is_current)
    return found


def coordinated_coalition_ids(user: User) -> set[int]:
    return {
        n.coalition_id
        for n in user.person.coalition_namings
        if n.is_current and n.is_coordinator
    }


def works_in_case_coalition(user: User, case: Case) -> bool:
    """The case's coalition is the user's, or it is shared with one of theirs."""
    mine = coalition_ids(user)
    if case.coalition_id in mine:
        return True
    return any(s.coalition_id in mine and s.is_open for s in case.shares)


def works_in_case_coalition_clause(case_id: int) -> ColumnElement[bool]:
    """``works_in_case_coalition`` in SQL the other way round: for a query
    over ``User``, those working in the case's coalition or in one it is
    openly shared with (through an active member organization, or named)."""
    coalitions = (
        select(Case.coalition_id)
        .where(Case.id == case_id)
        .union(
            select(CaseShare.coalition_id).where(
                CaseShare.case_id == case_id, CaseShare.is_open
            )
        )
    )
    staff = _staff_of(
        select(CoalitionMembership.organization_id).where(
            CoalitionMembership.coalition_id.in_(coalitions),
            CoalitionMembership.is_active,
        )
    )
    named = select(CoalitionPerson.person_id).where(
        CoalitionPerson.coalition_id.in_(coalitions), CoalitionPerson.current_clause()
    )
    return or_(User.person_id.in_(staff), User.person_id.in_(named))


def case_viewers_clause(case: Case) -> ColumnElement[bool]:
    """``can_view_case(user, case)`` in SQL over ``User``, for one case: who
    may be told about it (the mention picker filters, then limits). Kept
    beside the coalition clauses it builds on."""
    narrowed: ColumnElement[bool] = true()
    if case.visibility == CaseVisibility.RESTRICTED:
        named = select(CaseAccess.organization_id).where(CaseAccess.case_id == case.id)
        narrowed = User.person_id.in_(_staff_of(named))
    elif case.visibility != CaseVisibility.COALITION:  # participants
        roles = select(CaseRole).where(CaseRole.case_id == case.id, CaseRole.is_current)
        on_case = roles.with_only_columns(CaseRole.person_id)
        partners = roles.with_only_columns(CaseRole.organization_id)
        narrowed = or_(
            User.person_id.in_(on_case), User.person_id.in_(_staff_of(partners))
        )
    mine = and_(works_in_case_coalition_clause(case.id), narrowed)
    anyone = or_(User.site_role == SiteRole.ADMIN, User.id == case.coordinator_id)
    return and_(User.active, or_(anyone, mine))


def _staff_of(organizations: Select[Any]) -> Select[Any]:
    """The people holding a current position in any of ``organizations``."""
    return select(Membership.person_id).where(
        Membership.current_clause(), Membership.organization_id.in_(organizations)
    )


def case_coalition_clause(user: User) -> ColumnElement[bool]:
    """``works_in_case_coalition`` in SQL, for a query over ``Case``."""
    mine = coalition_ids(user)
    return _case_in_coalitions(mine) if mine else false()


def _case_in_coalitions(ids: set[int]) -> ColumnElement[bool]:
    """A ``Case`` of one of these coalitions, or openly shared with one."""
    shared = (
        select(CaseShare.id)
        .where(
            CaseShare.case_id == Case.id,
            CaseShare.coalition_id.in_(ids),
            CaseShare.is_open,
        )
        .correlate(Case)
        .exists()
    )
    return or_(Case.coalition_id.in_(ids), shared)


def meeting_coalition_clause(user: User) -> ColumnElement[bool]:
    """Coalition meetings (no case) of the user's coalitions."""
    if user.is_admin:
        return true()
    return Meeting.coalition_id.in_(coalition_ids(user))


def scope_ids(user: User) -> set[int] | None:
    """The coalitions the user's pages show: the one they chose (if they
    still work in it), else all of theirs; None: no narrowing (an
    administrator who chose none)."""
    chosen = user.chosen_coalition_id
    if user.is_admin:
        return {chosen} if chosen is not None else None
    mine = coalition_ids(user)
    return {chosen} if chosen in mine else mine


def scope_clause(column, user: User) -> ColumnElement[bool]:
    ids = scope_ids(user)
    return true() if ids is None else column.in_(ids)


def reaches_meeting(user: User, meeting: Meeting) -> bool:
    """A case's meeting follows its case; a coalition meeting needs the
    user to work in its coalition."""
    return meeting.case_id is not None or can_use_coalition(user, meeting.coalition_id)


def case_scope_clause(user: User) -> ColumnElement[bool]:
    """Cases of the coalitions the user's pages are scoped to (or shared
    with one of them); the viewer's visibility is applied separately."""
    ids = scope_ids(user)
    return true() if ids is None else _case_in_coalitions(ids)


def visible_coalitions(user: User):
    query = select(Coalition).order_by(Coalition.name)
    if not _signed_in(user):
        return query.where(false())
    if user.is_admin:
        return query
    return query.where(Coalition.id.in_(coalition_ids(user)))


def can_view_coalition(user: object, coalition: Coalition) -> bool:
    if not _signed_in(user):
        return False
    assert isinstance(user, User)
    return user.is_admin or coalition.id in coalition_ids(user)


def can_create_coalition(user: object) -> bool:
    return _signed_in(user) and isinstance(user, User) and user.is_admin


def _admin_or(user: object, may: Callable[[User], bool]) -> bool:
    """Administrators may; anonymous and read-only users may not; anyone
    else if ``may`` says so."""
    if not _signed_in(user):
        return False
    assert isinstance(user, User)
    if user.is_admin:
        return True
    if user.role == SiteRole.READ_ONLY:
        return False
    return may(user)


def can_manage_coalition(user: object, coalition: Coalition) -> bool:
    """Invite organizations, end memberships: site administrators and the
    coalition's current coordinators (not read-only)."""
    return _admin_or(user, lambda u: coalition.id in coordinated_coalition_ids(u))


def can_change_coalition_membership(
    user: object, coalition: Coalition, organization: Organization
) -> bool:
    """Add or end an organization's membership. A coordinator may not
    change their own organization's: adding it would open the coalition to
    their colleagues on their own say-so."""
    if not can_manage_coalition(user, coalition):
        return False
    assert isinstance(user, User)
    if user.is_admin:
        return True
    own = {m.organization_id for m in user.person.current_memberships}
    return organization.id not in own


def can_name_coalition_people(user: object) -> bool:
    """Name coordinators and individual people: administrators only."""
    return can_create_coalition(user)


def can_share_case(user: object, case: Case) -> bool:
    """Share a case with another coalition: administrators, and whoever
    coordinates the case or its coalition."""
    return _admin_or(
        user,
        lambda u: (
            case.coordinator_id == u.id
            or case.coalition_id in coordinated_coalition_ids(u)
        ),
    )


def can_answer_invitation(user: object, membership: CoalitionMembership) -> bool:
    """Accept or decline a coalition's invitation: site administrators and
    the invited organization's own administrators (not read-only). Never the
    inviting coordinators: joining opens the coalition's cases to the
    organization's people, and only the organization may decide that."""
    if membership.status != CoalitionStatus.INVITED or not membership.is_current:
        return False
    return _admin_or(
        user,
        lambda u: any(
            m.organization_id == membership.organization_id and m.is_administrator
            for m in u.person.current_memberships
        ),
    )


def can_use_coalition(user: object, coalition_id: int | None) -> bool:
    """Put a new case or meeting in this coalition: one the user works in."""
    if not _signed_in(user) or coalition_id is None:
        return False
    assert isinstance(user, User)
    return user.is_admin or coalition_id in coalition_ids(user)


def active_member_clause(coalition_id: int) -> ColumnElement[bool]:
    return and_(
        CoalitionMembership.coalition_id == coalition_id, CoalitionMembership.is_active
    )


COALITION_PREDICATES = {
    name: value for name, value in dict(globals()).items() if name.startswith("can_")
}
