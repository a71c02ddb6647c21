"""A user's notifications, as far as they may still see what each is about."""

from __future__ import annotations

from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, func, or_, select

from caseboard.extensions import db
from caseboard.models import (
    Case,
    Meeting,
    Membership,
    Notification,
    Organization,
    Person,
    Round,
    RoundStop,
    Task,
    User,
)
from caseboard.permissions import (
    visible_cases,
    visible_meetings,
    visible_tasks,
)
from caseboard.permissions_coalitions import case_viewers_clause
from caseboard.permissions_rounds import visible_rounds
from caseboard.queries.paging import paginate

PAGE_SIZE = 50


def _still_visible(user: User) -> ColumnElement[bool]:
    """Each object a notification names must still be visible to the reader:
    a case closed to their organization, a task on it or a meeting of a
    coalition they left drops out of the list and the count."""
    cases = visible_cases(user).with_only_columns(Case.id)
    tasks = visible_tasks(user).with_only_columns(Task.id)
    meetings = visible_meetings(user).with_only_columns(Meeting.id)
    stops = select(RoundStop.id).where(
        RoundStop.round_id.in_(visible_rounds(user).with_only_columns(Round.id))
    )
    return and_(
        or_(Notification.case_id.is_(None), Notification.case_id.in_(cases)),
        or_(Notification.task_id.is_(None), Notification.task_id.in_(tasks)),
        or_(Notification.meeting_id.is_(None), Notification.meeting_id.in_(meetings)),
        or_(Notification.stop_id.is_(None), Notification.stop_id.in_(stops)),
    )


def visible_notifications(user: User) -> Select[Notification]:
    return select(Notification).where(
        Notification.user_id == user.id, _still_visible(user)
    )


def notifications_page(user: User, page: int):
    query = visible_notifications(user).order_by(
        Notification.created_at.desc(), Notification.id.desc()
    )
    return paginate(query, page, PAGE_SIZE)


def unread_count(user: User) -> int:
    query = (
        select(func.count())
        .select_from(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            _still_visible(user),
        )
    )
    return db.session.scalar(query) or 0


def link_of(notification: Notification) -> tuple[str, dict[str, int]]:
    """The endpoint and arguments of the page a notification is about."""
    if notification.task_id is not None:
        return "tasks.show", {"task_id": notification.task_id}
    if notification.meeting_id is not None:
        return "meetings.show", {"meeting_id": notification.meeting_id}
    if notification.case_id is not None:
        return "cases.show", {"case_id": notification.case_id}
    if notification.stop_id is not None:
        return "rounds.stop", {"stop_id": notification.stop_id}
    if notification.person_id is not None:
        return "people.show", {"person_id": notification.person_id}
    return "notifications.index", {}


MENTION_LIMIT = 8


def mentionable(viewer: User, case: Case, text: str) -> list[tuple[str, str]]:
    """People ``viewer`` may mention on ``case`` whose name has ``text`` in
    it: active users who may see the case (a mention tells them, and tells
    nobody else what the case holds). Each as (full name, organization).
    One query: who may see the case is decided in SQL before the limit, so
    the list fills up however many of the first names are left out."""
    needle = text.strip()[:60]
    query = (
        select(Person.full_name, _organization_name())
        .join(User, User.person_id == Person.id)
        .where(User.id != viewer.id, case_viewers_clause(case))
        .order_by(Person.full_name, User.id)
        .limit(MENTION_LIMIT)
    )
    if needle:
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Person.full_name.ilike(f"%{escaped}%", escape="\\"))
    found = db.session.execute(query)
    return [(name, organization or "") for name, organization in found]


def _organization_name() -> ScalarSelect[str]:
    """The person's current organization (their open-ended position first,
    as ``Person.current_memberships`` orders them), or None."""
    return (
        select(Organization.name)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.person_id == Person.id, Membership.current_clause())
        .order_by(Membership.ended_on.is_(None).desc(), Membership.ended_on.desc())
        .order_by(Membership.id)
        .limit(1)
        .correlate(Person)
        .scalar_subquery()
    )
