"""Pure builders of DDL nodes from schemas (no I/O).

    >>> from coodie.compiler import compile
    >>> print(compile(create_keyspace("shop", simple_strategy(3))).cql)
    CREATE KEYSPACE IF NOT EXISTS shop WITH replication = {'class': 'SimpleStrategy', ...}

With a model::

    compile(create_table(Product.__schema__)).cql
    [compile(s).cql for s in create_indexes(Product.__schema__)]
    compile(create_view(ProductByBrand.__view_schema__)).cql

``keyspace`` overrides the schema's keyspace everywhere (a model without one
uses its connection's keyspace).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from coodie.ast.ddl import (
    AlterKeyspace,
    AlterTableAdd,
    AlterTableDrop,
    AlterTableWith,
    AlterTypeAdd,
    ColumnDef,
    CreateIndex,
    CreateKeyspace,
    CreateMaterializedView,
    CreateTable,
    CreateType,
    DropIndex,
    DropKeyspace,
    DropMaterializedView,
    DropTable,
    DropType,
    NetworkTopologyStrategy,
    Options,
    OptionValue,
    Replication,
    SimpleStrategy,
    Truncate,
)
from coodie.ast.predicates import IsNotNull
from coodie.ast.terms import Column
from coodie.exceptions import QueryError
from coodie.model.schema import ColumnKind, ColumnSchema, TableSchema, TypeSchema, ViewSchema

__all__ = [
    "alter_keyspace",
    "alter_table_add",
    "alter_table_drop",
    "alter_table_with",
    "alter_type_add",
    "create_indexes",
    "create_keyspace",
    "create_table",
    "create_type",
    "create_view",
    "drop_index",
    "drop_keyspace",
    "drop_table",
    "drop_type",
    "drop_view",
    "network_topology",
    "option_value",
    "simple_strategy",
    "table_options",
    "truncate",
]


def simple_strategy(replication_factor: int = 1) -> SimpleStrategy:
    """``SimpleStrategy`` replication (development and single-datacenter clusters)."""
    return SimpleStrategy(replication_factor)


def network_topology(**datacenters: int) -> NetworkTopologyStrategy:
    """``NetworkTopologyStrategy`` replication: ``network_topology(dc1=3, dc2=2)``."""
    return NetworkTopologyStrategy(tuple(datacenters.items()))


def create_keyspace(
    name: str,
    replication: Replication | None = None,
    *,
    durable_writes: bool | None = None,
    if_not_exists: bool = True,
) -> CreateKeyspace:
    """``CREATE KEYSPACE`` (default replication: ``SimpleStrategy`` with factor 1)."""
    strategy = SimpleStrategy(1) if replication is None else replication
    return CreateKeyspace(name, strategy, durable_writes, if_not_exists)


def alter_keyspace(
    name: str, replication: Replication | None = None, *, durable_writes: bool | None = None
) -> AlterKeyspace:
    """``ALTER KEYSPACE ... WITH replication / durable_writes``."""
    return AlterKeyspace(name, replication, durable_writes)


def drop_keyspace(name: str, *, if_exists: bool = True) -> DropKeyspace:
    """``DROP KEYSPACE [IF EXISTS]``."""
    return DropKeyspace(name, if_exists)


def option_value(value: Any) -> OptionValue:
    """A table option value as a DDL literal value (mappings become key/value pairs).

    >>> option_value({"class": "LeveledCompactionStrategy"})
    (('class', 'LeveledCompactionStrategy'),)
    """
    if isinstance(value, Mapping):
        mapping: Mapping[Any, Any] = value  # pyright: ignore[reportUnknownVariableType]
        return tuple((str(k), option_value(v)) for k, v in mapping.items())
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, tuple):
        pairs: tuple[Any, ...] = value  # pyright: ignore[reportUnknownVariableType]
        if all(_is_pair(p) for p in pairs):
            return tuple((str(k), option_value(v)) for k, v in pairs)
    raise QueryError(f"table option value {value!r} is not a str, number, bool or map")


def _is_pair(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2  # pyright: ignore[reportUnknownArgumentType]


def table_options(schema: TableSchema) -> Options:
    """The options a schema declares, ``default_time_to_live`` included."""
    options = {name: option_value(v) for name, v in schema.options}
    if schema.default_ttl is not None:
        options["default_time_to_live"] = schema.default_ttl
    return tuple(options.items())


def _column_def(column: ColumnSchema) -> ColumnDef:
    return ColumnDef(column.name, column.cql_type, static=column.kind is ColumnKind.STATIC)


def _clustering(schema: TableSchema) -> tuple[tuple[str, Any], ...]:
    return tuple((n, schema.columns[n].order) for n in schema.clustering_key)


def _ks(schema: TableSchema | TypeSchema, keyspace: str | None) -> str | None:
    return keyspace or schema.keyspace


def create_table(
    schema: TableSchema, keyspace: str | None = None, *, if_not_exists: bool = True
) -> CreateTable:
    """``CREATE TABLE`` with keys, clustering order, static columns and options."""
    return CreateTable(
        _ks(schema, keyspace),
        schema.name,
        tuple(_column_def(c) for c in schema.columns.values()),
        schema.partition_key,
        _clustering(schema),
        table_options(schema),
        if_not_exists,
    )


def create_indexes(
    schema: TableSchema, keyspace: str | None = None, *, if_not_exists: bool = True
) -> tuple[CreateIndex, ...]:
    """One ``CREATE INDEX`` per index of the schema (custom and SAI included)."""
    return tuple(
        CreateIndex(
            _ks(schema, keyspace),
            schema.name,
            index.name,
            index.column,
            index.kind,
            index.custom_class,
            index.options,
            if_not_exists,
        )
        for index in schema.indexes
    )


def create_type(
    schema: TypeSchema, keyspace: str | None = None, *, if_not_exists: bool = True
) -> CreateType:
    """``CREATE TYPE`` for a user-defined type."""
    return CreateType(_ks(schema, keyspace), schema.name, schema.fields, if_not_exists)


def create_view(
    view: ViewSchema, keyspace: str | None = None, *, if_not_exists: bool = True
) -> CreateMaterializedView:
    """``CREATE MATERIALIZED VIEW ... WHERE pk IS NOT NULL ... PRIMARY KEY (...)``."""
    table = view.table
    ks = _ks(table, keyspace)
    not_null = view.where_not_null or table.primary_key
    return CreateMaterializedView(
        ks,
        table.name,
        view.base_keyspace or ks,
        view.base_table,
        tuple(table.columns),
        tuple(IsNotNull(Column(n)) for n in not_null),
        table.partition_key,
        _clustering(table),
        table_options(table),
        if_not_exists,
    )


def alter_table_add(
    schema: TableSchema, columns: Iterable[str], keyspace: str | None = None
) -> AlterTableAdd:
    """``ALTER TABLE ... ADD`` the named columns of the schema."""
    defs: list[ColumnDef] = []
    for name in columns:
        column = schema.columns.get(name)
        if column is None:
            raise QueryError(f"{schema.name} has no column {name!r}", model=schema.model_name)
        if column.is_primary_key:
            raise QueryError("a primary key column cannot be added", model=schema.model_name)
        defs.append(_column_def(column))
    return AlterTableAdd(_ks(schema, keyspace), schema.name, tuple(defs))


def alter_table_drop(
    schema: TableSchema, columns: Iterable[str], keyspace: str | None = None
) -> AlterTableDrop:
    """``ALTER TABLE ... DROP`` columns (by name; they need not be in the model any more)."""
    names = tuple(columns)
    for name in names:
        if name in schema.primary_key:
            raise QueryError("a primary key column cannot be dropped", model=schema.model_name)
    return AlterTableDrop(_ks(schema, keyspace), schema.name, names)


def alter_table_with(
    schema: TableSchema, options: Mapping[str, Any] | None = None, keyspace: str | None = None
) -> AlterTableWith:
    """``ALTER TABLE ... WITH`` the given options (default: the schema's own)."""
    pairs = (
        table_options(schema)
        if options is None
        else tuple((k, option_value(v)) for k, v in options.items())
    )
    return AlterTableWith(_ks(schema, keyspace), schema.name, pairs)


def alter_type_add(schema: TypeSchema, field: str, keyspace: str | None = None) -> AlterTypeAdd:
    """``ALTER TYPE ... ADD`` one field of the type schema."""
    types = dict(schema.fields)
    if field not in types:
        raise QueryError(f"type {schema.name} has no field {field!r}", model=schema.model_name)
    return AlterTypeAdd(_ks(schema, keyspace), schema.name, field, types[field])


def drop_index(name: str, keyspace: str | None = None, *, if_exists: bool = True) -> DropIndex:
    """``DROP INDEX [IF EXISTS] ks.name``."""
    return DropIndex(keyspace, name, if_exists)


def drop_table(
    schema: TableSchema, keyspace: str | None = None, *, if_exists: bool = True
) -> DropTable:
    """``DROP TABLE [IF EXISTS]``."""
    return DropTable(_ks(schema, keyspace), schema.name, if_exists)


def drop_type(
    schema: TypeSchema, keyspace: str | None = None, *, if_exists: bool = True
) -> DropType:
    """``DROP TYPE [IF EXISTS]``."""
    return DropType(_ks(schema, keyspace), schema.name, if_exists)


def drop_view(
    view: ViewSchema, keyspace: str | None = None, *, if_exists: bool = True
) -> DropMaterializedView:
    """``DROP MATERIALIZED VIEW [IF EXISTS]``."""
    return DropMaterializedView(_ks(view.table, keyspace), view.table.name, if_exists)


def truncate(schema: TableSchema, keyspace: str | None = None) -> Truncate:
    """``TRUNCATE TABLE``."""
    return Truncate(_ks(schema, keyspace), schema.name)
