"""The same tables as coodie models: Pydantic fields with CQL markers.

==========================================  ==============================================
cqlengine                                   coodie
==========================================  ==============================================
``columns.Text(partition_key=True)``        ``Annotated[str, PrimaryKey()]``
``columns.TimeUUID(primary_key=True,        ``Annotated[UUID, TimeUUID(),
clustering_order="DESC")``                  ClusteringKey(order="DESC")]``
``columns.List(columns.Text)``              ``list[str]``
``columns.Set(columns.Text)``               ``set[str]``
``columns.Decimal()`` / ``Date()``          ``Decimal | None`` / ``date | None``
``columns.TinyInt()``                       ``Annotated[int, TinyInt()]``
``__keyspace__`` / ``__table_name__``       ``class Settings: keyspace / name``
==========================================  ==============================================
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from coodie import ClusteringKey, PrimaryKey, TimeUUID, TinyInt
from coodie.sync import Document
from guide import KEYSPACE


class Book(Document):
    isbn: Annotated[str, PrimaryKey()]
    title: str
    authors: list[str] = []
    tags: set[str] = set()
    price: Decimal | None = None
    published: date | None = None
    in_print: bool | None = True

    class Settings:
        keyspace = KEYSPACE
        name = "book"


class Review(Document):
    isbn: Annotated[str, PrimaryKey()]
    id: Annotated[UUID, TimeUUID(), ClusteringKey(order="DESC")]
    reviewer: str | None = None
    stars: Annotated[int, TinyInt()] | None = None
    text: str | None = None

    class Settings:
        keyspace = KEYSPACE
        name = "review"
