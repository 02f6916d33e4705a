"""The demo end to end: the README's commands, as subprocesses, on a copy of the folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1]
COODIE = [sys.executable, "-m", "coodie.cli"]


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_readme_walkthrough(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo, ignore=shutil.ignore_patterns(".data", "tests", "__pycache__"))
    seeded = _run(demo, sys.executable, "seed.py", "300")
    assert seeded.returncode == 0, seeded.stderr
    applied = _run(demo, *COODIE, "migrate", "--json")
    assert applied.returncode == 0, applied.stderr
    assert [m["id"] for m in json.loads(applied.stdout)["migrations"]] == [
        "20260102_001_price_in_cents",
        "20260103_001_products_by_category",
    ]
    status = json.loads(_run(demo, *COODIE, "migrate", "--status", "--json").stdout)
    assert [r["state"] for r in status] == ["applied"] * 3
    diff = _run(demo, *COODIE, "schema-diff")
    assert diff.returncode == 0, diff.stdout + diff.stderr
    back = _run(demo, *COODIE, "migrate", "--rollback", "--json")
    assert json.loads(back.stdout)["migrations"][0]["id"] == "20260103_001_products_by_category"
    assert _run(demo, *COODIE, "schema-diff").returncode == 1
