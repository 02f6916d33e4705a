"""Schema management, blocking (``coodie.sync``).

Each call returns the compiled statements it sent (with ``dry_run=True``: the
ones it would send)::

    sync_table(Product)
"""

from __future__ import annotations

from coodie.management import jobs
from coodie.management.api import blocking

sync_table = blocking(jobs.sync_table_job)
sync_type = blocking(jobs.sync_type_job)
sync_view = blocking(jobs.sync_view_job)
drop_table = blocking(jobs.drop_table_job)
truncate = blocking(jobs.truncate_job)
drop_type = blocking(jobs.drop_type_job)
drop_view = blocking(jobs.drop_view_job)
create_keyspace = blocking(jobs.create_keyspace_job)
alter_keyspace = blocking(jobs.alter_keyspace_job)
drop_keyspace = blocking(jobs.drop_keyspace_job)

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
