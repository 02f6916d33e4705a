"""Write the generated catalog with its embeddings, showing progress."""

from __future__ import annotations

import asyncio

from demo_support import connect_async, disconnect_async, progress

from vsearch import DEMO_DIR, KEYSPACE
from vsearch.catalog import generate
from vsearch.models import MODELS


async def seed(count: int = 180, *, quiet: bool = False) -> int:
    """Save ``count`` generated products (embeddings computed here, offline); returns how many."""
    products = generate(count)
    with progress("Products", total=len(products), quiet=quiet) as advance:
        for product in products:
            await product.save()
            advance()
    return len(products)


async def main() -> None:
    """Connect, seed, close."""
    config = await connect_async(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    print(f"{await seed()} products with embeddings written ({config.describe()})")
    await disconnect_async()


def run() -> None:
    """Entry point of ``seed.py``."""
    asyncio.run(main())
