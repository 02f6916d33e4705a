"""Fill the products table created by the first migration with generated products.

It first runs ``coodie migrate --target 20260101_001 --create-keyspace`` (only the first
migration), so the later ones have rows to migrate.
"""

from __future__ import annotations

import os
import random
import sys

import coodie.sync
from coodie.cli import main as coodie_cli

CATEGORIES = ("books", "games", "garden", "kitchen", "music")


def main(count: int = 2000) -> None:
    """Apply the first migration, then insert ``count`` products (bound values)."""
    if coodie_cli(["migrate", "--target", "20260101_001", "--create-keyspace"]) != 0:
        raise SystemExit("the first migration failed")
    hosts = os.environ.get("COODIE_HOSTS")
    if hosts:
        coodie.sync.init_coodie(hosts=hosts.split(","), driver_type="scylla")
    else:
        coodie.sync.init_coodie(driver_type="embedded", path=".data")
    rng = random.Random(7)
    try:
        for i in range(count):
            coodie.sync.execute_raw(
                "INSERT INTO shop_migrations.products (id, name, category, price) "
                "VALUES (?, ?, ?, ?)",
                [i, f"product {i}", rng.choice(CATEGORIES), f"{rng.randint(100, 9999) / 100:.2f}"],
            )
    finally:
        coodie.sync.shutdown()
    print(f"seeded {count} products")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
