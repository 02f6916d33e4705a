"""migration-guide: cqlengine and coodie read each other's rows on a real CQL server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from demo_support import DatabaseConfig
from guide import coodie_models, cqlengine_models
from guide.roundtrip import (
    both_libraries,
    cql_server,
    main,
    read_with_coodie,
    read_with_cqlengine,
    write_with_coodie,
    write_with_cqlengine,
)
from guide.seeding import seed
from rich.console import Console


@pytest.fixture
def libraries(demo_database: DatabaseConfig) -> Iterator[None]:
    with cql_server() as (hosts, port), both_libraries(hosts, port):
        yield


def test_same_schema(libraries: None) -> None:
    for model in (coodie_models.Book, coodie_models.Review):
        assert model.sync_table(dry_run=True) == ()


def test_cqlengine_to_coodie(libraries: None) -> None:
    write_with_cqlengine("isbn-1")
    book, reviews = read_with_coodie("isbn-1")
    assert book.authors == ["Martin Kleppmann"] and book.tags == {"databases", "distributed"}
    assert book.price == Decimal("39.99") and book.published == date(2017, 3, 16)
    assert book.in_print is True
    assert [r.stars for r in reviews] == [4, 5]  # TimeUUID clustering DESC: newest first
    assert all(isinstance(r.id, uuid.UUID) and r.id.version == 1 for r in reviews)


def test_coodie_to_cqlengine(libraries: None) -> None:
    write_with_coodie("isbn-2")
    book, reviews = read_with_cqlengine("isbn-2")
    assert book.title == "Database Internals" and book.authors == ["Alex Petrov"]
    assert book.tags == {"databases", "storage"} and book.price == Decimal("44.50")
    assert [r.text for r in reviews] == ["LSM trees, finally clear"]
    assert cqlengine_models.Book.objects.count() == 1


def test_seed_and_walkthrough(demo_database: DatabaseConfig) -> None:
    with cql_server() as (hosts, port), both_libraries(hosts, port):
        assert seed(5, quiet=True) == 5
        assert coodie_models.Book.find().count() == 5
    console = Console(record=True, width=200)
    assert main(console) == 0
    out = console.export_text()
    assert "Book: 0 statements pending" in out and "newest first: [4, 5]" in out
    assert "Database Internals by Alex Petrov: 44.50" in out
