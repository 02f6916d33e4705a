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
from coodie.aio.schema import drop_table, sync_table, sync_type, truncate
from coodie.results import LWTResult, PagedResult

__all__ = [
    "AsyncBatchQuery",
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
