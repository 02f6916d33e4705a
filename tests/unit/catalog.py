"""A realistic example schema: a product catalog (compile-only, no I/O).

UDT address, collections, clustering with DESC order, a static column, a
composite partition key, counters, a vector column, indexes (plain, keys, SAI)
and a materialized view.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from coodie.fields import (
    ClusteringKey,
    Counter,
    Discriminator,
    Indexed,
    PrimaryKey,
    Static,
    Vector,
)
from coodie.model.document import CounterDocumentCore, DocumentCore, MaterializedViewCore
from coodie.model.usertype import UserType


class Doc(DocumentCore):
    class Settings:
        __abstract__ = True
        keyspace = "shop"


class Address(UserType):
    street: str
    city: str
    zipcode: int = 0


class Product(Doc):
    id: Annotated[UUID, PrimaryKey()]
    name: Annotated[str, Indexed()]
    brand: Annotated[str, Indexed(sai=True, index_name="product_brand_sai")] = ""
    price: float = 0.0
    stock: int = 0
    description: Annotated[
        str | None,
        Indexed(
            custom_class="org.apache.cassandra.index.sasi.SASIIndex", options={"mode": "CONTAINS"}
        ),
    ] = None
    tags: set[str] = set()
    images: list[str] = []
    attrs: Annotated[dict[str, str], Indexed(kind="keys")] = {}
    warehouse: Address | None = None
    embedding: Annotated[list[float] | None, Vector(3)] = None

    class Settings:
        __options__ = {"comment": "the catalog", "gc_grace_seconds": 86400}


class Review(Doc):
    product_id: Annotated[UUID, PrimaryKey()]
    created_at: Annotated[dt.datetime, ClusteringKey(order="DESC")]
    author: Annotated[str, ClusteringKey()]
    rating: int = 0
    body: str | None = None
    product_name: Annotated[str | None, Static()] = None

    class Settings:
        __default_ttl__ = 86400 * 365


class Event(Doc):
    tenant: Annotated[str, PrimaryKey(partition_key_index=0)]
    day: Annotated[dt.date, PrimaryKey(partition_key_index=1)]
    at: Annotated[dt.datetime, ClusteringKey()]
    kind: str = ""
    payload: dict[str, int] = {}


class PageViews(CounterDocumentCore):
    page: Annotated[str, PrimaryKey()]
    views: Annotated[int, Counter()] = 0
    clicks: Annotated[int, Counter()] = 0

    class Settings:
        keyspace = "shop"


class ProductByBrand(MaterializedViewCore):
    brand: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, ClusteringKey()]
    name: str | None = None
    price: float | None = None

    class Settings:
        __base_table__ = Product
        keyspace = "shop"


PID = UUID("6a0c2b49-3c4e-4b1f-9f57-8c8e3c6d5a01")
"""A fixed product id, so snapshots are stable."""

WHEN = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone.utc)
"""A fixed timestamp."""


class Pet(Doc):
    """A polymorphic hierarchy sharing one table."""

    id: Annotated[UUID, PrimaryKey()]
    kind: Annotated[str, Discriminator(), Indexed()] = ""
    name: str = ""


class Cat(Pet):
    lives: int = 9

    class Settings:
        __discriminator_value__ = "cat"


class Lion(Cat):
    pride: str = ""

    class Settings:
        __discriminator_value__ = "lion"


class Dog(Pet):
    good: bool = True

    class Settings:
        __discriminator_value__ = "dog"
