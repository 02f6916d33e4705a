"""Register generated users; some collide on purpose (the LWTs refuse them)."""

from __future__ import annotations

import asyncio

from demo_support import connect_async, disconnect_async, progress
from demo_support.fake import Fake

from registry import DEMO_DIR, KEYSPACE, service
from registry.models import MODELS


async def seed(count: int = 30, *, quiet: bool = False) -> tuple[int, int]:
    """Try ``count`` registrations; returns (applied, refused)."""
    fake = Fake(5)
    applied = refused = 0
    with progress("Registrations", total=count, quiet=quiet) as advance:
        for _ in range(count):
            name = fake.username()[:30]
            outcome = await service.register(name, f"{name}@example.com", name.title())
            applied, refused = applied + outcome.applied, refused + (not outcome.applied)
            advance()
    return applied, refused


async def main() -> None:
    """Connect, seed, close."""
    config = await connect_async(KEYSPACE, MODELS, demo_dir=DEMO_DIR)
    applied, refused = await seed()
    print(f"{applied} users registered, {refused} refused as duplicates ({config.describe()})")
    await disconnect_async()


def run() -> None:
    """Entry point of ``seed.py``."""
    asyncio.run(main())
