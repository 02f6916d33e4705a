"""Generate a day of synthetic traffic, hour by hour."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

from demo_support import connect_async, disconnect_async, progress

from pageviews import DEMO_DIR, KEYSPACE
from pageviews.models import MODELS
from pageviews.tracking import PAGES, hit, like, this_hour


async def seed(hours: int = 24, *, quiet: bool = False) -> int:
    """Write ``hours`` hours of views for every page plus some likes; returns total views."""
    rng = random.Random(3)
    now = this_hour()
    total = 0
    with progress("Hours of traffic", total=hours, quiet=quiet) as advance:
        for h in range(hours):
            for rank, page in enumerate(PAGES):
                views = rng.randint(0, 40 // (rank + 1) + 5)
                if views:
                    await hit(page, views, hour=now - timedelta(hours=h))
                    total += views
            advance()
    for page in PAGES[:3]:
        await like(page, rng.randint(1, 9))
    return total


async def main() -> None:
    """Connect, seed, close."""
    config = await connect_async(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    print(f"{await seed()} views counted ({config.describe()})")
    await disconnect_async()


def run() -> None:
    """Entry point of ``seed.py``."""
    asyncio.run(main())
