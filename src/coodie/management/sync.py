"""Schema management, blocking (``coodie.sync``).

Each call returns the compiled statements it sent (with ``dry_run=True``: the
ones it would send)::

    sync_table(Product)
"""

from __future__ import annotations

from coodie.management import calls
from coodie.management.api import blocking

sync_table = blocking(calls.sync_table_plan)
sync_type = blocking(calls.sync_type_plan)
sync_view = blocking(calls.sync_view_plan)
drop_table = blocking(calls.drop_table_plan)
truncate = blocking(calls.truncate_plan)
drop_type = blocking(calls.drop_type_plan)
drop_view = blocking(calls.drop_view_plan)
create_keyspace = blocking(calls.create_keyspace_plan)
alter_keyspace = blocking(calls.alter_keyspace_plan)
drop_keyspace = blocking(calls.drop_keyspace_plan)

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
