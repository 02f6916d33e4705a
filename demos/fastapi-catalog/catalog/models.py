"""The catalog's tables: async documents (``coodie.aio``), also used as FastAPI response models."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field

from catalog import KEYSPACE
from coodie import ClusteringKey, Double, Indexed, PrimaryKey, TimeUUID
from coodie.aio import Document


class Category(Document):
    """A category, keyed by its slug."""

    slug: Annotated[str, PrimaryKey()]
    name: str
    colour: str = "violet"

    class Settings:
        keyspace = KEYSPACE


class Product(Document):
    """A product; ``brand`` and ``category`` are indexed, ``version`` guards updates (LWT)."""

    id: Annotated[UUID, PrimaryKey()]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    brand: Annotated[str, Indexed()]
    category: Annotated[str, Indexed()]
    price: Annotated[float, Double(), Field(ge=0)]
    stock: Annotated[int, Field(ge=0)] = 0
    tags: set[str] = set()
    version: int = 1

    class Settings:
        keyspace = KEYSPACE


class Review(Document):
    """Reviews of one product in one partition, newest first (clustering DESC).

    ``created_at`` is a CQL timestamp (milliseconds): two reviews in one millisecond are
    ordered by ``id``, a time-based UUID (100 ns steps) clustered ``DESC`` as well.
    """

    product_id: Annotated[UUID, PrimaryKey()]
    created_at: Annotated[datetime, ClusteringKey(order="DESC")]
    id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    author: Annotated[str, Field(min_length=1, max_length=60)]
    stars: Annotated[int, Field(ge=1, le=5)]
    text: str = ""

    class Settings:
        keyspace = KEYSPACE


MODELS = (Category, Product, Review)
