"""Schema management, awaitable (``coodie.aio``).

Each call returns the compiled statements it sent (with ``dry_run=True``: the
ones it would send)::

    await sync_table(Product)
"""

from __future__ import annotations

from coodie.management import calls
from coodie.management.api import awaitable

sync_table = awaitable(calls.sync_table_plan)
sync_type = awaitable(calls.sync_type_plan)
sync_view = awaitable(calls.sync_view_plan)
drop_table = awaitable(calls.drop_table_plan)
truncate = awaitable(calls.truncate_plan)
drop_type = awaitable(calls.drop_type_plan)
drop_view = awaitable(calls.drop_view_plan)
create_keyspace = awaitable(calls.create_keyspace_plan)
alter_keyspace = awaitable(calls.alter_keyspace_plan)
drop_keyspace = awaitable(calls.drop_keyspace_plan)

__all__ = [
    "alter_keyspace",
    "create_keyspace",
    "drop_keyspace",
    "drop_table",
    "drop_type",
    "drop_view",
    "sync_table",
    "sync_type",
    "sync_view",
    "truncate",
]
