"""Seed a catalog of books with cqlengine (the "before" application)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from demo_support import progress
from demo_support.fake import Fake

from guide import cqlengine_models
from guide.roundtrip import both_libraries, cql_server


def seed(count: int = 50, *, quiet: bool = False) -> int:
    """Write ``count`` books with a review each through cqlengine; returns ``count``."""
    fake = Fake(31)
    with progress("Books (cqlengine)", total=count, quiet=quiet) as advance:
        for n in range(count):
            isbn = f"978-{n:010d}"
            cqlengine_models.Book.create(
                isbn=isbn,
                title=fake.title(3),
                authors=[fake.name()],
                tags=set(fake.words(2)),
                price=Decimal(f"{fake.random.uniform(5, 80):.2f}"),
            )
            cqlengine_models.Review.create(
                isbn=isbn, id=uuid.uuid1(), reviewer=fake.name(), stars=4
            )
            advance()
    return count


def run() -> None:
    """Entry point of ``seed.py``."""
    with cql_server() as (hosts, port), both_libraries(hosts, port):
        print(f"{seed()} books written with cqlengine")
