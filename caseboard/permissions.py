"""Who may see and change what, in one place.

Each ``can_*`` predicate is pure (user and object in, bool out); its raising twin
``require`` turns a refusal into 403. Loaders in ``caseboard.loaders`` answer 404 first
for what the viewer may not know exists. Templates call the same predicates (registered
as Jinja globals), so a hidden button and a refused request never disagree.

Organizations and people are shared coalition-wide, but a person's contact details
(phone, email, address) show only to their colleagues, coordinators of cases someone
else gave them a role on, and administrators. A position opens its organization's
restricted cases and notes: only site and organization administrators change who
belongs. Notes may be restricted to named organizations; cases may be seen by the case's
coalition, by the organizations holding a role on them, or by named organizations only.
"""

from __future__ import annotations

from typing import TypeGuard, cast

from flask import abort
from sqlalchemy import Select, and_, exists, false, not_, or_, select, true
from sqlalchemy.orm import aliased, object_session

import caseboard.permissions_coalitions as coalitions
from caseboard.models import (
    Case,
    CaseAccess,
    CaseRole,
    CaseVisibility,
    Meeting,
    Membership,
    Note,
    NoteOrganization,
    Organization,
    Person,
    RoleKind,
    SiteRole,
    Task,
    User,
)

EDITOR_ROLES = frozenset({SiteRole.ADMIN, SiteRole.COORDINATOR})
# Visibility's own CaseRole alias (callers may join CaseRole), made once.
_VISIBLE_ROLE = aliased(CaseRole, name="visible_role")


def is_signed_in(user: object) -> TypeGuard[User]:
    return isinstance(user, User) and user.is_authenticated and user.active


def current_organization_ids(user: User) -> set[int]:
    return {m.organization_id for m in user.person.current_memberships}


def administered_organization_ids(user: User) -> set[int]:
    mine = user.person.current_memberships
    return {m.organization_id for m in mine if m.is_administrator}


def can_manage_any_members(user: object) -> TypeGuard[User]:
    if not is_signed_in(user) or user.role == SiteRole.READ_ONLY:
        return False
    return user.is_admin or bool(administered_organization_ids(user))


def can_manage_members(user: object, organization: Organization) -> bool:
    """Add people, end positions, name administrators: site administrators and
    the organization's own, not coordinators (a position opens its notes)."""
    if not can_manage_any_members(user):
        return False
    return user.is_admin or organization.id in administered_organization_ids(user)


def require_can_manage_members(user: object, organization: Organization) -> None:
    require(can_manage_members(user, organization))


def can_end_membership(user: object, membership: Membership) -> bool:
    """Whoever manages its organization's members, and its holder (leaving
    a position only narrows what they see), unless read-only."""
    own = is_signed_in(user) and membership.person_id == user.person_id
    writes = own and cast(User, user).role != SiteRole.READ_ONLY  # own: a User
    return writes or can_manage_members(user, membership.organization)


def can_manage_users(user: object) -> bool:
    return is_signed_in(user) and user.is_admin


def can_create_organization(user: object) -> bool:
    return is_signed_in(user) and user.role in EDITOR_ROLES


def can_edit_organization(user: object, organization: Organization) -> bool:
    """Administrators and coordinators edit any organization; staff their own."""
    if not is_signed_in(user):
        return False
    if user.role in EDITOR_ROLES:
        return True
    return user.role == SiteRole.MEMBER and organization.id in current_organization_ids(
        user
    )


def can_create_person(user: object) -> bool:
    return is_signed_in(user) and user.role != SiteRole.READ_ONLY


def can_edit_person(user: object, person: Person) -> bool:
    """Editors edit anyone; a member edits themself and colleagues of their
    current organizations (they know when someone changes jobs)."""
    if not is_signed_in(user):
        return False
    if user.role in EDITOR_ROLES:
        return True
    if user.role == SiteRole.READ_ONLY:
        return False
    if person.id == user.person_id:
        return True
    mine = current_organization_ids(user)
    return any(m.organization_id in mine for m in person.current_memberships)


def case_participants(case: Case, editing: bool = False) -> tuple[set[int], set[int]]:
    """Organization ids and person ids holding an active role on the case
    (with ``editing``, only the roles that may change it: not observers)."""
    organizations, people = set(), set()
    for role in case.active_roles:
        if editing and role.role == RoleKind.OBSERVER:
            continue
        if role.organization_id is not None:
            organizations.add(role.organization_id)
        if role.person_id is not None:
            people.add(role.person_id)
    return organizations, people


