"""Who may do what with a coalition's accreditation scheme.

The coalition's people read the scheme, its establishments and their
history; administrators and the coalition's coordinators define the scheme
and enrol establishments; only a user of a standard's signing agency signs
it off (an administrator of another organization may not: a sign-off is
that agency's word). Work in progress may be recorded by the scheme's
managers, the signing agency and the establishment's own people. Another
coalition's people may not know the scheme exists (404, by the loaders).
"""

from __future__ import annotations

from sqlalchemy import Select, false, select, true

from caseboard.models import (
    AccreditationScheme,
    AccreditationStandard,
    Coalition,
    Establishment,
    SiteRole,
    User,
)
from caseboard.permissions import current_organization_ids, is_signed_in
from caseboard.permissions_coalitions import (
    can_manage_coalition,
    can_view_coalition,
    coalition_ids,
)


def _writer(user: object) -> bool:
    return is_signed_in(user) and user.role != SiteRole.READ_ONLY


def can_view_accreditation(user: object, coalition: Coalition) -> bool:
    return can_view_coalition(user, coalition)


def can_manage_accreditation(user: object, coalition: Coalition) -> bool:
    """Define the scheme and enrol establishments."""
    return can_manage_coalition(user, coalition)


def can_sign_off(user: object, standard: AccreditationStandard) -> bool:
    """Only a user working for the standard's signing agency."""
    if not _writer(user):
        return False
    assert isinstance(user, User)
    return standard.agency_id in current_organization_ids(user)


def can_record_progress(
    user: object, establishment: Establishment, standard: AccreditationStandard
) -> bool:
    """Mark a standard in progress: the scheme's managers, the signing
    agency and the establishment's own people."""
    if not _writer(user):
        return False
    assert isinstance(user, User)
    if can_manage_accreditation(user, establishment.scheme.coalition):
        return True
    mine = current_organization_ids(user)
    return bool({standard.agency_id, establishment.organization_id} & mine)


def _coalition_clause(user: User, column):
    if user.is_admin:
        return true()
    return column.in_(coalition_ids(user))


def visible_schemes(user: User) -> Select[AccreditationScheme]:
    query = select(AccreditationScheme)
    if not is_signed_in(user):
        return query.where(false())
    return query.where(_coalition_clause(user, AccreditationScheme.coalition_id))


def visible_establishments(user: User) -> Select[Establishment]:
    query = select(Establishment).join(Establishment.scheme)
    if not is_signed_in(user):
        return query.where(false())
    return query.where(_coalition_clause(user, AccreditationScheme.coalition_id))


def visible_standards(user: User) -> Select[AccreditationStandard]:
    query = select(AccreditationStandard).join(AccreditationStandard.scheme)
    if not is_signed_in(user):
        return query.where(false())
    return query.where(_coalition_clause(user, AccreditationScheme.coalition_id))


ACCREDITATION_PREDICATES = {
    name: value for name, value in dict(globals()).items() if name.startswith("can_")
}
