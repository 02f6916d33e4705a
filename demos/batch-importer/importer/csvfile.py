"""Reading the CSV into validated orders (bad lines are reported, never dropped silently)."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from uuid import UUID

from pydantic import ValidationError

from importer.models import Order

COLUMNS = ["order_id", "customer", "placed_at", "item", "quantity", "price"]


@dataclass(frozen=True)
class Rejected:
    """A line that did not validate."""

    line: int
    reason: str


def read_orders(path: Path) -> Iterator[Order | Rejected]:
    """Each data line as an ``Order``, or ``Rejected`` with its line number and reason."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        for line, row in enumerate(reader, start=2):
            try:
                yield Order(**{k: row[k] for k in COLUMNS})
            except ValidationError as exc:
                first = exc.errors()[0]
                yield Rejected(line, f"{first['loc'][0]}: {first['msg']}")


def generate(path: Path, rows: int, *, bad_every: int = 0, seed: int = 1) -> int:
    """Write ``rows`` random orders (every ``bad_every``-th one invalid); returns ``rows``."""
    rng = random.Random(seed)
    customers = [f"customer-{n:03d}" for n in range(max(1, rows // 20))]
    items = ["lamp", "chair", "desk", "mug", "kettle", "rug", "shelf", "clock"]
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(rows):
            quantity: object = rng.randint(1, 5)
            if bad_every and n % bad_every == bad_every - 1:
                quantity = "many"
            placed = start + timedelta(minutes=rng.randint(0, 60 * 24 * 90))
            writer.writerow(
                [
                    UUID(int=rng.getrandbits(128), version=4),
                    rng.choice(customers),
                    placed.isoformat(),
                    rng.choice(items),
                    quantity,
                    f"{rng.uniform(3, 400):.2f}",
                ]
            )
    return rows
