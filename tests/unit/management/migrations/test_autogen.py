"""Autogeneration: the changes between models and a live schema, rendered as a file (snapshots)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated
from uuid import UUID

import pytest
from syrupy.assertion import SnapshotAssertion

import coodie.sync
from coodie.executor import connections as registry
from coodie.executor.runner import run
from coodie.fields import ClusteringKey, Indexed, PrimaryKey
from coodie.management.migrations.autogen import read_live, schema_changes, schemas_of
from coodie.management.migrations.render import render_migration
from coodie.sync import Document, UserType


class Address(UserType):
    street: str = ""
    city: str = ""


class Product(Document):
    id: Annotated[UUID, PrimaryKey()]
    name: Annotated[str, Indexed()] = ""
    rating: int | None = None
    price: float | None = None

    class Settings:
        name = "product"


class Customer(Document):
    id: Annotated[UUID, PrimaryKey()]
    address: Address | None = None

    class Settings:
        name = "customer"
        __options__ = {"gc_grace_seconds": 3600}


class Event(Document):
    day: Annotated[str, PrimaryKey()]
    at: Annotated[int, ClusteringKey()]

    class Settings:
        name = "event"


@pytest.fixture
def live_db() -> Iterator[str]:
    saved = dict(registry._connections), registry._default_name
    registry._connections.clear()
    coodie.sync.init_coodie(driver_type="embedded")
    coodie.sync.create_keyspace("shop", replication_factor=1)
    coodie.sync.execute_raw(
        "CREATE TABLE shop.product (id uuid PRIMARY KEY, name text, price text, legacy int)"
    )
    coodie.sync.execute_raw(
        "CREATE TABLE shop.event (day text, at int, x int, PRIMARY KEY (day, x, at))"
    )
    yield "shop"
    coodie.sync.shutdown()
    registry._connections.clear()
    registry._connections.update(saved[0])
    registry._default_name = saved[1]


def test_changes_and_the_rendered_file(live_db: str, snapshot: SnapshotAssertion) -> None:
    schemas = schemas_of([Product, Customer, Event])
    changes = schema_changes(schemas, run(read_live(schemas, live_db)))
    assert [(c.summary, c.executable) for c in changes] == [
        ("add column product.rating int", True),
        ("create index product_name_idx on product(name)", True),
        ("product: type of price: the model has float, the table has text", False),
        ("column product.legacy is not in the model", False),
        ("create type address", True),
        ("create table customer", True),
        ("event: clustering key: the model has (at), the table has (x, at)", False),
    ]
    text = render_migration(changes, description="catch up", models=("shop.models",))
    compile(text, "generated.py", "exec")
    assert text == snapshot
