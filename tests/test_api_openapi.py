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
