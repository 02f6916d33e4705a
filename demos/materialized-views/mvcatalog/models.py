"""The base table (by id) and the materialized view (by category, cheapest first)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

from coodie import ClusteringKey, Double, PrimaryKey
from coodie.sync import Document, MaterializedView
from mvcatalog import KEYSPACE


class Product(Document):
    """Products by id: the only table the app writes."""

    id: Annotated[UUID, PrimaryKey()]
    category: Annotated[str, Field(min_length=1, max_length=40)]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    price: Annotated[float, Double(), Field(ge=0)]

    class Settings:
        keyspace = KEYSPACE


class ProductByCategory(MaterializedView):
    """The same rows keyed by category; the server keeps it in step with ``Product``."""

    category: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, ClusteringKey()]
    name: str | None = None
    price: Annotated[float | None, Double()] = None

    class Settings:
        __base_table__ = Product
        name = "product_by_category"


MODELS = (Product, ProductByCategory)
