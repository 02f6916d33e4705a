"""The README's example runs as written, on the embedded engine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_example_runs_and_prints_the_compiled_query() -> None:
    code = re.search(r"```python\n(.*?)```", README.read_text(), re.S)
    assert code is not None, "the README has a python example"
    done = subprocess.run(
        [sys.executable, "-c", code.group(1)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "SELECT product_id, stars, text FROM shop.review" in done.stdout
    assert "stars=5" in done.stdout and "text='great'" in done.stdout