def is_on_case(user: object, case: Case, editing: bool = False) -> bool:
    """The user holds a role on the case, or belongs to an organization that
    does; with ``editing``, observers' roles do not count."""
    if not is_signed_in(user):
        return False
    organizations, people = case_participants(case, editing=editing)
    if user.person_id in people:
        return True
    return bool(organizations & current_organization_ids(user))


def can_view_case(user: object, case: Case) -> bool:
    """Administrators and the coordinator always; then those working in its
    coalition, narrowed by visibility: all, role holders, named organizations."""
    if not is_signed_in(user):
        return False
    if user.is_admin or case.coordinator_id == user.id:
        return True
    if not coalitions.works_in_case_coalition(user, case):
        return False
    if case.visibility == CaseVisibility.COALITION:
        return True
    if case.visibility == CaseVisibility.RESTRICTED:
        named = {access.organization_id for access in case.access}
        return bool(named & current_organization_ids(user))
    return is_on_case(user, case)


def can_create_case(user: object) -> bool:
    return is_signed_in(user) and user.role in EDITOR_ROLES


def can_edit_case(user: object, case: Case) -> bool:
    """The case's coordinator, its role holders' users, and administrators."""
    if not is_signed_in(user) or user.role == SiteRole.READ_ONLY:
        return False
    if user.is_admin or case.coordinator_id == user.id:
        return True
    # A role holder outside the named organizations of a restricted case
    # may not even see it.
    return can_view_case(user, case) and is_on_case(user, case, editing=True)


def can_work_on_task(user: object, task: Task) -> bool:
    """Change status or comment: whoever edits the case, plus the task's own
    assignee and the staff of its responsible organization."""
    if not is_signed_in(user) or user.role == SiteRole.READ_ONLY:
        return False
    if can_edit_case(user, task.case):
        return True
    if task.assignee_id is not None and task.assignee_id == user.person_id:
        return True
    return task.organization_id in current_organization_ids(user)


def can_schedule_meeting(user: object, case: Case | None = None) -> bool:
    """Coalition meetings: coordinators; a case's meetings: whoever edits it."""
    if case is not None:
        return can_edit_case(user, case)
    return is_signed_in(user) and user.role in EDITOR_ROLES


def can_run_meeting(user: object, meeting: Meeting) -> bool:
    """Run it, edit its agenda and minutes: whoever could schedule it now
    (an organizer whose role on the case ended no longer runs its meetings)."""
    if not is_signed_in(user) or user.role == SiteRole.READ_ONLY:
        return False
    ours = coalitions.reaches_meeting(user, meeting)
    return ours and can_schedule_meeting(user, meeting.case)


def can_plan_handover(user: object) -> bool:
    """Turn a what-if into handover tasks (each lands only on cases the user
    may edit): anyone but read-only users."""
    return is_signed_in(user) and user.role != SiteRole.READ_ONLY


def can_log_contact(user: object) -> bool:
    """Anyone who works with partners logs contacts; read-only users do not."""
    return is_signed_in(user) and user.role != SiteRole.READ_ONLY


def can_import(user: object) -> bool:
    """Importing spreadsheets writes many records at once: editors only."""
    return is_signed_in(user) and user.role in EDITOR_ROLES


def can_manage_problem_types(user: object) -> bool:
    return can_manage_users(user)


def can_see_contact_details(user: object, person: Person) -> bool:
    """Phone, email and address: the person, their current colleagues,
    administrators, and the coordinator of a case the person holds a role on
    given by someone else (anyone who edits a case can add a person to it: a
    role one gave oneself proves no working relationship)."""
    if not is_signed_in(user):
        return False
    if user.is_admin or user.person_id == person.id:
        return True
    mine = current_organization_ids(user)
    if any(m.organization_id in mine for m in person.current_memberships):
        return True
    session = object_session(person)
    found = select(Person.id).where(Person.id == person.id, _on_a_case_of(user))
    return session is not None and session.scalar(found) is not None


def _on_a_case_of(user: User):
    """``Person`` holds a current role on a case the user coordinates, given
    by someone else (no granter: the system, e.g. a command-line import)."""
    return (
        select(CaseRole.id)
        .join(Case, Case.id == CaseRole.case_id)
        .where(
            CaseRole.person_id == Person.id,
            CaseRole.current_clause(),
            Case.coordinator_id == user.id,
            or_(CaseRole.granted_by_id.is_(None), CaseRole.granted_by_id != user.id),
        )
        .correlate(Person)
        .exists()
    )


