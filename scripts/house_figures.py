"""The house figures of issue 11: long views, commits in views, big modules,
and cycles in the import graph of ``caseboard/``.

    python scripts/house_figures.py          # prints the figures
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "caseboard"
DATA_MODULE = re.compile(r"_data\.py$")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """Modules of the package that ``path`` imports at run time (imports
    under ``if TYPE_CHECKING:`` are for the type checker only)."""
    tree = ast.parse(path.read_text())
    skipped = {
        id(inner)
        for node in ast.walk(tree)
        if _type_checking_block(node)
        for inner in ast.walk(node)
    }
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != here:
                found.add(name)
    return found


def import_graph() -> nx.DiGraph:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(files)
    for name, path in files.items():
        for target in imported_modules(path, set(files)):
            # A package importing its own submodules is how packages are
            # assembled, not a dependency of the submodule on the package.
            if not target.startswith(name + "."):
                graph.add_edge(name, target)
    return graph


def import_cycles() -> list[list[str]]:
    graph = import_graph()
    return [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]


def view_lengths() -> dict[str, int]:
    """Lines of every routed view function (its body and signature, not
    its decorators)."""
    lengths = {}
    for path in (PACKAGE / "views").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(
                "route" in ast.unparse(d) for d in node.decorator_list
            ):
                name = f"{path.relative_to(PACKAGE)}:{node.name}"
                lengths[name] = node.end_lineno - node.lineno + 1  # type: ignore[operator]
    return lengths


def transaction_calls_in_views() -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in (PACKAGE / "views").rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.(commit|rollback)\(\)", line)
    ]


def big_modules(limit: int = 400) -> dict[str, int]:
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text().splitlines())
        for p in PACKAGE.rglob("*.py")
        if not DATA_MODULE.search(p.name)
    }
    return {name: n for name, n in sorted(sizes.items()) if n > limit}


def main() -> int:
    lengths = view_lengths()
    print(f"views: {len(lengths)}")
    print(f"views over 30 lines: {sum(n > 30 for n in lengths.values())}")
    print(f"views over 25 lines: {sum(n > 25 for n in lengths.values())}")
    for name, n in sorted(lengths.items(), key=lambda item: -item[1])[:5]:
        print(f"  {name} {n}")
    calls = transaction_calls_in_views()
    print(f"commit()/rollback() in views: {len(calls)}")
    print(f"modules over 400 lines: {big_modules()}")
    cycles = import_cycles()
    print(f"import cycles: {len(cycles)}")
    for cycle in cycles:
        print("  " + " <-> ".join(cycle))
    return 0


if __name__ == "__main__":
    sys.exit(main())
