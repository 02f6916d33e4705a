"""Write with cqlengine, read with coodie, and the other way round, on one CQL server.

cqlengine needs a real CQL server: with ``COODIE_HOSTS`` set this uses it (``coodie serve`` or a
cluster); otherwise it starts coodie's embedded engine behind the native protocol
(:func:`coodie.testing.embedded_server`) for the time of the script. Both libraries are
connected at once, as they would be in an application migrating one model at a time.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from demo_support.config import database_config
from rich.console import Console

from coodie import sync
from coodie.testing import embedded_server
from guide import DEMO_DIR, KEYSPACE, coodie_models, cqlengine_models

os.environ.setdefault("CQLENG_ALLOW_SCHEMA_MANAGEMENT", "1")
logging.getLogger("cassandra.cluster").setLevel(logging.ERROR)  # no load-balancing advice


@contextmanager
def cql_server() -> Iterator[tuple[list[str], int]]:
    """``(hosts, port)`` of ``COODIE_HOSTS``, or of an embedded server started for the block."""
    config = database_config(DEMO_DIR)
    if config.hosts:
        yield list(config.hosts), config.port
        return
    with embedded_server(path=str(config.path) if config.path else None) as server:
        yield [server.host], server.port


@contextmanager
def both_libraries(hosts: list[str], port: int) -> Iterator[None]:
    """cqlengine's connection and coodie's, to the same server; the schema made by cqlengine."""
    from cassandra.cqlengine import connection, management

    connection.setup(hosts, KEYSPACE, port=port, protocol_version=4)
    try:
        management.create_keyspace_simple(KEYSPACE, replication_factor=1)
        management.sync_table(cqlengine_models.Book)
        management.sync_table(cqlengine_models.Review)
        sync.init_coodie(hosts=hosts, port=port, driver_type="scylla")
        try:
            yield
        finally:
            sync.close()
    finally:
        connection.unregister_connection("default")


def write_with_cqlengine(isbn: str) -> None:
    """A book and two reviews, the cqlengine way."""
    cqlengine_models.Book.create(
        isbn=isbn,
        title="Designing Data-Intensive Applications",
        authors=["Martin Kleppmann"],
        tags={"databases", "distributed"},
        price=Decimal("39.99"),
        published=date(2017, 3, 16),
    )
    for stars, text in ((5, "the reference"), (4, "dense but worth it")):
        cqlengine_models.Review.create(
            isbn=isbn, id=uuid.uuid1(), reviewer="ada", stars=stars, text=text
        )


def read_with_coodie(isbn: str) -> tuple[coodie_models.Book, list[coodie_models.Review]]:
    """The same rows through coodie models."""
    book = coodie_models.Book.find(isbn=isbn).get()
    reviews = coodie_models.Review.find(isbn=isbn).all()
    return book, reviews


def write_with_coodie(isbn: str) -> None:
    """A book and a review, the coodie way."""
    coodie_models.Book(
        isbn=isbn,
        title="Database Internals",
        authors=["Alex Petrov"],
        tags={"databases", "storage"},
        price=Decimal("44.50"),
        published=date(2019, 10, 1),
    ).save()
    coodie_models.Review(
        isbn=isbn, id=uuid.uuid1(), reviewer="bea", stars=5, text="LSM trees, finally clear"
    ).save()


def read_with_cqlengine(isbn: str) -> tuple[cqlengine_models.Book, list[cqlengine_models.Review]]:
    """The same rows through cqlengine models."""
    book = cqlengine_models.Book.objects(isbn=isbn).get()
    reviews = list(cqlengine_models.Review.objects(isbn=isbn))
    return book, reviews


def main(console: Console | None = None) -> int:
    """The whole walkthrough; returns 0."""
    console = console or Console()
    with cql_server() as (hosts, port), both_libraries(hosts, port):
        console.print(f"[dim]CQL server at {hosts[0]}:{port}[/]")
        console.print(
            "[bold cyan]1. cqlengine created the tables; coodie finds nothing to change:[/]"
        )
        for model in (coodie_models.Book, coodie_models.Review):
            pending = model.sync_table(dry_run=True)
            console.print(f"   {model.__name__}: {len(pending)} statements pending")
        console.print("[bold cyan]2. written by cqlengine, read by coodie:[/]")
        write_with_cqlengine("978-1449373320")
        book, reviews = read_with_coodie("978-1449373320")
        console.print(f"   {book!r}")
        console.print(f"   {len(reviews)} reviews, newest first: {[r.stars for r in reviews]}")
        console.print("[bold cyan]3. written by coodie, read by cqlengine:[/]")
        write_with_coodie("978-1492040347")
        old_book, old_reviews = read_with_cqlengine("978-1492040347")
        console.print(f"   {old_book.title} by {', '.join(old_book.authors)}: {old_book.price}")
        console.print(f"   {len(old_reviews)} review: {old_reviews[0].text!r}")
    console.print("[green]Both libraries read each other's rows: migrate one model at a time.[/]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
