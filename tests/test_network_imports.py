"""The network package, the job queue and the services import one another in
one direction only: the queue knows no job (the factory registers them), so
no import circle runs through network/, jobs.py or services/."""

import ast
from pathlib import Path

import networkx as nx

import caseboard
from caseboard.jobs import jobs_of
from caseboard.network.snapshots import JOB_NAME
from caseboard.services.accreditation_renewals import JOB_NAME as RENEWALS_JOB
from caseboard.services.mail import JOB_NAME as MAIL_JOB

PACKAGE = Path(caseboard.__file__).parent


def _module_name(path: Path) -> str:
    parts = ["caseboard", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(node: ast.ImportFrom, package: str) -> str:
    """The module a ``from … import`` names, relative ones resolved."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join([*parts, node.module] if node.module else parts)


def _imports() -> nx.DiGraph:
    """Every caseboard module → the caseboard modules it imports, at the top
    or inside a function alike."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, package)
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            else:
                continue
            for target in targets:
                if target in modules and target != name:
                    graph.add_edge(name, target)
    return graph


def _in_scope(module: str) -> bool:
    return module == "caseboard.jobs" or module.startswith(
        ("caseboard.network", "caseboard.services")
    )


def test_no_import_circle_runs_through_network_jobs_or_services():
    graph = _imports()
    assert graph.has_edge("caseboard.network.snapshots", "caseboard.jobs")
    circles = [
        sorted(group)
        for group in nx.strongly_connected_components(graph)
        if len(group) > 1 and any(_in_scope(module) for module in group)
    ]
    assert circles == []


def test_the_queue_imports_no_feature_and_the_factory_registers_the_job(app):
    assert not [
        module
        for module in _imports().successors("caseboard.jobs")
        if module.startswith(("caseboard.network", "caseboard.services"))
    ]
    assert list(jobs_of(app).tasks) == [
        JOB_NAME,
        RENEWALS_JOB,
        MAIL_JOB,
        "notifications.periodic",
    ]
