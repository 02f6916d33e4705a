"""The import rules between coodie's stages, read from the source with :mod:`ast`.

A query flows model → query → AST → compiler → executor → driver; each stage may import the
ones before it, never the ones after. Every import is checked, including those inside
functions and ``if TYPE_CHECKING:`` blocks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "coodie"

# package -> the coodie packages/modules it may import (besides itself).
ALLOWED: dict[str, frozenset[str]] = {
    "cql": frozenset({"exceptions"}),
    "ast": frozenset({"cql", "exceptions"}),
    "compiler": frozenset({"ast", "cql", "exceptions"}),
}
# package -> the coodie packages it must never import.
FORBIDDEN: dict[str, frozenset[str]] = {
    "query": frozenset(
        {"drivers", "embedded", "server", "wire", "sync", "aio", "management", "cli"}
    ),
    "model": frozenset({"drivers", "executor", "embedded", "server", "wire", "sync", "aio"}),
    "executor": frozenset({"embedded", "server", "wire", "sync", "aio", "cli"}),
    "drivers": frozenset({"query", "model", "sync", "aio", "server", "cli"}),
}
# The drivers package's facade may hand a driver to the connection registry; its adapters may not.
FACADE_EXCEPTIONS = {("drivers/__init__.py", "executor")}


def imported_packages(path: Path) -> set[str]:
    """The first component under ``coodie`` of every import in ``path`` (``"query"``, ...)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
            if node.module == "coodie":
                modules = [f"coodie.{alias.name}" for alias in node.names]
        else:
            assert not (isinstance(node, ast.ImportFrom) and node.level), f"{path}: relative import"
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "coodie" and len(parts) > 1:
                names.add(parts[1])
    return names


def _violations(package: str) -> list[str]:
    found = []
    for path in sorted((SRC / package).rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        for imported in imported_packages(path) - {package}:
            if (relative, imported) in FACADE_EXCEPTIONS:
                continue
            if package in ALLOWED and imported not in ALLOWED[package]:
                found.append(f"{relative} imports coodie.{imported}")
            if imported in FORBIDDEN.get(package, frozenset()):
                found.append(f"{relative} imports coodie.{imported}")
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED.keys() | FORBIDDEN.keys()))
def test_stage_imports_only_earlier_stages(package: str) -> None:
    assert (SRC / package).is_dir()
    assert _violations(package) == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from coodie.drivers.base import Driver\n"
        "def f():\n"
        "    import coodie.executor.runner\n"
        "from coodie import exceptions\n",
        encoding="utf-8",
    )
    assert imported_packages(module) == {"drivers", "executor", "exceptions"}
