"""Who may see and keep visit rounds and asks (see ``caseboard.permissions``
for the pattern: pure predicates, their SQL twins, exposed to Jinja).

A round is its coalition's: everyone working there sees it (another
coalition's viewer gets 404). Its officer and its team's staff log visits;
administrators, the coalition's coordinators and site coordinators working in
it set rounds up. An ask follows its case: whoever sees the case reads it,
whoever may edit the case moves it.
"""

from __future__ import annotations

from sqlalchemy import Select, false, select, true

import caseboard.permissions_coalitions as coalitions
from caseboard.models import Round, SiteRole, User
from caseboard.permissions import current_organization_ids, is_signed_in


def visible_rounds(user: User) -> Select[Round]:
    query = select(Round)
    if not is_signed_in(user):
        return query.where(false())
    if user.is_admin:
        return query.where(true())
    return query.where(Round.coalition_id.in_(coalitions.coalition_ids(user)))


def keeps_round(user: User, round_: Round) -> bool:
    """The round's officer, or staff of its team."""
    if round_.officer_id == user.id:
        return True
    return round_.team_id is not None and round_.team_id in current_organization_ids(
        user
    )


def can_log_visit(user: object, round_: Round) -> bool:
    """The officer and the team log visits; administrators too. Read-only
    users never."""
    if not is_signed_in(user) or user.role == SiteRole.READ_ONLY:
        return False
    return user.is_admin or keeps_round(user, round_)


def can_manage_rounds(user: object, coalition_id: int | None) -> bool:
    """Set up rounds and their stops: administrators, and site or coalition
    coordinators working in the coalition."""
    if not is_signed_in(user) or coalition_id is None:
        return False
    if user.is_admin:
        return True
    if coalition_id in coalitions.coordinated_coalition_ids(user):
        return True
    return user.role == SiteRole.COORDINATOR and coalition_id in (
        coalitions.coalition_ids(user)
    )


ROUND_PREDICATES = {
    name: value for name, value in dict(globals()).items() if name.startswith("can_")
}
