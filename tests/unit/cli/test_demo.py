"""``coodie demo``: each step shows the Python call beside the CQL it produced, then what next."""

from __future__ import annotations

import re
import subprocess
import sys

from coodie.cli.demo import NEXT_STEPS


def demo_output() -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from coodie.cli.demo import run_demo; run_demo(color=False)"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_step_pairs_a_python_call_with_its_cql() -> None:
    out = demo_output()
    steps = re.split(r"\n== ", out)[1:]
    assert len(steps) == 9 and steps[-1].startswith("Where to go next")
    for step in steps[:-1]:
        assert "   python  " in step, step
        assert "   cql     " in step, step
    assert "python  loaded.update(tags__add" in out
    assert "cql     UPDATE catalog.product SET tags = tags + ?, attributes = attributes + ?" in out
    assert "values  ({'sale'}, {'bulb': 'E27'}" in out
    assert (
        "INSERT INTO catalog.product (id, name, brand, price) VALUES (?, ?, ?, ?) IF NOT EXISTS"
        in out
    )
    assert "-> applied=False; the row that exists: 'Desk lamp'" in out
    assert "-> page sizes: [10, 10, 5]" in out and "views after +3 and +2 = 5" in out


def test_values_are_bound_never_in_the_cql_text() -> None:
    cql_lines = [line for line in demo_output().splitlines() if line.startswith("   cql ")]
    assert cql_lines
    for line in cql_lines:
        assert "Desk lamp" not in line and "Lumen" not in line and "'sale'" not in line


def test_it_ends_with_where_to_go_next() -> None:
    tail = demo_output().split("== Where to go next\n", 1)[1]
    for what, where in NEXT_STEPS:
        assert f"{what}:" in tail and where in tail
    assert "demos/README.md" in tail and "docs/getting-started.md" in tail
