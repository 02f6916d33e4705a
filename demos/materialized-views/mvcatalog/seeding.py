"""Fill the base table; the view fills itself."""

from __future__ import annotations

from demo_support import connect, disconnect, progress
from demo_support.fake import Fake

from mvcatalog import CATEGORIES, DEMO_DIR, KEYSPACE
from mvcatalog.models import MODELS, Product


def seed(count: int = 60, *, quiet: bool = False) -> int:
    """Write ``count`` products to the base table; returns ``count``."""
    fake = Fake(21)
    with progress("Products", total=count, quiet=quiet) as advance:
        for _ in range(count):
            Product(
                id=fake.uuid(),
                category=fake.random.choice(CATEGORIES),
                name=fake.title(2),
                price=round(fake.random.uniform(2, 120), 2),
            ).save()
            advance()
    return count


def run() -> None:
    """Entry point of ``seed.py``."""
    config = connect(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    print(f"{seed()} products written ({config.describe()})")
    disconnect()
