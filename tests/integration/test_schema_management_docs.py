"""The example in docs/schema.md runs as written (on the embedded engine)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from coodie.testing import isolated_connections

pytestmark = pytest.mark.integration

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def test_the_schema_page_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    (example,) = python_blocks(DOC.read_text())
    namespace: dict[str, Any] = {"__name__": "docs_schema_example"}
    with isolated_connections():
        exec(compile(example, str(DOC), "exec", dont_inherit=True), namespace)
    printed = capsys.readouterr().out
    assert "CREATE TABLE IF NOT EXISTS docs_shop.orders" in printed
    assert "clustering order of number" in printed
