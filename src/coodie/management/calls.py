"""Resolve what a schema call acts on (schema, keyspace, connection) into a :class:`Plan`.

Each schema call is a :class:`~coodie.executor.runner.Plan` like any other operation: the
operation returns the DDL it sent (with ``dry_run=True``: would send), and the plan is a
schema change unless it is a dry run, so running it waits for schema agreement.
``coodie.sync`` runs it blocking and ``coodie.aio`` awaits it
(:mod:`coodie.management.api`). Building a plan does no I/O, so bad input fails here,
before anything is sent::

    plan = sync_table_plan(Product, dry_run=True)
    plan.connection.name        # 'default'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from coodie.exceptions import ConfigurationError, QueryError
from coodie.executor.connections import Connection, get_connection
from coodie.executor.runner import Operation, Plan
from coodie.executor.target import SchemaOwner, model_connection, model_keyspace
from coodie.executor.warmup import hot_statements
from coodie.management import operations as ops
from coodie.management.keyspaces import replication
from coodie.model.boundary import ModelClass
from coodie.model.polymorphism import shared_table_schema
from coodie.model.schema import TableSchema, TypeSchema, ViewSchema
from coodie.model.usertype import UserTypeCore, type_schema_of

SchemaPlan = Plan[ops.Statements]
"""A schema call: its operation returns the statements it sent."""


def _plan(
    operation: Operation[ops.Statements],
    connection: Connection,
    dry_run: bool = False,
    warm: tuple[str, ...] = (),
) -> SchemaPlan:
    return Plan(operation, connection, schema_change=not dry_run, warm=warm)


def _where(
    model: SchemaOwner, keyspace: str | None, connection: str | None
) -> tuple[Connection, str]:
    """The connection (``connection=`` or ``Settings.connection``) and keyspace to act on."""
    name = connection if connection is not None else model_connection(model)
    return get_connection(name), model_keyspace(model, keyspace, name)


def _named_plan(
    owner: SchemaOwner,
    name: str,
    operation: Callable[[str, str], Operation[ops.Statements]],
    keyspace: str | None,
    connection: str | None,
) -> SchemaPlan:
    """``operation(keyspace, name)`` on the connection and keyspace ``owner`` resolves to."""
    conn, ks = _where(owner, keyspace, connection)
    return _plan(operation(ks, name), conn)


def table_schema(model: ModelClass) -> TableSchema:
    """The :class:`TableSchema` of a document class's table.

    For a polymorphic model that is the shared table: the base's columns plus every
    subclass's (:func:`~coodie.model.polymorphism.shared_table_schema`).
    """
    if not isinstance(getattr(model, "__schema__", None), TableSchema):
        name = getattr(model, "__name__", repr(model))
        raise ConfigurationError(f"{name} is not a concrete Document class (no table schema)")
    return shared_table_schema(model)


def type_schema(user_type: type[UserTypeCore]) -> TypeSchema:
    """The :class:`TypeSchema` of a ``UserType`` class (built now if it had forward refs)."""
    if not (isinstance(user_type, type) and issubclass(user_type, UserTypeCore)):
        raise ConfigurationError(f"{user_type!r} is not a UserType class")
    return type_schema_of(user_type)


def view_schema(view: ModelClass) -> ViewSchema:
    """The :class:`ViewSchema` of a ``MaterializedView`` class (``__view_schema__``)."""
    schema = getattr(view, "__view_schema__", None)
    if not isinstance(schema, ViewSchema):
        name = getattr(view, "__name__", repr(view))
        raise ConfigurationError(f"{name} is not a concrete MaterializedView class")
    return schema


def sync_table_plan(
    model: ModelClass,
    *,
    drop_removed_indexes: bool = False,
    dry_run: bool = False,
    keyspace: str | None = None,
    connection: str | None = None,
) -> SchemaPlan:
    """Sync a document's user types and table (a materialized view class: the view).

    Example: ``sync_table(Product, dry_run=True)`` returns the DDL it would send.
    """
    if getattr(model, "__view_schema__", None) is not None:
        return sync_view_plan(model, dry_run=dry_run, keyspace=keyspace, connection=connection)
    schema = table_schema(model)
    conn, ks = _where(model, keyspace, connection)
    operation = ops.sync_table_operation(
        schema, ks, drop_removed_indexes=drop_removed_indexes, dry_run=dry_run, connection=conn
    )
    warm = hot_statements(model) if conn.prepare_on_sync and not dry_run else ()
    return _plan(operation, conn, dry_run, warm)


def sync_type_plan(
    user_type: type[UserTypeCore],
    *,
    dry_run: bool = False,
    keyspace: str | None = None,
    connection: str | None = None,
) -> SchemaPlan:
    """Sync a user type (after the types it uses): create it or add its new fields.

    Example: ``sync_type(Address)``.
    """
    schema = type_schema(user_type)
    conn, ks = _where(user_type, keyspace, connection)
    return _plan(ops.sync_type_operation(schema, ks, dry_run=dry_run), conn, dry_run)


def sync_view_plan(
    view: ModelClass,
    *,
    dry_run: bool = False,
    keyspace: str | None = None,
    connection: str | None = None,
) -> SchemaPlan:
    """Create a materialized view unless it exists (a changed one is a mismatch).

    Example: ``sync_view(ProductByBrand)``.
    """
    schema = view_schema(view)
    conn, ks = _where(view, keyspace, connection)
    operation = ops.sync_view_operation(schema, ks, dry_run=dry_run, connection=conn)
    return _plan(operation, conn, dry_run)


def drop_table_plan(
    model: ModelClass, *, keyspace: str | None = None, connection: str | None = None
) -> SchemaPlan:
    """Drop a document's table if it exists (a materialized view class: the view).

    Example: ``drop_table(Product)``.
    """
    if getattr(model, "__view_schema__", None) is not None:
        return drop_view_plan(model, keyspace=keyspace, connection=connection)
    return _named_plan(
        model, table_schema(model).name, ops.drop_table_operation, keyspace, connection
    )


def truncate_plan(
    model: ModelClass, *, keyspace: str | None = None, connection: str | None = None
) -> SchemaPlan:
    """Remove every row of a document's table.

    Example: ``truncate(Product)``.
    """
    return _named_plan(
        model, table_schema(model).name, ops.truncate_operation, keyspace, connection
    )


def drop_type_plan(
    user_type: type[UserTypeCore], *, keyspace: str | None = None, connection: str | None = None
) -> SchemaPlan:
    """Drop a user type if it exists.

    Example: ``drop_type(Address)``.
    """
    name = type_schema(user_type).name
    return _named_plan(user_type, name, ops.drop_type_operation, keyspace, connection)


def drop_view_plan(
    view: ModelClass, *, keyspace: str | None = None, connection: str | None = None
) -> SchemaPlan:
    """Drop a materialized view if it exists.

    Example: ``drop_view(ProductByBrand)``.
    """
    name = view_schema(view).table.name
    return _named_plan(view, name, ops.drop_view_operation, keyspace, connection)


def _check_keyspace_name(name: object) -> str:
    if not isinstance(name, str) or not name:
        raise QueryError(f"keyspace name must be a non-empty str, not {name!r}")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise QueryError(
            f"keyspace name {name!r} is not a valid CQL name (letters, digits and underscores only)"
        )
    return name


def create_keyspace_plan(
    name: str,
    *,
    replication_factor: int | None = None,
    dc_replication_map: Mapping[str, int] | None = None,
    durable_writes: bool | None = None,
    connection: str | None = None,
) -> SchemaPlan:
    """Create a keyspace unless it exists (an existing one that differs gives a warning).

    Example: ``create_keyspace("shop", replication_factor=3)`` or
    ``create_keyspace("shop", dc_replication_map={"dc1": 3, "dc2": 2}, durable_writes=True)``.
    """
    strategy = replication(
        replication_factor=replication_factor, dc_replication_map=dc_replication_map
    )
    operation = ops.create_keyspace_operation(
        _check_keyspace_name(name), strategy, durable_writes=durable_writes
    )
    return _plan(operation, get_connection(connection))


def alter_keyspace_plan(
    name: str,
    *,
    replication_factor: int | None = None,
    dc_replication_map: Mapping[str, int] | None = None,
    durable_writes: bool | None = None,
    connection: str | None = None,
) -> SchemaPlan:
    """Change a keyspace's replication and/or durable writes.

    Example: ``alter_keyspace("shop", dc_replication_map={"dc1": 3})``.
    """
    strategy = None
    if replication_factor is not None or dc_replication_map is not None:
        strategy = replication(
            replication_factor=replication_factor, dc_replication_map=dc_replication_map
        )
    elif durable_writes is None:
        raise QueryError("alter_keyspace needs a replication or durable_writes change")
    operation = ops.alter_keyspace_operation(
        _check_keyspace_name(name), strategy, durable_writes=durable_writes
    )
    return _plan(operation, get_connection(connection))


def drop_keyspace_plan(name: str, *, connection: str | None = None) -> SchemaPlan:
    """Drop a keyspace (and everything in it) if it exists.

    Example: ``drop_keyspace("scratch")``.
    """
    operation = ops.drop_keyspace_operation(_check_keyspace_name(name))
    return _plan(operation, get_connection(connection))
