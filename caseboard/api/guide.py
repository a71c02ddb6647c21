"""The API's documentation page, rendered on the server from the OpenAPI
document itself: no script, so the strict CSP holds and it reads without
JavaScript."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

bp = Blueprint("api_guide", __name__, url_prefix="/api/v1")

METHODS = ("get", "post", "put", "patch", "delete")


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Each operation of the document: method, path, summary, parameters,
    request body and answers, grouped by tag in path order."""
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                found.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "tag": (operation.get("tags") or ["API"])[0],
                        "summary": operation.get("summary", ""),
                        "description": operation.get("description", ""),
                        "parameters": [
                            *item.get("parameters", []),
                            *operation.get("parameters", []),
                        ],
                        "body": "requestBody" in operation,
                        "responses": sorted(operation.get("responses", {})),
                    }
                )
    return found


@bp.route("/docs")
def documentation():
    from caseboard.api import api

    spec = api.spec.to_dict()
    return render_template("api/docs.html", spec=spec, operations=operations(spec))
