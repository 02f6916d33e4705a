"""Schema helpers, awaited: ``sync_table``, ``sync_type``, ``drop_table``, ``truncate``.

Example::

    await sync_type(Address)
    await sync_table(Product)    # same as await Product.sync_table()
"""

from __future__ import annotations

from typing import Any

from coodie.compiled import CompiledStatement
from coodie.executor import schema_ops
from coodie.executor.runner import run_async


async def sync_table(model: Any, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
    """Create or update a model's table, user types and indexes; return the DDL sent.

    Example: ``await sync_table(Product)``.
    """
    return await run_async(*schema_ops.sync_table_plan(model, keyspace))


async def sync_type(user_type: Any, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
    """Create a user type (and those it uses) or add missing fields.

    Example: ``await sync_type(Address)``.
    """
    return await run_async(*schema_ops.sync_type_plan(user_type, keyspace))


async def drop_table(model: Any, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
    """Drop a model's table (or view) if it exists.

    Example: ``await drop_table(Product)``.
    """
    return await run_async(*schema_ops.drop_table_plan(model, keyspace))


async def truncate(model: Any, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
    """Remove every row of a model's table.

    Example: ``await truncate(Product)``.
    """
    return await run_async(*schema_ops.truncate_plan(model, keyspace))
