"""docs/architecture.md lists every module under src/coodie, and only modules that exist."""

from __future__ import annotations

import re
from pathlib import Path

from .source_tree import source_modules

PAGE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def modules_on_page() -> list[str]:
    text = PAGE.read_text()
    section = text.split("\n## Every module\n", 1)[1]
    return re.findall(r"^- `(coodie(?:\.\w+)*)`: \S", section, flags=re.MULTILINE)


def test_every_module_is_listed_once() -> None:
    listed = modules_on_page()
    missing = sorted(source_modules() - set(listed))
    assert not missing, f"add these modules to docs/architecture.md (## Every module): {missing}"
    assert len(listed) == len(set(listed)), "a module is listed twice"


def test_no_listed_module_is_gone() -> None:
    gone = sorted(set(modules_on_page()) - source_modules())
    assert not gone, f"docs/architecture.md lists modules that no longer exist: {gone}"


def test_the_source_walk_sees_packages_and_modules() -> None:
    found = source_modules()
    assert {"coodie", "coodie.embedded", "coodie.embedded.lexer", "coodie.cli.__main__"} <= found
