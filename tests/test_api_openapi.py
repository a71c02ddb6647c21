"""The OpenAPI description: 3.1, open without a token, every operation
documenting the problem answers it may give, and a documentation page that
runs no script (the CSP holds)."""

from __future__ import annotations

METHODS = {"get", "post", "patch", "put", "delete"}


def test_every_operation_documents_its_problems(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    operations = [
        (method, path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]
    assert len(operations) >= 20
    for method, path, operation in operations:
        answers = set(operation["responses"])
        assert {"400", "401", "403", "404", "422", "429"} <= answers, (method, path)
        problem = operation["responses"]["404"]["content"]
        assert "application/problem+json" in problem, (method, path)
        if method == "patch" or path.endswith("/stage"):
            assert {"412", "428"} <= answers, (method, path)
            names = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            assert "If-Match" in names, (method, path)


def test_the_documentation_page_lists_every_operation_without_script(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "<script" not in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "PATCH /api/v1/tasks/{task_id}/status" in page.text


def test_the_description_validates_as_openapi_3_1(client):
    """Checked by openapi-spec-validator, not by the library that wrote it;
    the same validator refuses a document broken on purpose."""
    from copy import deepcopy

    from openapi_spec_validator import OpenAPIV31SpecValidator

    spec = client.get("/api/v1/openapi.json").json
    errors = [error.message for error in OpenAPIV31SpecValidator(spec).iter_errors()]
    assert errors == []
    broken = deepcopy(spec)
    task = broken["paths"]["/api/v1/tasks/{task_id}"]["get"]
    task["responses"]["200"]["description"] = 200
    found = [error.message for error in OpenAPIV31SpecValidator(broken).iter_errors()]
    assert len(found) == 1 and 'is not of type "string"' in found[0]


def test_links_lead_to_operations_that_take_what_they_carry(client):
    """Each operation is named once; each link names an operation that
    exists and passes it parameters it has (a client, or schemathesis'
    stateful phase, follows them)."""
    spec = client.get("/api/v1/openapi.json").json
    operations = {}
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method in METHODS:
                assert operation["operationId"] not in operations, operation
                names = {p["name"] for p in item.get("parameters", [])}
                names |= {p["name"] for p in operation.get("parameters", [])}
                operations[operation["operationId"]] = names
    followed = set()
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for response in operation["responses"].values():
                for link in response.get("links", {}).values():
                    target = link["operationId"]
                    assert target in operations, link
                    for name in link["parameters"]:
                        assert name.rpartition(".")[2] in operations[target], link
                    followed.add((operation["operationId"], target))
    assert {
        ("createTask", "getTask"),
        ("createTask", "updateTask"),
        ("createCase", "getCase"),
        ("logContact", "getContact"),
    } <= followed
