"""The models as a cqlengine application declares them (``cassandra.cqlengine``, shipped with
scylla-driver). Compare with :mod:`guide.coodie_models`: same tables, same columns."""

from __future__ import annotations

from cassandra.cqlengine import columns
from cassandra.cqlengine.models import Model

from guide import KEYSPACE


class Book(Model):
    __keyspace__ = KEYSPACE
    __table_name__ = "book"

    isbn = columns.Text(partition_key=True)
    title = columns.Text(required=True)
    authors = columns.List(columns.Text)
    tags = columns.Set(columns.Text)
    price = columns.Decimal()
    published = columns.Date()
    in_print = columns.Boolean(default=True)


class Review(Model):
    __keyspace__ = KEYSPACE
    __table_name__ = "review"

    isbn = columns.Text(partition_key=True)
    id = columns.TimeUUID(primary_key=True, clustering_order="DESC")
    reviewer = columns.Text()
    stars = columns.TinyInt()
    text = columns.Text()
