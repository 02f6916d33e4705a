"""Schema helpers, blocking: ``sync_table``, ``sync_type``, ``drop_table``, ``truncate``.

Example::

    sync_type(Address)
    sync_table(Product)          # same as Product.sync_table()
"""

from __future__ import annotations

from typing import Any

from coodie.compiled import CompiledStatement
from coodie.executor import schema_ops
from coodie.executor.runner import run


def sync_table(model: Any, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
    """Create or update a model's table, user types and indexes; return the DDL sent.

    Example: ``sync_table(Product)``.
    """
    return run(*schema_ops.sync_table_plan(model, keyspace))


def sync_type(user_type: Any, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
    """Create a user type (and those it uses) or add missing fields.

    Example: ``sync_type(Address)``.
    """
    return run(*schema_ops.sync_type_plan(user_type, keyspace))


def drop_table(model: Any, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
    """Drop a model's table (or view) if it exists.

    Example: ``drop_table(Product)``.
    """
    return run(*schema_ops.drop_table_plan(model, keyspace))


def truncate(model: Any, keyspace: str | None = None) -> tuple[CompiledStatement, ...]:
    """Remove every row of a model's table.

    Example: ``truncate(Product)``.
    """
    return run(*schema_ops.truncate_plan(model, keyspace))
