"""Run the Python examples of the documentation (``docs/*.md``) so they cannot rot.

Conventions (also described in ``docs/index.md``, "About the examples"):

* Every page ``docs/*.md`` has at least one runnable example and is listed in the
  ``mkdocs.yml`` navigation.
* Every fenced block opened with exactly ```` ```python ```` is runnable. A block
  is skipped only when the last non-blank line before its fence is the HTML
  comment ``<!-- no-run -->`` (used for snippets that need a real cluster, show a
  failure on purpose, or are fragments).
* The blocks of one page run in order, in one fresh module namespace, so a later
  block may use the models and variables of an earlier one, exactly as a reader
  pasting them one after the other into a script would.
* Each page starts with no connection registered (connections made by other tests
  are hidden, then restored), and every connection the page opened is closed after
  it, so each page runs on its own fresh embedded engine. Pages call
  ``init_coodie(driver_type="embedded", ...)`` and ``create_keyspace(...)``
  themselves, each with its own keyspace.
* Async examples are plain scripts: they define ``async def main()`` and end with
  ``asyncio.run(main())``, which works here because the test itself is synchronous.
* Examples state what they show with ``assert``; a failing assert, an exception
  or a page whose block cannot be parsed fails the test for that page.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from coodie.testing import isolated_connections

DOCS = Path(__file__).resolve().parent.parent / "docs"
NO_RUN = "<!-- no-run -->"
_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)$")


def extract_blocks(text: str) -> list[tuple[int, str, bool]]:
    """``(line number, source, runnable)`` for every ```` ```python ```` block of ``text``."""
    lines = text.splitlines()
    blocks: list[tuple[int, str, bool]] = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        indent, info = match["indent"], match["info"].strip()
        start = i
        i += 1
        body: list[str] = []
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        i += 1
        if info != "python":
            continue
        previous = next((ln.strip() for ln in reversed(lines[:start]) if ln.strip()), "")
        blocks.append((start + 1, "\n".join(body) + "\n", previous != NO_RUN))
    return blocks


def test_extract_blocks_honours_no_run_and_other_languages() -> None:
    text = "\n".join(
        [
            "```python",
            "a = 1",
            "```",
            "<!-- no-run -->",
            "",
            "```python",
            "raise SystemExit",
            "```",
            "```bash",
            "echo no",
            "```",
        ]
    )
    blocks = extract_blocks(text)
    assert [(line, runnable) for line, _, runnable in blocks] == [(1, True), (6, False)]
    assert blocks[0][1] == "a = 1\n"


PAGES = sorted(DOCS.glob("*.md"))


def test_every_page_is_in_the_site_navigation() -> None:
    nav = (DOCS.parent / "mkdocs.yml").read_text()
    missing = [p.name for p in PAGES if f" {p.name}\n" not in nav]
    assert not missing, f"pages missing from mkdocs.yml nav: {missing}"


@pytest.fixture
def page_connections() -> Iterator[None]:
    """Hide the connections registered so far; close the page's own ones afterwards."""
    with isolated_connections():
        yield


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
@pytest.mark.usefixtures("page_connections")
def test_page_examples_run(page: Path) -> None:
    blocks = [(line, src) for line, src, runnable in extract_blocks(page.read_text()) if runnable]
    assert blocks, f"{page.name} has no runnable example"
    module_name = f"docs_example_{page.stem.replace('-', '_')}"
    module = types.ModuleType(module_name)
    module.__file__ = str(page)
    sys.modules[module_name] = module
    try:
        for line, source in blocks:
            # Pad with blank lines so tracebacks point at the line in the .md file.
            code = compile("\n" * line + source, str(page), "exec")
            exec(code, module.__dict__)
    finally:
        sys.modules.pop(module_name, None)
