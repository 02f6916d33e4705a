"""The ``ctx`` a migration's ``upgrade``/``downgrade`` receives: blocking or awaitable.

A plain ``def upgrade(self, ctx)`` gets a :class:`MigrationContext` (calls
return results); ``async def upgrade(self, ctx)`` gets an
:class:`AsyncMigrationContext` (calls are awaited). Both are thin: each method
runs the same program of :class:`~.core.ContextCore`::

    class ForwardMigration(Migration):
        def upgrade(self, ctx):
            ctx.create_table(Product)
            ctx.add_column("product", "rating", "int")
            ctx.execute("UPDATE product SET rating = ? WHERE id = ?", [5, pid])

        async def downgrade(self, ctx):
            await ctx.drop_column("product", "rating", destructive=True)
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any

from coodie.cql.types import CqlType
from coodie.management.migrations import data
from coodie.management.migrations.core import ContextCore, Rows, TableRef
from coodie.management.migrations.program import Program
from coodie.model.boundary import ModelClass
from coodie.model.usertype import UserTypeCore


class _Base:
    """What both contexts share: where the migration runs and how it reports."""

    def __init__(self, core: ContextCore) -> None:
        self._core = core

    @property
    def keyspace(self) -> str:
        """The keyspace the migration works in (``[tool.coodie] keyspace``)."""
        return self._core.keyspace

    @property
    def dry_run(self) -> bool:
        """True under ``--dry-run``: statements are shown, writes are not sent."""
        return self._core.dry_run

    @property
    def logger(self) -> logging.Logger:
        """A logger named ``coodie.migrations.<migration id>``."""
        return self._core.logger

    @property
    def migration_id(self) -> str:
        """The running migration's id (its file name without ``.py``)."""
        return self._core.migration_id


