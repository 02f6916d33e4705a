"""Generate ``data/orders.csv`` and import it with logged batches."""

from __future__ import annotations

import sys

from importer import DEMO_DIR
from importer.cli import main

CSV = DEMO_DIR / "data" / "orders.csv"


def run() -> None:
    """Entry point of ``seed.py``."""
    main(["generate", str(CSV), "--rows", "2000"])
    sys.exit(main(["import", str(CSV), "--batch", "logged", "--size", "25"]))
