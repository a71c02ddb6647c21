from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from caseboard.extensions import db
from caseboard.models import Organization, Person, User
from caseboard.network.stored import stored_metrics
from caseboard.queries import dashboard as dashboard_queries
from caseboard.queries.dashboard import recent_changes
from caseboard.queries.meetings import follow_through_table, upcoming_meetings
from caseboard.unit_of_work import abandon_request

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def dashboard():
    counts = {
        "organizations": db.session.scalar(select(func.count(Organization.id))),
        "people": db.session.scalar(select(func.count(Person.id))),
        "users": db.session.scalar(
            select(func.count(User.id)).where(User.active.is_(True))
        ),
    }
    return render_template(
        "main/dashboard.html",
        counts=counts,
        changes=recent_changes(current_user, limit=8),
        my_tasks=dashboard_queries.my_tasks_due_soon(current_user),
        by_stage=dashboard_queries.cases_by_stage(current_user),
        overdue_by_organization=dashboard_queries.overdue_by_organization(current_user),
        activity=dashboard_queries.recent_case_activity(current_user),
        next_meetings=upcoming_meetings(current_user, limit=3),
        follow_through=follow_through_table(current_user),
        brokers=stored_metrics(current_user, top=5),
    )


@bp.route("/ping")
@login_required
def ping():
    """The floor for the load benchmark (``python -m bench run``): a signed-in
    page that does one indexed query (the user's person, by primary key) on
    top of loading the user, as every page does."""
    return {"user": current_user.name}


@bp.route("/healthz")
def healthz():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        abandon_request()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