class MigrationContext(_Base):
    """The blocking context (for ``def upgrade(self, ctx)``).

    Example: ``ctx.add_column(Product, "rating", "int")``.
    """

    def __init__(self, core: ContextCore, drive: Callable[[Program[Any]], Any]) -> None:
        super().__init__(core)
        self._drive = drive

    def execute(self, cql: str, params: Sequence[Any] | None = None) -> Rows:
        """Run CQL with ``?`` markers bound to ``params``; rows as dicts."""
        rows: Rows = self._drive(self._core.execute(cql, params))
        return rows

    def create_table(self, model: ModelClass) -> None:
        """Create a Document's user types, table and indexes (``IF NOT EXISTS``)."""
        self._drive(self._core.create_table(model))

    def sync_table(self, model: ModelClass) -> None:
        """Bring a Document's table up to the model, as ``sync_table`` would."""
        self._drive(self._core.sync_table(model))

    def add_column(
        self, table: TableRef, column: str, cql_type: str | CqlType, *, static: bool = False
    ) -> None:
        """``ALTER TABLE table ADD column cql_type``."""
        self._drive(self._core.add_column(table, column, cql_type, static=static))

    def drop_column(self, table: TableRef, column: str, *, destructive: bool = False) -> None:
        """``ALTER TABLE table DROP column`` (only with ``destructive=True``)."""
        self._drive(self._core.drop_column(table, column, destructive=destructive))

    def alter_table_options(self, table: TableRef, **options: Any) -> None:
        """``ALTER TABLE table WITH ...``, e.g. ``gc_grace_seconds=3600``."""
        self._drive(self._core.alter_table_options(table, **options))

    def create_index(self, table: TableRef, column: str, *, name: str | None = None) -> None:
        """``CREATE INDEX IF NOT EXISTS``."""
        self._drive(self._core.create_index(table, column, name=name))

    def drop_index(self, name: str) -> None:
        """``DROP INDEX IF EXISTS``."""
        self._drive(self._core.drop_index(name))

    def drop_table(self, table: TableRef, *, destructive: bool = False) -> None:
        """``DROP TABLE IF EXISTS`` (only with ``destructive=True``)."""
        self._drive(self._core.drop_table(table, destructive=destructive))

    def truncate(self, table: TableRef, *, destructive: bool = False) -> None:
        """``TRUNCATE`` (only with ``destructive=True``)."""
        self._drive(self._core.truncate(table, destructive=destructive))

    def create_type(self, user_type: type[UserTypeCore]) -> None:
        """``CREATE TYPE IF NOT EXISTS`` for a UserType class."""
        self._drive(self._core.create_type(user_type))

    def alter_type(self, name: str, field: str, cql_type: str | CqlType) -> None:
        """``ALTER TYPE name ADD field cql_type``."""
        self._drive(self._core.alter_type(name, field, cql_type))

    def drop_type(self, name: str, *, destructive: bool = False) -> None:
        """``DROP TYPE IF EXISTS`` (only with ``destructive=True``)."""
        self._drive(self._core.drop_type(name, destructive=destructive))

    def create_view(self, view: ModelClass) -> None:
        """``CREATE MATERIALIZED VIEW IF NOT EXISTS`` for a MaterializedView class."""
        self._drive(self._core.create_view(view))

    def drop_view(self, name: str) -> None:
        """``DROP MATERIALIZED VIEW IF EXISTS``."""
        self._drive(self._core.drop_view(name))

    def scan_table(
        self,
        table: TableRef,
        *,
        columns: Sequence[str] = (),
        page_size: int = 500,
        name: str | None = None,
    ) -> Iterator[Rows]:
        """Every row of ``table`` by token ranges, one page (list of dicts) at a time.

        Resumes from the checkpoint a killed run left (``name`` keys it; default:
        the table's name).
        """
        core = self._core
        cursor = self._drive(data.open_scan(core, table, columns, page_size, name))
        core.cursor = cursor
        try:
            while (page := self._drive(data.next_page(core, cursor))) is not None:
                yield page
        finally:
            core.cursor = None

    def update_rows(self, table: TableRef, rows: Sequence[dict[str, Any]]) -> int:
        """``UPDATE`` each row (primary key + columns to set) in one logged batch.

        Inside :meth:`scan_table`, the batch also records the scan's checkpoint.
        """
        written: int = self._drive(data.update_rows(self._core, table, rows, self._core.cursor))
        return written

    def backfill(
        self,
        table: TableRef,
        transform: Callable[[dict[str, Any]], dict[str, Any] | None],
        *,
        columns: Sequence[str] = (),
        page_size: int = 500,
    ) -> int:
        """Write ``transform(row)`` back into every row (``--workers`` ranges in parallel)."""
        written: int = self._drive(data.backfill(self._core, table, transform, columns, page_size))
        return written


