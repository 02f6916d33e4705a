"""Schema operations for one model, bound to its connection and keyspace.

The planning and DDL live in :mod:`coodie.management`; this module only picks
the target so ``coodie.sync`` and ``coodie.aio`` can run them::

    operation, connection = sync_table_plan(Product)
    run(operation, connection)
"""

from __future__ import annotations

from typing import Any

from coodie.compiled import CompiledStatement
from coodie.executor.runner import Operation
from coodie.executor.target import model_connection, model_keyspace
from coodie.management import operations as mo

Plan = tuple[Operation[tuple[CompiledStatement, ...]], str | None]


def sync_table_plan(model: Any, keyspace: str | None = None) -> Plan:
    """Create or update the model's table, its user types and indexes (or its view)."""
    ks = model_keyspace(model, keyspace)
    view = getattr(model, "__view_schema__", None)
    if view is not None:
        return mo.sync_view_operation(view, ks), model_connection(model)
    return mo.sync_table_operation(model.__schema__, ks), model_connection(model)


def sync_type_plan(user_type: Any, keyspace: str | None = None) -> Plan:
    """Create a user type (after the types it uses) or add its missing fields."""
    ks = model_keyspace(user_type, keyspace)
    return mo.sync_type_operation(user_type.__type_schema__, ks), model_connection(user_type)


def drop_table_plan(model: Any, keyspace: str | None = None) -> Plan:
    """``DROP TABLE IF EXISTS`` (``DROP MATERIALIZED VIEW`` for a view)."""
    ks = model_keyspace(model, keyspace)
    if getattr(model, "__view_schema__", None) is not None:
        return mo.drop_view_operation(ks, model.__schema__.name), model_connection(model)
    return mo.drop_table_operation(ks, model.__schema__.name), model_connection(model)


def truncate_plan(model: Any, keyspace: str | None = None) -> Plan:
    """``TRUNCATE`` the model's table."""
    ks = model_keyspace(model, keyspace)
    return mo.truncate_operation(ks, model.__schema__.name), model_connection(model)
