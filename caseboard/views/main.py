from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from caseboard.extensions import db
from caseboard.models import Organization, Person, User
from caseboard.services.dashboard import recent_changes

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
        changes=recent_changes(current_user, limit=12),
    )


@bp.route("/healthz")
def healthz():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