def contact_details_visible(user: User):
    """``can_see_contact_details`` in SQL, for a query over ``Person``."""
    if not is_signed_in(user):
        return false()
    if user.is_admin:
        return true()
    colleague = (
        select(Membership.id)
        .where(
            Membership.person_id == Person.id,
            Membership.current_clause(),
            Membership.organization_id.in_(current_organization_ids(user)),
        )
        .correlate(Person)
        .exists()
    )
    return or_(Person.id == user.person_id, colleague, _on_a_case_of(user))


def can_see_note(user: object, note: Note) -> bool:
    """Unrestricted notes: whoever sees the subject (checked by its loader);
    restricted ones: staff of the named organizations, and administrators."""
    if not is_signed_in(user):
        return False
    if user.is_admin or not note.restricted_to:
        return True
    named = {organization.id for organization in note.restricted_to}
    return bool(named & current_organization_ids(user))


def can_add_note(user: object) -> bool:
    """On a subject the user may see (its loader checks that)."""
    return is_signed_in(user) and user.role != SiteRole.READ_ONLY


def can_delete_note(user: object, note: Note) -> bool:
    if not is_signed_in(user) or not can_see_note(user, note):
        return False
    return user.is_admin or note.author_id == user.id


def require(allowed: bool) -> None:
    """The raising twin of every predicate: 403 when ``allowed`` is false."""
    if not allowed:
        abort(403)


def visible_organizations(user: User) -> Select[Organization]:
    return select(Organization)


def visible_people(user: User) -> Select[Person]:
    return select(Person)


def visible_cases(user: User) -> Select[Case]:
    """Cases the viewer may know exist (the SQL twin of ``can_view_case``)."""
    return select(Case).where(_case_visibility_clause(user))


def _case_visibility_clause(user: User):
    if not is_signed_in(user):
        return false()
    if user.is_admin:
        return true()
    organizations = current_organization_ids(user)
    role = _VISIBLE_ROLE
    holds_role = (
        select(role.id)
        .where(role.case_id == Case.id, role.is_current)
        .where(
            or_(
                role.person_id == user.person_id,
                role.organization_id.in_(organizations),
            )
        )
        .correlate(Case)
        .exists()
    )
    named = (
        select(CaseAccess.case_id)
        .where(
            CaseAccess.case_id == Case.id,
            CaseAccess.organization_id.in_(organizations),
        )
        .correlate(Case)
        .exists()
    )
    narrowed = or_(
        Case.visibility == CaseVisibility.COALITION,
        and_(Case.visibility == CaseVisibility.PARTICIPANTS, holds_role),
        and_(Case.visibility == CaseVisibility.RESTRICTED, named),
    )
    mine = and_(coalitions.case_coalition_clause(user), narrowed)
    return or_(Case.coordinator_id == user.id, mine)


def visible_tasks(user: User) -> Select[Task]:
    return select(Task).join(Task.case).where(_case_visibility_clause(user))


def visible_meetings(user: User) -> Select[Meeting]:
    """The viewer's coalitions' meetings, and (correlated) those of cases they see."""
    seen = exists().where(Case.id == Meeting.case_id, _case_visibility_clause(user))
    own = and_(Meeting.case_id.is_(None), coalitions.meeting_coalition_clause(user))
    return select(Meeting).where(or_(own, seen))


def visible_notes(user: User, subject_type: str, subject_id: int) -> Select[Note]:
    """The notes on one subject the viewer may read (the SQL twin of
    ``can_see_note``); the subject's own visibility is its loader's job."""
    query = select(Note).where(
        Note.subject_type == subject_type, Note.subject_id == subject_id
    )
    if not is_signed_in(user):
        return query.where(false())
    if user.is_admin:
        return query
    restricted = (
        select(NoteOrganization.note_id)
        .where(NoteOrganization.note_id == Note.id)
        .correlate(Note)
    )
    allowed = restricted.where(
        NoteOrganization.organization_id.in_(current_organization_ids(user))
    )
    return query.where(or_(not_(restricted.exists()), allowed.exists()))


def visible_users(user: User) -> Select[User]:
    if not can_manage_users(user):
        return select(User).where(User.id == user.id)
    return select(User)


TEMPLATE_PREDICATES = coalitions.COALITION_PREDICATES | {
    name: value for name, value in dict(globals()).items() if name.startswith("can_")
}
