"""Schema management, awaitable (``coodie.aio``).

Each call returns the compiled statements it sent (with ``dry_run=True``: the
ones it would send)::

    await sync_table(Product)
"""

from __future__ import annotations

from coodie.management import jobs
from coodie.management.api import awaitable

sync_table = awaitable(jobs.sync_table_job)
sync_type = awaitable(jobs.sync_type_job)
sync_view = awaitable(jobs.sync_view_job)
drop_table = awaitable(jobs.drop_table_job)
truncate = awaitable(jobs.truncate_job)
drop_type = awaitable(jobs.drop_type_job)
drop_view = awaitable(jobs.drop_view_job)
create_keyspace = awaitable(jobs.create_keyspace_job)
alter_keyspace = awaitable(jobs.alter_keyspace_job)
drop_keyspace = awaitable(jobs.drop_keyspace_job)

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
