"""``tests/unit`` mirrors ``src/coodie``: a module's tests are found by its path.

The tests of ``coodie/<package>/<module>.py`` live in ``tests/unit/<package>/`` (sub-packages
too: ``management/migrations``); the tests of a top-level module ``coodie/<module>.py`` in
``tests/unit/test_<module>.py``. The only other top-level files check the whole tree.
"""

from __future__ import annotations

from pathlib import Path

from .source_tree import SOURCE, source_packages

UNIT = Path(__file__).resolve().parent
WHOLE_TREE_CHECKS = {"test_layout.py", "test_doctests.py", "test_architecture_page.py"}


def folders_with_tests() -> set[Path]:
    """Every folder under ``tests/unit`` that holds tests."""
    return {p.parent.relative_to(UNIT) for p in UNIT.rglob("test_*.py")} - {Path(".")}


def test_every_package_has_a_test_folder() -> None:
    missing = sorted(str(p) for p in source_packages() if not (UNIT / p / "__init__.py").is_file())
    assert not missing, f"add a tests/unit/<package>/ folder (with __init__.py) for: {missing}"


def test_every_test_folder_is_a_package() -> None:
    stray = sorted(str(p) for p in folders_with_tests() - source_packages())
    assert not stray, f"tests/unit folders that match no package under src/coodie: {stray}"


def test_top_level_test_files_name_a_top_level_module() -> None:
    modules = {p.stem for p in SOURCE.glob("*.py")}
    files = {p.name for p in UNIT.glob("test_*.py")} - WHOLE_TREE_CHECKS
    stray = sorted(f for f in files if f.removeprefix("test_").removesuffix(".py") not in modules)
    assert not stray, f"move these into the folder of the package they test: {stray}"


def test_the_walks_see_nested_packages_and_folders() -> None:
    assert {Path("aio"), Path("management/migrations"), Path("sync")} <= source_packages()
    assert {Path("ast"), Path("cql"), Path("management/migrations")} <= folders_with_tests()
