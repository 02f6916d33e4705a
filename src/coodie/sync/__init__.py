"""coodie's blocking API.

Example::

    from coodie.sync import Document, init_coodie

    init_coodie(driver_type="embedded", keyspace="shop")
    Product.sync_table()
    Product.create(id=1, name="pen")
    Product.get(id=1)
"""

from coodie.results import LWTResult, PagedResult
from coodie.sync.batch import BatchQuery
from coodie.sync.connection import close, execute_raw, init_coodie, shutdown
from coodie.sync.schema import drop_table, sync_table, sync_type, truncate

__all__ = [
    "BatchQuery",
    "LWTResult",
    "PagedResult",
    "close",
    "drop_table",
    "execute_raw",
    "init_coodie",
    "shutdown",
    "sync_table",
    "sync_type",
    "truncate",
]