class AsyncMigrationContext(_Base):
    """The awaitable context (for ``async def upgrade(self, ctx)``).

    Example: ``await ctx.add_column(Product, "rating", "int")``.
    """

    def __init__(self, core: ContextCore, drive: Callable[[Program[Any]], Awaitable[Any]]) -> None:
        super().__init__(core)
        self._drive = drive

    async def execute(self, cql: str, params: Sequence[Any] | None = None) -> Rows:
        """Run CQL with ``?`` markers bound to ``params``; rows as dicts."""
        rows: Rows = await self._drive(self._core.execute(cql, params))
        return rows

    async def create_table(self, model: ModelClass) -> None:
        """Create a Document's user types, table and indexes (``IF NOT EXISTS``)."""
        await self._drive(self._core.create_table(model))

    async def sync_table(self, model: ModelClass) -> None:
        """Bring a Document's table up to the model, as ``sync_table`` would."""
        await self._drive(self._core.sync_table(model))

    async def add_column(
        self, table: TableRef, column: str, cql_type: str | CqlType, *, static: bool = False
    ) -> None:
        """``ALTER TABLE table ADD column cql_type``."""
        await self._drive(self._core.add_column(table, column, cql_type, static=static))

    async def drop_column(self, table: TableRef, column: str, *, destructive: bool = False) -> None:
        """``ALTER TABLE table DROP column`` (only with ``destructive=True``)."""
        await self._drive(self._core.drop_column(table, column, destructive=destructive))

    async def alter_table_options(self, table: TableRef, **options: Any) -> None:
        """``ALTER TABLE table WITH ...``, e.g. ``gc_grace_seconds=3600``."""
        await self._drive(self._core.alter_table_options(table, **options))

    async def create_index(self, table: TableRef, column: str, *, name: str | None = None) -> None:
        """``CREATE INDEX IF NOT EXISTS``."""
        await self._drive(self._core.create_index(table, column, name=name))

    async def drop_index(self, name: str) -> None:
        """``DROP INDEX IF EXISTS``."""
        await self._drive(self._core.drop_index(name))

    async def drop_table(self, table: TableRef, *, destructive: bool = False) -> None:
        """``DROP TABLE IF EXISTS`` (only with ``destructive=True``)."""
        await self._drive(self._core.drop_table(table, destructive=destructive))

    async def truncate(self, table: TableRef, *, destructive: bool = False) -> None:
        """``TRUNCATE`` (only with ``destructive=True``)."""
        await self._drive(self._core.truncate(table, destructive=destructive))

    async def create_type(self, user_type: type[UserTypeCore]) -> None:
        """``CREATE TYPE IF NOT EXISTS`` for a UserType class."""
        await self._drive(self._core.create_type(user_type))

    async def alter_type(self, name: str, field: str, cql_type: str | CqlType) -> None:
        """``ALTER TYPE name ADD field cql_type``."""
        await self._drive(self._core.alter_type(name, field, cql_type))

    async def drop_type(self, name: str, *, destructive: bool = False) -> None:
        """``DROP TYPE IF EXISTS`` (only with ``destructive=True``)."""
        await self._drive(self._core.drop_type(name, destructive=destructive))

    async def create_view(self, view: ModelClass) -> None:
        """``CREATE MATERIALIZED VIEW IF NOT EXISTS`` for a MaterializedView class."""
        await self._drive(self._core.create_view(view))

    async def drop_view(self, name: str) -> None:
        """``DROP MATERIALIZED VIEW IF EXISTS``."""
        await self._drive(self._core.drop_view(name))

    async def scan_table(
        self,
        table: TableRef,
        *,
        columns: Sequence[str] = (),
        page_size: int = 500,
        name: str | None = None,
    ) -> AsyncIterator[Rows]:
        """Every row of ``table`` by token ranges, one page at a time (``async for``)."""
        core = self._core
        cursor = await self._drive(data.open_scan(core, table, columns, page_size, name))
        core.cursor = cursor
        try:
            while (page := await self._drive(data.next_page(core, cursor))) is not None:
                yield page
        finally:
            core.cursor = None

    async def update_rows(self, table: TableRef, rows: Sequence[dict[str, Any]]) -> int:
        """``UPDATE`` each row in one logged batch (with the scan's checkpoint)."""
        written: int = await self._drive(
            data.update_rows(self._core, table, rows, self._core.cursor)
        )
        return written

    async def backfill(
        self,
        table: TableRef,
        transform: Callable[[dict[str, Any]], dict[str, Any] | None],
        *,
        columns: Sequence[str] = (),
        page_size: int = 500,
    ) -> int:
        """Write ``transform(row)`` back into every row (``--workers`` ranges in parallel)."""
        program = data.backfill(self._core, table, transform, columns, page_size)
        written: int = await self._drive(program)
        return written


def make_context(core: ContextCore) -> Callable[[bool, Callable[[Program[Any]], Any]], Any]:
    """The factory :class:`~.program.CallMigration` uses: async or blocking context."""

    def build(is_async: bool, drive: Callable[[Program[Any]], Any]) -> Any:
        return AsyncMigrationContext(core, drive) if is_async else MigrationContext(core, drive)

    return build
