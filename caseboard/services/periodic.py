"""The worker's periodic work, every quarter of an hour: the day's due and
overdue reminders, accreditation renewals turned into tasks (which notify
the signing agency and the manager), and from 07:00 on the coalition's clock
(``DIGEST_HOUR``) the daily digests. All are idempotent (a reminder's
``once_key``, a renewal's task row, a digest's claim), so running often — or
on two workers — sends nothing twice."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from caseboard.clock import coalition_zone
from caseboard.extensions import db
from caseboard.services.accreditation_renewals import create_renewal_tasks
from caseboard.services.digests import send_digests
from caseboard.services.notification_reminders import send_reminders

DIGEST_HOUR = 7


def run_periodic() -> None:
    now = datetime.now(coalition_zone())
    reminded = send_reminders(now.date())
    # Not the accredited-venues measure: adding a measure to a case is the
    # analyst's choice (``caseboard accreditation measure``).
    create_renewal_tasks()
    db.session.commit()
    if now.hour < DIGEST_HOUR:
        current_app.logger.info("periodic: %d reminder(s)", reminded)
        return
    run = send_digests(now.date())
    current_app.logger.info(
        "periodic: %d reminder(s); digests %d sent, %d empty, %d failed",
        reminded,
        run.sent,
        run.skipped,
        run.failed,
    )
