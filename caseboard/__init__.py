"""Caseboard: shared cases, tasks, meetings and relationship networks for
coalitions that solve neighbourhood problems together."""

from __future__ import annotations

from typing import Any

from flask import Flask

from caseboard.config import PROJECT_ROOT, Config


def create_app(config: Any = None) -> Flask:
    config = config or Config()
    app = Flask(
        __name__,
        instance_path=config.INSTANCE_PATH,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(config)

    from caseboard import api, auth, errors, extensions, jobs, templating, web
    from caseboard.cli import register_commands
    from caseboard.network import freshness, snapshot_job, snapshots, tie_upkeep
    from caseboard.services import accreditation_renewals as renewals
    from caseboard.services import mail, periodic
    from caseboard.views import register_blueprints

    extensions.init_app(app)
    auth.init_app(app)
    jobs.init_app(
        app,
        {
            snapshots.JOB_NAME: snapshot_job.compute_snapshot,
            renewals.JOB_NAME: renewals.renewal_job,
            mail.JOB_NAME: mail.send_notification_mail,
        },
        {
            mail.JOB_NAME: {
                "retries": mail.MAX_ATTEMPTS - 1,
                "retry_delay": app.config["MAIL_RETRY_SECONDS"],
            }
        },
        {"notifications.periodic": (15, periodic.run_periodic)},
    )
    freshness.listen()
    tie_upkeep.listen()
    web.register_url_converters(app)
    web.register_request_hooks(app)
    register_blueprints(app)
    api.init_app(app)
    errors.register_error_handlers(app)
    templating.register_template_helpers(app)
    register_commands(app)
    return app
