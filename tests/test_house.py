"""The shape of the house (issue 11), kept by the suite: a view that grows
past 30 lines, commits by itself, a module past 400 lines or an import
cycle fails here, not in a reviewer's reading. The figures come from
``scripts/house_figures.py``, which prints them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "house_figures.py"
spec = importlib.util.spec_from_file_location("house_figures", SCRIPT)
assert spec and spec.loader
house = importlib.util.module_from_spec(spec)
spec.loader.exec_module(house)


def test_no_view_is_longer_than_thirty_lines():
    long = {name: n for name, n in house.view_lengths().items() if n > 30}
    assert long == {}


def test_views_never_commit_or_roll_back_themselves():
    assert house.transaction_calls_in_views() == []


def test_no_module_is_longer_than_four_hundred_lines():
    assert house.big_modules(400) == {}


def test_the_import_graph_has_no_cycles():
    assert house.import_cycles() == []


def test_the_cycle_finder_sees_a_cycle(tmp_path, monkeypatch):
    """The check above could pass by finding nothing at all: two modules
    importing each other must be reported."""
    package = tmp_path / "caseboard"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from caseboard import b\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from caseboard import c\n"
        "def f():\n    from caseboard.a import x\n"
    )
    (package / "c.py").write_text("import caseboard.b\n")
    monkeypatch.setattr(house, "PACKAGE", package)
    assert house.import_cycles() == [["caseboard.a", "caseboard.b"]]
