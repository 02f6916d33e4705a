"""Fill the catalog with generated categories, products and reviews."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import uuid1

from demo_support import connect_async, disconnect_async, progress
from demo_support.fake import Fake

from catalog import DEMO_DIR, KEYSPACE
from catalog.models import MODELS, Category, Product, Review

CATEGORIES = {"audio": "Audio", "desk": "Desk & office", "kitchen": "Kitchen", "outdoor": "Outdoor"}
BRANDS = ["Lumen", "Acme", "Nordic", "Basalt", "Zephyr"]


async def seed(products: int = 60, *, quiet: bool = False) -> int:
    """Write the categories and ``products`` products with 0-5 reviews each; return rows written."""
    fake = Fake(2024)
    written = 0
    colours = ["violet", "pink", "teal", "amber"]
    for (slug, name), colour in zip(CATEGORIES.items(), colours, strict=True):
        await Category(slug=slug, name=name, colour=colour).save()
        written += 1
    with progress("Products and reviews", total=products, quiet=quiet) as advance:
        for _ in range(products):
            product = Product(
                id=fake.uuid(),
                name=fake.title(2),
                brand=fake.random.choice(BRANDS),
                category=fake.random.choice(list(CATEGORIES)),
                price=round(fake.random.uniform(3, 300), 2),
                stock=fake.random.randint(0, 80),
                tags=set(fake.words(fake.random.randint(0, 3))),
            )
            await product.save()
            written += 1
            when = fake.past(60)
            for n in range(fake.random.randint(0, 5)):
                await Review(
                    product_id=product.id,
                    created_at=when + timedelta(hours=n),
                    id=uuid1(),
                    author=fake.name(),
                    stars=fake.random.randint(1, 5),
                    text=fake.sentence(),
                ).save()
                written += 1
            advance()
    return written


async def main() -> None:
    """Connect with the demo's configuration, seed, close."""
    config = await connect_async(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    written = await seed()
    print(f"{written} rows written ({config.describe()})")
    await disconnect_async()


def run() -> None:
    """Entry point of ``seed.py``."""
    asyncio.run(main())
