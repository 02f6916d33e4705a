"""Models for the execution unit tests (recording driver; no database)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from coodie import aio
from coodie.fields import ClusteringKey, Counter, PrimaryKey
from coodie.sync import CounterDocument, Document


class Item(Document):
    id: Annotated[UUID, PrimaryKey()]
    name: str
    price: float = 0.0
    tags: list[str] = []
    note: str | None = None

    class Settings:
        keyspace = "shop"


class Hits(CounterDocument):
    page: Annotated[str, PrimaryKey()]
    views: Annotated[int, Counter()] = 0

    class Settings:
        keyspace = "shop"


class Reading(Document):
    sensor: Annotated[str, PrimaryKey()]
    at: Annotated[int, ClusteringKey()]
    value: float = 0.0

    class Settings:
        keyspace = "iot"
        connection = "metrics"


class AsyncItem(aio.Document):
    id: Annotated[UUID, PrimaryKey()]
    name: str

    class Settings:
        keyspace = "shop"
        name = "item"
