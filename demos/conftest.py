"""pytest configuration of every demo: one shared database fixture, each demo importable.

Run every demo's tests from the repository root with ``python -m pytest demos``, or one demo's
from its folder with ``make test``. Each demo keeps its code in a package with a unique name
(``catalog``, ``blog``, ...) next to its ``tests/``; its folder is put on ``sys.path`` here.
"""

from __future__ import annotations

import sys
from pathlib import Path

DEMOS = Path(__file__).resolve().parent

for folder in sorted(DEMOS.iterdir()):
    if (folder / "seed.py").exists() and str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

if str(DEMOS) not in sys.path:  # the shared helper, also on the path of editable installs
    sys.path.insert(0, str(DEMOS))

pytest_plugins = ["demo_support.pytest_plugin"]
