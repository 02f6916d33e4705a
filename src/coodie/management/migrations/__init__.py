"""Versioned schema and data migrations: files, a runner with state and a lock, the ctx API.

A migration file ``migrations/20260131_001_add_rating.py``::

    from coodie.management.migrations import Migration

    class ForwardMigration(Migration):
        def upgrade(self, ctx):
            ctx.add_column("product", "rating", "int")

        def downgrade(self, ctx):
            ctx.drop_column("product", "rating", destructive=True)

Run it with ``coodie migrate`` or from Python::

    migrate(RunSettings(folder="migrations", keyspace="shop"))
"""

from coodie.management.migrations.api import (
    fake,
    fake_async,
    force_unlock,
    force_unlock_async,
    history,
    history_async,
    lock_holder,
    migrate,
    migrate_async,
    status,
    status_async,
)
from coodie.management.migrations.context import AsyncMigrationContext, MigrationContext
from coodie.management.migrations.files import Migration, MigrationFile, discover
from coodie.management.migrations.runner import MigrationFailed, RunResult, RunSettings

__all__ = [
    "AsyncMigrationContext",
    "Migration",
    "MigrationContext",
    "MigrationFailed",
    "MigrationFile",
    "RunResult",
    "RunSettings",
    "discover",
    "fake",
    "fake_async",
    "force_unlock",
    "force_unlock_async",
    "history",
    "history_async",
    "lock_holder",
    "migrate",
    "migrate_async",
    "status",
    "status_async",
]
