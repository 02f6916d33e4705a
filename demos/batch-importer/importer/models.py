"""Orders by customer (newest first) and the same orders by id: two copies kept together."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import Field

from coodie import ClusteringKey, PrimaryKey
from coodie.sync import Document
from importer import KEYSPACE


class Order(Document):
    """One partition per customer, newest order first."""

    customer: Annotated[str, PrimaryKey(), Field(min_length=1, max_length=60)]
    placed_at: Annotated[datetime, ClusteringKey(order="DESC")]
    order_id: Annotated[UUID, ClusteringKey()]
    item: Annotated[str, Field(min_length=1)]
    quantity: Annotated[int, Field(ge=1, le=10_000)]
    price: Annotated[Decimal, Field(ge=0)]

    class Settings:
        keyspace = KEYSPACE


class OrderById(Document):
    """The lookup copy: find an order's customer from its id."""

    order_id: Annotated[UUID, PrimaryKey()]
    customer: str
    placed_at: datetime

    class Settings:
        keyspace = KEYSPACE
        name = "order_by_id"


MODELS = (Order, OrderById)
