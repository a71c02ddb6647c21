"""The JSON API under ``/api/v1``: one blueprint a resource stem
(``caseboard/api/<stem>.py``, its schemas in ``caseboard/api/schemas/``),
described by OpenAPI 3.1 at ``/api/v1/openapi.json`` (flask-smorest).

A resource reuses the pages' loaders, queries (scoped to the caller),
services (the same rules and audit trail) and permissions; adding one is a
schema module, a resource module and its stem in ``RESOURCES``."""

from __future__ import annotations

from importlib import import_module

from flask import Flask
from flask_smorest import Api

from caseboard.api import access
from caseboard.extensions import csrf, limiter

RESOURCES = (
    "accreditation",
    "cases",
    "contacts",
    "measures",
    "meetings",
    "network",
    "organizations",
    "people",
    "rounds",
    "tasks",
)
SPEC_OPTIONS = {
    "info": {
        "description": "Read and feed a Caseboard coalition's work. Every request "
        "sends a personal token (Authorization: Bearer …) made at Security; it "
        "acts as its user under every rule of the pages. Errors are RFC 9457 "
        "problem details; lists are paged with Link headers; updates need "
        "If-Match with the object's ETag."
    },
    "security": [{"bearer": []}],
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
}

api = Api()


def init_app(app: Flask) -> None:
    app.config.update(
        API_TITLE="Caseboard API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS=SPEC_OPTIONS,
    )
    api.init_app(app)
    access.install(app)
    from caseboard.api import guide

    app.register_blueprint(guide.bp)
    for stem in RESOURCES:
        blp = import_module(f"caseboard.api.{stem}").blp
        csrf.exempt(blp)
        limiter.limit(access.rate_limit, key_func=access.rate_limit_key, scope="api")(
            blp
        )
        api.register_blueprint(blp)
