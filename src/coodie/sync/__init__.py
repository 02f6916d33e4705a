"""coodie's blocking API.

Example::

    from coodie.sync import Document, init_coodie

    init_coodie(driver_type="embedded", keyspace="shop")
    Product.sync_table()
    Product.create(id=1, name="pen")
    Product.get(id=1)
"""

from coodie.executor.results import LWTResult, PagedResult
from coodie.management.sync import (
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
from coodie.model.usertype import UserType
from coodie.sync.batch import BatchQuery
from coodie.sync.connection import close, execute_raw, init_coodie, shutdown
from coodie.sync.document import CounterDocument, Document, MaterializedView
from coodie.sync.queryset import QuerySet

__all__ = [
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
