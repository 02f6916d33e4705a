"""coodie's async API: the same names as :mod:`coodie.sync`, awaited.

Example::

    from coodie.aio import Document, init_coodie

    await init_coodie(driver_type="embedded", keyspace="shop")
    await Product.sync_table()
    await Product.create(id=1, name="pen")
    await Product.get(id=1)
"""

from coodie.aio.batch import AsyncBatchQuery, BatchQuery
from coodie.aio.connection import close, execute_raw, init_coodie, shutdown
from coodie.aio.document import CounterDocument, Document, MaterializedView
from coodie.aio.queryset import QuerySet
from coodie.aio.usertype import UserType
from coodie.executor.results import LWTResult, PagedResult
from coodie.management.aio import (
    alter_keyspace,
    create_keyspace,
    drop_keyspace,
    drop_table,
    drop_type,
    drop_view,
    sync_table,
    sync_type,
    sync_view,
    truncate,
)

__all__ = [
    "AsyncBatchQuery",
    "BatchQuery",
    "CounterDocument",
    "Document",
    "LWTResult",
    "MaterializedView",
    "PagedResult",
    "QuerySet",
    "UserType",
    "alter_keyspace",
    "close",
    "create_keyspace",
    "drop_keyspace",
    "drop_table",
    "drop_type",
    "drop_view",
    "execute_raw",
    "init_coodie",
    "shutdown",
    "sync_table",
    "sync_type",
    "sync_view",
    "truncate",
]
